// ctk demo reset | env: the sandbox behind --demo.
import type { Command } from 'commander';
import { SHELLS } from '../domain/shells.js';
import { lazy } from './lazy.js';
import { wrapped } from './help.js';

export function registerDemo(program: Command): void {
  const demo = program.command('demo').description('the demo sandbox: 32 generated accounts and a simulated claude (see --demo)');
  demo
    .command('reset')
    .description('build the sandbox afresh: every token, login and one-time failure back as it was')
    .action(lazy(() => import('../commands/demo/demo.js'), 'reset'));
  demo
    .command('env')
    .description('print the shell statements that put this shell into the sandbox (c, ct, ct-all, ct-refresh, ctk run)')
    .addOption(program.createOption('-s, --shell <name>', 'quote for this shell (default: $SHELL; pwsh on Windows)').choices([...SHELLS]))
    .option('--off', 'print the statements that leave the sandbox again')
    .addHelpText(
      'after',
      wrapped(`
Try the shell functions on the sandbox (after eval "$(ctk init bash)" or your shell's line):
  eval "$(ctk demo env)"          bash, zsh      (fish: ctk demo env --shell fish | source)
  c 12; ct; ct-all; ct-refresh    switch, look, refresh: all on the sandbox
  ctk run 12                      the simulated claude starts "as" account 12
  eval "$(ctk demo env --off)"    back to your real accounts
Every ctk command in that shell works on the sandbox, as with --demo; nothing real is touched.`)
    )
    .action(lazy(() => import('../commands/demo/demo.js'), 'env'));
}
