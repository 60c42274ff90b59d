// Windows: a Task Scheduler task per job, created with schtasks as the signed-in user (never
// SYSTEM, which has no desktop for notifications and no access to the user's accounts).
// The task starts wscript on a tiny launcher in ctk's state folder: it sets CTK_CONFIG_DIR and
// runs node with no console window (node.exe started directly flashes a window every run).
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { eveningArgv, hhmm, watchArgv, type ScheduleBackend, type ScheduleSpec, type Step } from './types.js';

export const WATCH_TASK = 'ctk-watch';
export const EVENING_TASK = 'ctk-evening';

const pw = path.win32;

export function wscriptPath(env: NodeJS.ProcessEnv): string {
  return pw.join(env.SystemRoot || env.SYSTEMROOT || 'C:\\Windows', 'System32', 'wscript.exe');
}

/** How Windows (and libuv, which node's spawn uses) quotes one argument on a command line. */
export function winQuote(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let slashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      slashes++;
      continue;
    }
    if (ch === '"') {
      out += '\\'.repeat(slashes * 2 + 1) + '"';
    } else {
      out += '\\'.repeat(slashes) + ch;
    }
    slashes = 0;
  }
  return out + '\\'.repeat(slashes * 2) + '"';
}

/** A VBScript string literal. */
const vbs = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function vbsLauncher(argv: string[], env: Record<string, string>): string {
  const cmd = argv.map(winQuote).join(' ');
  const lines = [
    "' Written by ctk schedule install; removed by ctk schedule remove.",
    "' Runs ctk with no console window and waits for it.",
    'Set sh = CreateObject("WScript.Shell")',
    ...Object.entries(env).map(([k, v]) => `sh.Environment("PROCESS")(${vbs(k)}) = ${vbs(v)}`),
    `WScript.Quit sh.Run(${vbs(cmd)}, 0, True)`,
    '',
  ];
  return lines.join('\r\n');
}

/** /SC and /MO for "every n minutes". */
export function schtasksInterval(minutes: number): string[] {
  if (minutes % 60 === 0 && minutes / 60 <= 23) return ['/SC', 'HOURLY', '/MO', String(minutes / 60)];
  if (minutes <= 1439) return ['/SC', 'MINUTE', '/MO', String(minutes)];
  throw new UserError('Task Scheduler repeats a task at most every 1439 minutes (23h 59m); pick a shorter --interval');
}

/** Windows paths joined the Windows way; a POSIX state folder (a --backend schtasks try-out elsewhere) stays POSIX. */
function joinFor(dir: string, name: string): string {
  return /^[A-Za-z]:[\\/]|^\\\\/.test(dir) ? pw.join(dir, name) : path.join(dir, name);
}

export function launcherPath(spec: ScheduleSpec, task: string): string {
  return joinFor(spec.stateDir, `${task}.vbs`);
}

/** The /TR value: wscript on the launcher, by absolute path (at most 261 characters). */
export function taskRun(spec: ScheduleSpec, task: string, env: NodeJS.ProcessEnv): string {
  // Always quoted: Task Scheduler splits /TR at the first space otherwise (C:\Program Files, C:\Users\Jane Doe).
  const tr = `"${wscriptPath(env)}" //B //Nologo "${launcherPath(spec, task)}"`;
  if (tr.length > 261) throw new UserError(`the task command is ${tr.length} characters, more than schtasks accepts (261); set CTK_CONFIG_DIR to a shorter folder`);
  return tr;
}

export function schtasksCreateArgs(spec: ScheduleSpec, env: NodeJS.ProcessEnv): string[][] {
  const out = [['/Create', '/TN', WATCH_TASK, '/TR', taskRun(spec, WATCH_TASK, env), ...schtasksInterval(spec.intervalMinutes), '/IT', '/F']];
  if (spec.evening) out.push(['/Create', '/TN', EVENING_TASK, '/TR', taskRun(spec, EVENING_TASK, env), '/SC', 'DAILY', '/ST', hhmm(spec.evening), '/IT', '/F']);
  return out;
}

/** The exact command line as typed in cmd or PowerShell (and as node passes it). */
export function commandLine(argv: string[]): string {
  return argv.map(winQuote).join(' ');
}

const schtasks = (env: NodeJS.ProcessEnv) => env.CTK_SCHTASKS || 'schtasks';

export const schtasksBackend: ScheduleBackend = {
  name: 'schtasks',
  title: 'Task Scheduler task',
  jobs: (spec) => (spec.evening ? [WATCH_TASK, EVENING_TASK] : [WATCH_TASK]),
  installPlan(spec, be) {
    const jobEnv: Record<string, string> = spec.configDir ? { CTK_CONFIG_DIR: spec.configDir } : {};
    const steps: Step[] = [
      { kind: 'write', path: launcherPath(spec, WATCH_TASK), content: vbsLauncher(watchArgv(spec), jobEnv), mode: 0o600, encoding: 'utf16le-bom' },
    ];
    if (spec.evening) {
      steps.push({ kind: 'write', path: launcherPath(spec, EVENING_TASK), content: vbsLauncher(eveningArgv(spec), jobEnv), mode: 0o600, encoding: 'utf16le-bom' });
    }
    for (const args of schtasksCreateArgs(spec, be.env)) {
      steps.push({ kind: 'run', argv: [schtasks(be.env), ...args], why: `create the task ${args[2]} (runs as you, only while you are signed in)` });
    }
    return steps;
  },
  removePlan(record, be) {
    const steps: Step[] = record.jobs.map((task) => ({
      kind: 'run' as const,
      argv: [schtasks(be.env), '/Delete', '/TN', task, '/F'],
      allowFail: true,
      why: `delete the task ${task}`,
    }));
    for (const f of record.files) steps.push({ kind: 'delete', path: f });
    return steps;
  },
  defaultRecord(spec) {
    return { files: [launcherPath(spec, WATCH_TASK), launcherPath(spec, EVENING_TASK)], jobs: [WATCH_TASK, EVENING_TASK] };
  },
  inspect(record, be) {
    const parts = record.jobs.map((task) => {
      const r = be.runner.run([schtasks(be.env), '/Query', '/TN', task]);
      return r.error ? null : `${task} ${r.code === 0 ? 'registered' : 'NOT registered'}`;
    });
    return parts.every((p) => p === null) ? null : parts.filter(Boolean).join(', ');
  },
};
