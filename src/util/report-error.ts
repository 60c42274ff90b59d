// Turning an error into one line on stderr and an exit code (no stack traces for user mistakes).
import { UserError, errorText } from './errors.js';
import { redact } from '../domain/redact.js';
import { printable } from '../domain/text.js';

export function reportError(err: unknown): number {
  if (err instanceof UserError) {
    process.stderr.write(`ctk: ${printable(redact(err.message))}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  process.stderr.write(`ctk: unexpected error: ${printable(redact(errorText(err)))}\n`);
  if (process.env.CTK_DEBUG) process.stderr.write(redact(String(e?.stack ?? '')) + '\n');
  process.stderr.write('ctk: this is a bug; please report it with the command you ran (CTK_DEBUG=1 shows details)\n');
  return 70;
}
