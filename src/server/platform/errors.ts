/** Why a server-side operation was refused; callers branch on `code`, people read `message`. */
export type ServerErrorCode =
  | 'invalid_config'
  | 'invalid_input'
  | 'unknown_campus'
  | 'duplicate_username'
  | 'database_too_new'
  | 'migration_failed'
  | 'widget_unavailable'
  /** A FAQ source sent less than its whole list (a page repeated, fewer than it said it holds). */
  | 'incomplete_source'
  /** An import would delete every FAQ of a campus, or most of a long list: refused unless asked for. */
  | 'too_many_deletions'
  /** The right password, but the account is disabled (told only to someone who knows the password). */
  | 'account_disabled'
  /** The right password, but it was temporary: sign in again with a new one (`newPassword`). */
  | 'password_change_required';

export class DeskbellServerError extends Error {
  readonly code: ServerErrorCode;

  constructor(code: ServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeskbellServerError';
    this.code = code;
  }
}

export const isServerError = (error: unknown, code?: ServerErrorCode): error is DeskbellServerError =>
  error instanceof DeskbellServerError && (code === undefined || error.code === code);
