// ctk refresh, morning, evening and history: the guided routines and their record.
import type { Command } from 'commander';
import { lazy } from './lazy.js';
import { concurrency, count, hours, loginMinutes } from './options.js';
import { wrapped } from './help.js';

const ROUTINE_HELP = `
Each queued account: Switch (CLAUDE_CONFIG_DIR for claude only) → Log in (claude auth login --email <known email>,
with the terminal handed over) or refresh with the stored refresh token → Verify (new expiry later than before and
in the future, and the expected email) → Report. Ctrl-C during a login asks whether to skip it or stop.
Every attempt is recorded: ctk history.
Exit code: 0 when every queued account is refreshed and verified, 2 otherwise, 64 for a usage error.`;

/** The options refresh, morning and evening share. */
function routineOptions(cmd: Command, defaultWindow: string): Command {
  return cmd
    .option('--hours <h>', `refresh what expires within this many hours (default: ${defaultWindow})`, hours('--hours'))
    .addOption(
      cmd
        .createOption('-m, --method <method>', 'auto (refresh token, else guided login), oauth (no browser) or login')
        .choices(['auto', 'oauth', 'login'])
        .default('auto'),
    )
    .option('-y, --yes', 'take every candidate without asking (needed without a terminal)')
    .option('-n, --dry-run', 'check and queue, print the commands it would run, change nothing')
    .option('--json', 'print the summary as JSON (schemaVersion 1); progress goes to stderr')
    .option('--timeout <minutes>', 'minutes one guided login may take (default: setting loginTimeoutMinutes, 10)', loginMinutes)
    .option('--concurrency <n>', 'browserless refreshes at once (default: setting refreshConcurrency, 4; at most 16)', concurrency)
    .option('--no-logins', 'leave out the accounts whose ~30-day login ends soon (queued for a guided login otherwise)')
    .addHelpText('after', wrapped(ROUTINE_HELP));
}

export function registerRoutines(program: Command): void {
  routineOptions(
    program
      .command('refresh')
      .description('refresh or log in exactly these accounts (or --all: whatever expires soon)')
      .argument('[ids...]', 'accounts to refresh, even healthy ones')
      .option('-a, --all', 'queue every account that expires within --hours, plus expired, revoked and missing ones'),
    'setting warningHours, 2; only with --all',
  )
    .addHelpText(
      'after',
      wrapped('\nExamples:\n  ctk refresh 4 9                 refresh 4 and 9 now (refresh token, else a guided login)\n  ctk refresh 4 --method login    sign account 4 in again in the browser\n  ctk refresh --all --dry-run     show what would run, change nothing\n')
    )
    .action(lazy(() => import('../commands/routines/refresh.js'), 'run'));
  routineOptions(
    program
      .command('morning')
      .description('start-of-day routine: check everything, pick what expires soon, refresh it one by one')
      .argument('[ids...]', 'only consider these accounts'),
    'setting warningHours, 2',
  )
    .addHelpText('after', wrapped('\nExamples:\n  ctk morning\n  ctk morning --hours 4 --method login\n'))
    .action(lazy(() => import('../commands/routines/morning.js'), 'run'));
  routineOptions(
    program
      .command('evening')
      .description('end-of-day routine: refresh everything that would expire overnight')
      .argument('[ids...]', 'only consider these accounts'),
    '8',
  )
    .addHelpText('after', wrapped('\nExamples:\n  ctk evening\n  ctk evening --hours 8 --yes    (unattended, e.g. from a scheduler)\n'))
    .action(lazy(() => import('../commands/routines/evening.js'), 'run'));
  program
    .command('history')
    .description('show every refresh and login attempt ctk made (history.jsonl)')
    .argument('[id]', 'only this account')
    .option('--json', 'print JSON (schemaVersion 1)')
    .option('--limit <n>', 'how many of the latest entries to show', count('--limit', 'entries'), 50)
    .action(lazy(() => import('../commands/routines/history.js'), 'run'));
}
