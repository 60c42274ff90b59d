// macOS: a launchd agent per job in ~/Library/LaunchAgents, loaded into the user's GUI domain.
import path from 'node:path';
import { eveningArgv, watchArgv, type ScheduleBackend, type ScheduleSpec, type Step } from './types.js';

export const WATCH_LABEL = 'com.claude-token-kit.watch';
export const EVENING_LABEL = 'com.claude-token-kit.evening';

export function launchAgentsDir(env: NodeJS.ProcessEnv, home: string): string {
  return env.CTK_LAUNCHAGENTS_DIR || path.posix.join(home, 'Library', 'LaunchAgents');
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const str = (s: string) => `<string>${xmlEscape(s)}</string>`;

export interface PlistJob {
  label: string;
  argv: string[];
  env: Record<string, string>;
  /** Seconds between runs, or a daily time. */
  every?: number;
  daily?: { hour: number; minute: number };
  log: string;
}

export function launchdPlist(job: PlistJob): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<!-- Written by ctk schedule install; removed by ctk schedule remove. -->',
    '<plist version="1.0">',
    '<dict>',
    `  <key>Label</key>`,
    `  ${str(job.label)}`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...job.argv.map((a) => `    ${str(a)}`),
    '  </array>',
  ];
  const envKeys = Object.keys(job.env);
  if (envKeys.length) {
    lines.push('  <key>EnvironmentVariables</key>', '  <dict>');
    for (const k of envKeys) lines.push(`    <key>${xmlEscape(k)}</key>`, `    ${str(job.env[k])}`);
    lines.push('  </dict>');
  }
  if (job.every !== undefined) {
    lines.push('  <key>StartInterval</key>', `  <integer>${job.every}</integer>`, '  <key>RunAtLoad</key>', '  <true/>');
  }
  if (job.daily) {
    lines.push(
      '  <key>StartCalendarInterval</key>',
      '  <dict>',
      '    <key>Hour</key>',
      `    <integer>${job.daily.hour}</integer>`,
      '    <key>Minute</key>',
      `    <integer>${job.daily.minute}</integer>`,
      '  </dict>',
    );
  }
  lines.push(
    '  <key>ProcessType</key>',
    '  <string>Background</string>',
    '  <key>StandardOutPath</key>',
    `  ${str(job.log)}`,
    '  <key>StandardErrorPath</key>',
    `  ${str(job.log)}`,
    '</dict>',
    '</plist>',
    '',
  );
  return lines.join('\n');
}

export function launchdPlists(spec: ScheduleSpec, dir: string): Record<string, string> {
  const env: Record<string, string> = spec.configDir ? { CTK_CONFIG_DIR: spec.configDir } : {};
  const log = path.posix.join(spec.stateDir, 'schedule.log');
  const out: Record<string, string> = {
    [path.posix.join(dir, `${WATCH_LABEL}.plist`)]: launchdPlist({ label: WATCH_LABEL, argv: watchArgv(spec), env, every: spec.intervalMinutes * 60, log }),
  };
  if (spec.evening) {
    out[path.posix.join(dir, `${EVENING_LABEL}.plist`)] = launchdPlist({ label: EVENING_LABEL, argv: eveningArgv(spec), env, daily: spec.evening, log });
  }
  return out;
}

const launchctl = (env: NodeJS.ProcessEnv) => env.CTK_LAUNCHCTL || '/bin/launchctl';

export const launchdBackend: ScheduleBackend = {
  name: 'launchd',
  title: 'launchd agent',
  jobs: (spec) => (spec.evening ? [WATCH_LABEL, EVENING_LABEL] : [WATCH_LABEL]),
  installPlan(spec, be) {
    const dir = launchAgentsDir(be.env, spec.home);
    const lc = launchctl(be.env);
    const domain = `gui/${be.uid}`;
    const steps: Step[] = [];
    for (const [file, content] of Object.entries(launchdPlists(spec, dir))) {
      const label = path.posix.basename(file, '.plist');
      steps.push({ kind: 'write', path: file, content, mode: 0o644 });
      // bootstrap refuses a label that is already loaded: unload an older copy first.
      steps.push({ kind: 'run', argv: [lc, 'bootout', `${domain}/${label}`], allowFail: true, why: 'unload an older copy, if any' });
      steps.push({ kind: 'run', argv: [lc, 'bootstrap', domain, file], why: 'load the agent now and at every login' });
    }
    return steps;
  },
  removePlan(record, be) {
    const lc = launchctl(be.env);
    const steps: Step[] = record.jobs.map((label) => ({
      kind: 'run' as const,
      argv: [lc, 'bootout', `gui/${be.uid}/${label}`],
      allowFail: true,
      why: 'unload the agent',
    }));
    for (const f of record.files) steps.push({ kind: 'delete', path: f });
    return steps;
  },
  defaultRecord(spec, be) {
    const dir = launchAgentsDir(be.env, spec.home);
    return { files: [WATCH_LABEL, EVENING_LABEL].map((l) => path.posix.join(dir, `${l}.plist`)), jobs: [WATCH_LABEL, EVENING_LABEL] };
  },
  inspect(record, be) {
    const lc = launchctl(be.env);
    const parts = record.jobs.map((label) => {
      const r = be.runner.run([lc, 'print', `gui/${be.uid}/${label}`]);
      return r.error ? null : `${label} ${r.code === 0 ? 'loaded' : 'NOT loaded'}`;
    });
    return parts.every((p) => p === null) ? null : parts.filter(Boolean).join(', ');
  },
};
