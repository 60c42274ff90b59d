// The full command line: commander parses, runs the command, maps errors to exit codes.
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { EXIT } from './util/errors.js';
import { reportError } from './util/report-error.js';

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version "errors" are successes; everything else is a usage error.
      process.exitCode = err.exitCode === 0 ? 0 : EXIT.usage;
      return;
    }
    process.exitCode = reportError(err);
  }
}
