// ctk export textfile and ctk dashboard: the metrics for Prometheus, and a page on this machine.
import type { Command } from 'commander';
import { lazy } from './lazy.js';
import { days, hours, port } from './options.js';
import { wrapped } from './help.js';

const TEXTFILE_HELP = `
Writes <dir>/ctk.prom (temp file + rename, mode 0644) with the metrics of
ctk status --format prometheus, for node_exporter's textfile collector
(--collector.textfile.directory <dir>). Labels: account and label (email only
with --with-emails). Keep it fresh with: ctk schedule install --textfile <dir>
Rules for Alertmanager and a guide: docs/prometheus/ in ctk's source.

Example:
  ctk export textfile /var/lib/prometheus/node-exporter`;

export function registerExport(program: Command): void {
  const group = program.command('export').description('write ctk’s metrics for other tools (Prometheus)');
  group
    .command('textfile')
    .description('write <dir>/ctk.prom atomically for node_exporter’s textfile collector')
    .argument('<dir>', 'the folder node_exporter reads (--collector.textfile.directory)')
    .option('--with-emails', 'add an email label to every series')
    .option('-w, --warning-hours <h>', 'hours before expiry that count as expiring (default: setting warningHours, 2)', hours('--warning-hours'))
    .option('--login-warning-days <d>', 'days before the login deadline that count as ending (default: setting loginWarningDays, 5)', days('--login-warning-days'))
    .option('-q, --quiet', 'print nothing when it worked')
    .addHelpText('after', wrapped(TEXTFILE_HELP))
    .action(lazy(() => import('../commands/export/textfile.js'), 'run'));
}

const DASHBOARD_HELP = `
Serves a live page on 127.0.0.1 only, at a URL with a secret that changes every
run; requests without it, or from another Host or Origin, are refused. It shows
each account's state and time left, the login calendar, usage bars (from the
cache of ctk usage) and the lifespans the server granted (ctk history), and has
a "refresh now" button per account (the browserless refresh of
ctk refresh --method oauth). No page or answer ever contains a token.
Exit code: 130 after Ctrl-C (143 SIGTERM), 1 when it cannot listen.

Examples:
  ctk dashboard --open          open it in $BROWSER, else the system's browser
  ctk dashboard --port 8377     a fixed port (default: a free one)`;

export function registerDashboard(program: Command): void {
  program
    .command('dashboard')
    .description('serve a live page of every account on 127.0.0.1, with a refresh button per account')
    .option('-p, --port <n>', 'the port on 127.0.0.1 (default: a free one)', port)
    .option('--open', 'open the page in a browser')
    .addHelpText('after', wrapped(DASHBOARD_HELP))
    .action(lazy(() => import('../commands/dashboard/dashboard.js'), 'run'));
}
