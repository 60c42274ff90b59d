// ctk watch and ctk schedule: being warned, in the foreground or from the platform's scheduler.
import type { Command } from 'commander';
import { lazy } from './lazy.js';
import { clockTime, duration, hours } from './options.js';
import { wrapped } from './help.js';

const WATCH_HELP = `
Alerts go out once per change into expiring, expired, revoked, missing or invalid (and for every
automatic refresh), through desktop notifications (setting notify.desktop) and the webhook in
notify.webhookUrl (format notify.webhookFormat: json, slack or ntfy). What was alerted is kept in
ctk's state folder, so a restarted watcher does not repeat itself; a webhook that fails is retried
at the next checks, 3 tries at most. Ctrl-C (or SIGTERM, SIGHUP) stops after the current check; a
refresh in flight is finished and saved first.
Exit code: 0; 128+n when stopped by a signal (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP); 75 when --once
could not check because another ctk watch held the state for too long (use ctk status for
monitoring exit codes).

Examples:
  ctk watch                          check every 30 minutes until stopped
  ctk watch --interval 5m --auto-refresh
  ctk config set notify.webhookUrl https://ntfy.sh/my-topic && ctk config set notify.webhookFormat ntfy
  ctk schedule install               run ctk watch --once in the background instead`;

const INSTALL_HELP = `
Linux uses a systemd user timer (cron when systemd is absent), macOS a launchd agent, Windows a
Task Scheduler task that runs as you (not SYSTEM). The job runs node and ctk by absolute path
and keeps CTK_CONFIG_DIR when it is set. What was installed is recorded, so ctk schedule remove
undoes exactly that.

Examples:
  ctk schedule install --dry-run     see every file and command first
  ctk schedule install --interval 15m --evening 21:30 --auto-refresh`;

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description('check every account each interval and alert once per problem (desktop, webhook)')
    .option('-i, --interval <duration>', 'time between checks, e.g. 45s, 15m, 1h (default: setting watch.interval, 30m)', duration('--interval'))
    .option('-w, --warning-hours <h>', 'hours before expiry that count as expiring (default: setting warningHours, 2)', hours('--warning-hours'))
    .option('--auto-refresh', 'renew tokens inside the window with their refresh token; alert only when that fails')
    .option('--once', 'check once and exit (what `ctk schedule` runs)')
    .option('--json', 'print one JSON line per check instead of text')
    .option('--textfile <dir>', 'after each check, write the Prometheus metrics to <dir>/ctk.prom (see ctk export textfile)')
    .addHelpText('after', wrapped(WATCH_HELP))
    .action(lazy(() => import('../commands/watch/watch.js'), 'run'));

  const group = program.command('schedule').description('run ctk watch in the background: systemd timer, cron, launchd agent or Task Scheduler');
  const backendOptions = (cmd: Command) =>
    cmd
      .option('--backend <name>', 'auto, systemd, cron, launchd or schtasks (default: auto, by platform)')
      .option('--dry-run', 'print every file and command instead of writing or running them');
  backendOptions(
    group
      .command('install')
      .description('install (or replace) the background job that runs ctk watch --once')
      .option('-i, --interval <duration>', 'how often to check, e.g. 15m, 30m, 1h (default: setting watch.interval, 30m)', duration('--interval'))
      .option('--evening <HH:MM>', 'also run ctk evening --method oauth --yes every day at this local time', clockTime('--evening'))
      .option('--auto-refresh', 'the job renews tokens inside the window (ctk watch --once --auto-refresh)')
      .option('--textfile <dir>', 'the job also writes <dir>/ctk.prom for node_exporter’s textfile collector')
      .addHelpText('after', wrapped(INSTALL_HELP)),
  ).action(lazy(() => import('../commands/watch/schedule-install.js'), 'install'));
  group
    .command('status')
    .description('say whether the job is installed and when it last ran')
    .option('--json', 'print JSON')
    .addHelpText('after', wrapped('\nExit code: 0 installed and intact, 1 not installed, 2 installed but damaged or not running.'))
    .action(lazy(() => import('../commands/watch/schedule-status.js'), 'status'));
  backendOptions(
    group.command('remove').description('remove exactly what ctk schedule install installed (--backend: clean up ctk jobs there without a record)'),
  ).action(lazy(() => import('../commands/watch/schedule-remove.js'), 'remove'));
}
