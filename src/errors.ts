/**
 * The one error type of credkit. Every failure a user can see carries a stable `code`
 * (documented in the README) and the process exit code it maps to.
 */

/** Exit codes, the contract with cron jobs and other tools (see README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  incomplete: 3,
  locked: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Where in an input file a problem sits. `record` counts data records, `line` physical lines. */
export interface Location {
  file?: string;
  record?: number;
  line?: number;
  column?: number;
  field?: string;
}

export interface CredkitErrorOptions extends Location {
  exit?: ExitCode;
  cause?: unknown;
  suggestion?: string;
}

export class CredkitError extends Error {
  readonly code: string;
  readonly exit: ExitCode;
  readonly location: Location;
  readonly suggestion?: string;

  constructor(code: string, message: string, options: CredkitErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'CredkitError';
    this.code = code;
    this.exit = options.exit ?? ExitCode.failure;
    this.suggestion = options.suggestion;
    const { file, record, line, column, field } = options;
    this.location = { file, record, line, column, field };
  }

  /** One line: `E_CODE file:record N (line L, col C): message`. */
  toLine(): string {
    return `${this.code} ${formatLocation(this.location)}${this.message}`;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, exit: this.exit, ...this.location };
  }
}

export function formatLocation(loc: Location): string {
  if (!loc.file) return '';
  const parts: string[] = [];
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.column !== undefined) parts.push(`col ${loc.column}`);
  const record = loc.record !== undefined ? `:record ${loc.record}` : '';
  const where = parts.length ? ` (${parts.join(', ')})` : '';
  return `${loc.file}${record}${where}: `;
}

export function usageError(code: string, message: string, loc: Location = {}): CredkitError {
  return new CredkitError(code, message, { ...loc, exit: ExitCode.usage });
}

export function isCredkitError(err: unknown): err is CredkitError {
  return err instanceof CredkitError;
}
