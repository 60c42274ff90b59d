#!/usr/bin/env node
// Entry point: parse, run, and turn errors into one line and an exit code.
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { EXIT, UserError } from './util/errors.js';
import { redact } from './util/redact.js';

function isCommanderError(err: unknown): err is CommanderError {
  return err instanceof CommanderError;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (isCommanderError(err)) {
      // help and version "errors" are successes; everything else is a usage error.
      process.exitCode = err.exitCode === 0 ? 0 : EXIT.usage;
      return;
    }
    if (err instanceof UserError) {
      process.stderr.write(`ctk: ${redact(err.message)}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    const e = err as Error;
    process.stderr.write(`ctk: unexpected error: ${redact(e?.message ?? String(err))}\n`);
    if (process.env.CTK_DEBUG) process.stderr.write(redact(String(e?.stack ?? '')) + '\n');
    process.stderr.write('ctk: this is a bug; please report it with the command you ran (CTK_DEBUG=1 shows details)\n');
    process.exitCode = 70;
  }
}

// `ctk status | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

await main(process.argv);
