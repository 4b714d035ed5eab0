export type PlanInputErrorCode =
  | 'empty'
  | 'binary'
  | 'encoding'
  | 'too_large'
  | 'no_measures'
  | 'bad_docx'
  | 'bad_pdf'
  /** Password-protected: a PDF with a user password, or a .docx saved with one (an OLE container). */
  | 'encrypted'
  /** A PDF of page images: nothing to read without OCR. */
  | 'scanned'
  /** An archive that expands far past what a document can be. */
  | 'zip_bomb'
  /** A Word 97–2003 .doc or WPS .wps file (an OLE container). */
  | 'legacy_format'
  /** An image, an RTF file, a spreadsheet or another kind of file that is not a plan document. */
  | 'unsupported';

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
