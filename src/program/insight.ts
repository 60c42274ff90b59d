// ctk status, usage, report and doctor: seeing the accounts and the set-up.
import type { Command } from 'commander';
import { lazy } from './lazy.js';
import { count, days, duration, hours } from './options.js';
import { wrapped } from './help.js';

const USAGE_HELP = `
Asks GET /api/oauth/usage (CTK_API_BASE_URL overrides the host) for each account, at most 4 at a time.
An expired token is refreshed first without a browser; revoked, missing and unreadable accounts are
skipped with their state. Answers are cached for 5 minutes in ctk's state folder, and a 429 is
honoured: the account is left alone until its Retry-After has passed.
Exit code: 0 when every account has figures, 1 when some could not be measured.`;

const REPORT_HELP = `
Contents: Claude Code version, OS, number of accounts, and from ctk's history every login and
refresh with its time, the expiresAt granted, the observed lifespan and the median lifespan.
By default accounts are lettered A, B, … and emails, paths, the home folder and the user name
are replaced. Example:  ctk report > token-report.md`;

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show every account’s token state, time left and expiry')
    .argument('[ids...]', 'only these accounts')
    .option('-w, --warning-hours <h>', 'hours before expiry that count as expiring (default: setting warningHours, 2)', hours('--warning-hours'))
    .option('--login-warning-days <d>', 'days before the login deadline that count as ending (default: setting loginWarningDays, 5)', days('--login-warning-days'))
    .option('--json', 'print JSON (schemaVersion 1) instead of a table')
    .addOption(program.createOption('--format <format>', 'table, json, or prometheus (the text format for node_exporter; see ctk export textfile)').choices(['table', 'json', 'prometheus']))
    .option('--with-emails', 'with --format prometheus: add an email label to every series')
    .addHelpText('after', wrapped('\nExit code: 0 all healthy, 1 something expiring or a login ending, 2 expired/revoked/missing/wrong-account, 3 invalid.'))
    .action(lazy(() => import('../commands/status.js'), 'run'));
}

export function registerLogins(program: Command): void {
  program
    .command('logins')
    .description('the renewal calendar: every account by login deadline, with the day to sign in again')
    .argument('[ids...]', 'only these accounts')
    .option('--per-day <n>', 'at most this many renewals a day (default 3)', count('--per-day', 'renewals'))
    .option('--json', 'print JSON (schemaVersion 1)')
    .addHelpText(
      'after',
      wrapped(`
Claude Code ends a login about 30 days after its browser sign-in (claudeAiOauth.refreshTokenExpiresAt);
a refresh never moves that deadline. This lists every account soonest first and gives each a day to
sign in again, at least 2 days early and never more than a few on one day, so 32 renewals do not all
fall on the same morning. Accounts whose deadline is not stored yet come last.
Example:  ctk logins   then, on the day:  ctk refresh 4 9 --method login`)
    )
    .action(lazy(() => import('../commands/insight/logins.js'), 'run'));
}

export function registerInsight(program: Command): void {
  program
    .command('usage')
    .description('show each account’s five-hour and seven-day quota use, most headroom first')
    .argument('[ids...]', 'only these accounts')
    .option('--json', 'print JSON (schemaVersion 1) instead of a table')
    .option('--no-cache', 'ask the server even when figures less than 5 minutes old are cached')
    .option('--timeout <duration>', 'how long to wait for each answer (default 10s)', duration('--timeout', { minMs: 100, maxMs: 120_000, hint: '--timeout takes between 100ms and 2m (e.g. 10s)' }))
    .addHelpText('after', wrapped(USAGE_HELP))
    .action(lazy(() => import('../commands/insight/usage.js'), 'run'));
  program
    .command('report')
    .description('print a ready-to-paste Markdown bug report about token lifetimes, identifiers redacted')
    .argument('[id]', 'only this account’s events')
    .option('--json', 'print the report’s data (and its Markdown) as JSON')
    .option('--include-emails', 'show real account ids and their emails (paths, user name and tokens stay redacted)')
    .addHelpText('after', wrapped(REPORT_HELP))
    .action(lazy(() => import('../commands/insight/report.js'), 'run'));
  program
    .command('doctor')
    .description('check the set-up: Node, claude, config, account folders, file modes, locks, alerts, schedule')
    .option('--json', 'print the checks as JSON')
    .addHelpText('after', wrapped('\nEach line says ✓, ✗ with the fix, or i for an optional feature not set up (a note). Read-only: it changes nothing.\nExit code: 0 when nothing needs action, 1 otherwise.'))
    .action(lazy(() => import('../commands/insight/doctor.js'), 'run'));
}
