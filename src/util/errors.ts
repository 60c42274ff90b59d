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
