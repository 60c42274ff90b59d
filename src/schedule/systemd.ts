// Linux: a systemd user service + timer per job, enabled with `systemctl --user`.
import path from 'node:path';
import { describeInterval, eveningArgv, hhmm, watchArgv, type ScheduleBackend, type ScheduleSpec, type Step } from './types.js';

export const WATCH_UNIT = 'ctk-watch';
export const EVENING_UNIT = 'ctk-evening';

export function systemdUserDir(env: NodeJS.ProcessEnv, home: string): string {
  if (env.CTK_SYSTEMD_USER_DIR) return env.CTK_SYSTEMD_USER_DIR;
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), 'systemd', 'user');
}

/** systemd's own quoting: double quotes with C escapes, and % / $ doubled so no specifier expands. */
export function systemdQuote(arg: string): string {
  const esc = arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return `"${esc}"`;
}

export function systemdService(description: string, argv: string[], env: Record<string, string>): string {
  const lines = [
    '# Written by ctk schedule install; removed by ctk schedule remove.',
    '[Unit]',
    `Description=${description}`,
    'Documentation=https://www.npmjs.com/package/claude-token-kit',
    '',
    '[Service]',
    'Type=oneshot',
    `ExecStart=${argv.map(systemdQuote).join(' ')}`,
  ];
  for (const [k, v] of Object.entries(env)) lines.push(`Environment=${systemdQuote(`${k}=${v}`)}`);
  lines.push('');
  return lines.join('\n');
}

export function systemdIntervalTimer(description: string, unit: string, minutes: number): string {
  return [
    '# Written by ctk schedule install; removed by ctk schedule remove.',
    '[Unit]',
    `Description=${description}`,
    '',
    '[Timer]',
    // Already past at install, so the first check runs right away; then every interval after the last run.
    'OnBootSec=2min',
    `OnUnitActiveSec=${minutes * 60}s`,
    'AccuracySec=30s',
    `Unit=${unit}.service`,
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
}

export function systemdDailyTimer(description: string, unit: string, at: { hour: number; minute: number }): string {
  return [
    '# Written by ctk schedule install; removed by ctk schedule remove.',
    '[Unit]',
    `Description=${description}`,
    '',
    '[Timer]',
    `OnCalendar=*-*-* ${hhmm(at)}:00`,
    // A laptop that was asleep at that time runs it when it wakes.
    'Persistent=true',
    `Unit=${unit}.service`,
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
}

function jobEnv(spec: ScheduleSpec): Record<string, string> {
  return spec.configDir ? { CTK_CONFIG_DIR: spec.configDir } : {};
}

/** The unit files of an install: name → content. */
export function systemdUnits(spec: ScheduleSpec): Record<string, string> {
  const units: Record<string, string> = {
    [`${WATCH_UNIT}.service`]: systemdService(
      `ctk: check Claude Code tokens and alert (watch --once${spec.autoRefresh ? ' --auto-refresh' : ''})`,
      watchArgv(spec),
      jobEnv(spec),
    ),
    [`${WATCH_UNIT}.timer`]: systemdIntervalTimer(`ctk: check Claude Code tokens every ${describeInterval(spec.intervalMinutes)}`, WATCH_UNIT, spec.intervalMinutes),
  };
  if (spec.evening) {
    units[`${EVENING_UNIT}.service`] = systemdService('ctk: evening refresh of Claude Code tokens (evening --method oauth)', eveningArgv(spec), jobEnv(spec));
    units[`${EVENING_UNIT}.timer`] = systemdDailyTimer(`ctk: evening refresh at ${hhmm(spec.evening)}`, EVENING_UNIT, spec.evening);
  }
  return units;
}

export const systemdBackend: ScheduleBackend = {
  name: 'systemd',
  title: 'systemd user timer',
  jobs: (spec) => (spec.evening ? [`${WATCH_UNIT}.timer`, `${EVENING_UNIT}.timer`] : [`${WATCH_UNIT}.timer`]),
  installPlan(spec, be) {
    const dir = systemdUserDir(be.env, spec.home);
    const systemctl = be.env.CTK_SYSTEMCTL || 'systemctl';
    const steps: Step[] = Object.entries(systemdUnits(spec)).map(([name, content]) => ({
      kind: 'write',
      path: path.posix.join(dir, name),
      content,
      mode: 0o644,
    }));
    steps.push({ kind: 'run', argv: [systemctl, '--user', 'daemon-reload'], why: 'let systemd read the new units' });
    steps.push({ kind: 'run', argv: [systemctl, '--user', 'enable', '--now', ...this.jobs(spec)], why: 'start the timers now and at every login' });
    return steps;
  },
  removePlan(record, be) {
    const systemctl = be.env.CTK_SYSTEMCTL || 'systemctl';
    const steps: Step[] = [];
    if (record.jobs.length) steps.push({ kind: 'run', argv: [systemctl, '--user', 'disable', '--now', ...record.jobs], allowFail: true, why: 'stop the timers' });
    for (const f of record.files) steps.push({ kind: 'delete', path: f });
    steps.push({ kind: 'run', argv: [systemctl, '--user', 'daemon-reload'], allowFail: true, why: 'let systemd forget the units' });
    return steps;
  },
  defaultRecord(spec, be) {
    const dir = systemdUserDir(be.env, spec.home);
    const names = [`${WATCH_UNIT}.service`, `${WATCH_UNIT}.timer`, `${EVENING_UNIT}.service`, `${EVENING_UNIT}.timer`];
    return { files: names.map((n) => path.posix.join(dir, n)), jobs: [`${WATCH_UNIT}.timer`, `${EVENING_UNIT}.timer`] };
  },
  inspect(record, be) {
    const systemctl = be.env.CTK_SYSTEMCTL || 'systemctl';
    const r = be.runner.run([systemctl, '--user', 'is-active', ...record.jobs]);
    if (r.error) return null;
    const states = r.stdout.trim().split(/\s+/).filter(Boolean);
    return record.jobs.map((j, i) => `${j} ${states[i] ?? 'unknown'}`).join(', ');
  },
};
