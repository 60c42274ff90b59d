// ctk export textfile and ctk dashboard: the metrics for Prometheus, and a page on this machine.
import type { Command } from 'commander';
import { lazy } from './lazy.js';
import { days, hours } from './options.js';
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
