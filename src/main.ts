// The full command line: commander parses, runs the command, maps errors to exit codes.
import { isatty } from 'node:tty';
import { CommanderError } from 'commander';
import { buildProgram } from './program/index.js';
import { EXIT } from './util/errors.js';
import { reportError } from './util/report-error.js';

/** Bare `ctk` (perhaps with global options such as --demo) is the assistant on a terminal, else the status. */
export function withDefaultCommand(argv: string[], onTerminal = false): string[] {
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--demo' || a === '--no-color' || a.startsWith('--demo-dir=')) continue;
    if (a === '--demo-dir') {
      i++;
      continue;
    }
    return argv;
  }
  return [...argv, onTerminal ? 'shell' : 'status'];
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  argv = withDefaultCommand(argv, isatty(0) && isatty(1));
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
