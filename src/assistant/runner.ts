// Runs one ctk command line for the assistant: the same built CLI (the same parser and code as
// `ctk …` in a shell), as a child with the terminal handed over. So a command's Ctrl-C handling,
// its exit code and its process.exit stay its own, and the prompt comes back whatever it does.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const CLI_PATH = fileURLToPath(new URL('../cli.js', import.meta.url));

export interface CommandResult {
  code: number;
  /** A SIGHUP or SIGTERM reached the assistant meanwhile: it should leave too. */
  leave: NodeJS.Signals | null;
}

export function runCtk(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CommandResult> {
  return new Promise((resolve) => {
    let leave: NodeJS.Signals | null = null;
    // Ctrl-C reaches the child from the terminal (one process group): it is the child's to handle.
    const ignore = () => {};
    const onStop = (sig: NodeJS.Signals) => {
      leave = sig;
      // A closed terminal hangs up the child itself (one process group); a SIGTERM is passed on.
      if (sig === 'SIGTERM') child.kill(sig);
    };
    const child = spawn(process.execPath, [CLI_PATH, ...args], { stdio: 'inherit', env });
    process.on('SIGINT', ignore);
    process.on('SIGTERM', onStop);
    process.on('SIGHUP', onStop);
    const done = (code: number) => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', onStop);
      process.off('SIGHUP', onStop);
      resolve({ code, leave });
    };
    child.on('error', () => done(70));
    child.on('exit', (code, signal) => {
      const signo = signal ? (os.constants.signals as Record<string, number>)[signal] : undefined;
      done(code ?? (signo ? 128 + signo : 1));
    });
  });
}
