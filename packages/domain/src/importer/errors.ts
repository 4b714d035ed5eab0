export type PlanInputErrorCode = 'empty' | 'binary' | 'encoding' | 'too_large' | 'no_measures' | 'bad_docx';

/** Input a person supplied cannot be read as a plan; `field` names what to fix, `reason` says why. */
export class PlanInputError extends Error {
  override readonly name = 'PlanInputError';

  constructor(
    readonly field: string,
    readonly code: PlanInputErrorCode,
    readonly reason: string,
  ) {
    super(reason);
  }
}
