// Errors that are the user's to fix: printed as one line, never as a stack trace.

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 64,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export const EXIT = {
  ok: 0,
  expiring: 1,
  failed: 2,
  invalid: 3,
  usage: 64,
  interrupted: 130,
} as const;

/** An error's message, for a line of text (whatever was thrown). */
export function errorText(err: unknown): string {
  return (err as { message?: string } | null)?.message ?? String(err);
}

/** An error's errno code (EACCES, ENOSPC…) when it has one, else its message. */
export function errorCode(err: unknown): string {
  return (err as { code?: string } | null)?.code ?? errorText(err);
}
