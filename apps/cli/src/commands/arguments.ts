import { parseArgs } from 'node:util';
import { AppError } from '@liandong/api';

/** Wrong arguments (or password): exit code 2, with the command's usage where it helps. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = true,
  ) {
    super(message);
  }
}

/** `--name value` options only; an unknown option or a stray positional is a UsageError. */
export function parseOptions(args: string[], options: Record<string, { type: 'string' }>): Record<string, string | undefined> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * A subcommand's failure as the shell sees it: usage errors exit 2 (with the usage when it helps), refusals the
 * services name (AppError, with the field) exit 1; anything else is a fault and is thrown on.
 */
export function exitCodeFor(error: unknown, usage: string, stderr: (text: string) => void): number {
  if (error instanceof UsageError) {
    stderr(error.showUsage ? `error: ${error.message}\n\n${usage}` : `error: ${error.message}`);
    return 2;
  }
  if (error instanceof AppError) {
    stderr(`error: ${error.field ? `${error.field}: ` : ''}${error.message}`);
    return 1;
  }
  throw error;
}
