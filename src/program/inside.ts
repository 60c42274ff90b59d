// Inside Claude Code: the status line, the SessionStart hook, installing both into each
// account's settings.json, and folders pinned to an account.
import type { Command } from 'commander';
import { lazy } from './lazy.js';
import { wrapped } from './help.js';

const HOOKS_HELP = `
Merges into <account folder>/settings.json, keeping every setting and hook:
  statusLine    {"type":"command","command":"ctk statusline"}
  SessionStart  a hook running "ctk hook session-start"
The write is atomic, after a backup into ctk's state folder. Installing twice
changes nothing; remove takes out exactly what ctk added; a settings.json that
is not valid JSON is left untouched (exit 3); a statusLine of your own is kept.
The commands run ctk from PATH, else by absolute path (hooks status says which).
Without --statusline or --session-start: both. Without ids: every account.
What Claude Code runs:
  ctk statusline          one line: account, token, login deadline, 5h/7d use
  ctk hook session-start  a warning at session start: token, login, sign-in, pin`;

const STATUSLINE_HELP = `
For Claude Code's statusLine setting (ctk hooks install writes it). Reads the
JSON Claude Code pipes on stdin, finds the account from CLAUDE_CONFIG_DIR, and
prints one line:
  ctk 12 work · 5h40m left · 5h 23% 7d 61%
Claude Code's rate_limits become the account's cached usage: ctk usage shows
them for 5 minutes without asking the server, c and ctk pick --best rank by
them for 6 hours. It never fails: bad input or an unknown account give a short
line and exit 0.`;

const PIN_HELP = `
Pins live in ctk's registry; nothing is written into the folder. The nearest
pinned ancestor of the working folder wins. Inside a pinned folder:
  ctk run               starts claude as the pinned account
  ctk current --pinned  prints it
  c                     switches the shell to it (c --pick: the picker)
Setting pin.guard (off|warn|strict, default warn): what ctk run <other id>
and the SessionStart hook do when the account is not the folder's pin;
strict makes ctk run refuse with exit 2 (--force overrides).
ctk init <shell> --auto switches the shell on entering a pinned folder, and
back on leaving it.`;

function registerHooks(program: Command): void {
  const hooks = program.command('hooks').description('install ctk’s status line and SessionStart hook into each account’s Claude Code settings');
  for (const [verb, what] of [
    ['install', 'add the status line and the SessionStart hook to settings.json'],
    ['remove', 'take out exactly what ctk hooks install added'],
  ] as const) {
    hooks
      .command(verb)
      .description(what)
      .argument('[ids...]', 'only these accounts (default: all)')
      .option('--statusline', 'only the status line')
      .option('--session-start', 'only the SessionStart hook')
      .option('--json', 'print JSON (schemaVersion 1)')
      .addHelpText('after', wrapped(HOOKS_HELP))
      .action(verb === 'install' ? lazy(() => import('../commands/inside/hooks-install.js'), 'install') : lazy(() => import('../commands/inside/hooks-remove.js'), 'remove'));
  }
  hooks
    .command('status')
    .description('which accounts have them, and how the commands start ctk')
    .argument('[ids...]', 'only these accounts (default: all)')
    .option('--json', 'print JSON (schemaVersion 1)')
    .action(lazy(() => import('../commands/inside/hooks-status.js'), 'status'));
  // Run by Claude Code, not typed: kept out of the command list and completion (ctk hooks --help names it).
  const hook = program.command('hook', { hidden: true }).description('the hooks Claude Code runs (installed by ctk hooks install)');
  hook
    .command('session-start')
    .description('SessionStart hook: warns about this account’s token, login, sign-in and folder pin')
    .action(lazy(() => import('../commands/inside/hook.js'), 'sessionStart'));
}

export function registerInside(program: Command): void {
  program
    .command('statusline', { hidden: true })
    .description('the status line for Claude Code: account, token time left, 5h/7d use (reads its JSON on stdin)')
    .addHelpText('after', wrapped(STATUSLINE_HELP))
    .action(lazy(() => import('../commands/inside/statusline.js'), 'run'));
  registerHooks(program);
  program
    .command('pin')
    .description('pin a folder (and everything under it) to an account; --list shows the pins')
    .argument('[id]', 'account id')
    .option('--dir <path>', 'the folder (default: the working folder)')
    .option('--list', 'list the pinned folders')
    .option('--json', 'print JSON (schemaVersion 1)')
    .addHelpText('after', wrapped(PIN_HELP))
    .action(lazy(() => import('../commands/inside/pin.js'), 'pin'));
  program
    .command('unpin')
    .description('forget a folder’s pin')
    .option('--dir <path>', 'the folder (default: the working folder)')
    .action(lazy(() => import('../commands/inside/unpin.js'), 'unpin'));
}
