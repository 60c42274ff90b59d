// Picking a scheduler backend by platform, and the manifest of what was installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { UserError, errorCode } from '../util/errors.js';
import { writePrivateFileAtomic } from '../util/private-fs.js';
import { cronBackend } from './cron.js';
import { launchdBackend } from './launchd.js';
import { schtasksBackend } from './schtasks.js';
import { systemdBackend } from './systemd.js';
import { BACKENDS, type BackendName, type CommandResult, type CommandRunner, type InstalledRecord, type ScheduleBackend, type Step } from './types.js';
import { readStateText } from '../util/fs.js';

export const BACKEND_BY_NAME: Record<BackendName, ScheduleBackend> = {
  systemd: systemdBackend,
  cron: cronBackend,
  launchd: launchdBackend,
  schtasks: schtasksBackend,
};

/** `auto`: launchd on macOS, Task Scheduler on Windows, systemd where it runs, else cron. */
export function pickBackend(choice: string | undefined, platform: NodeJS.Platform, systemdRunning: boolean): ScheduleBackend {
  const name = (choice ?? 'auto').toLowerCase();
  if (name === 'auto') {
    if (platform === 'darwin') return launchdBackend;
    if (platform === 'win32') return schtasksBackend;
    return systemdRunning ? systemdBackend : cronBackend;
  }
  if (!(BACKENDS as readonly string[]).includes(name)) {
    throw new UserError(`--backend takes auto, ${BACKENDS.join(', ')} (got "${choice}")`);
  }
  return BACKEND_BY_NAME[name as BackendName];
}

/** The same test as sd_booted(): systemd is PID 1 only when this folder exists. */
export function systemdIsRunning(): boolean {
  return fs.existsSync('/run/systemd/system');
}

export const MANIFEST_FILE = 'schedule.json';

export function manifestPath(stateDir: string): string {
  return path.join(stateDir, MANIFEST_FILE);
}

export function readManifest(stateDir: string): InstalledRecord | null {
  try {
    const raw = JSON.parse(readStateText(manifestPath(stateDir)) ?? 'null');
    if (!raw || !BACKENDS.includes(raw.backend) || !Array.isArray(raw.files) || !Array.isArray(raw.jobs)) return null;
    return raw as InstalledRecord;
  } catch {
    return null;
  }
}

export function writeManifest(stateDir: string, record: InstalledRecord): void {
  writePrivateFileAtomic(manifestPath(stateDir), JSON.stringify(record, null, 2) + '\n');
}

export function deleteManifest(stateDir: string): void {
  fs.rmSync(manifestPath(stateDir), { force: true });
}

export class SpawnRunner implements CommandRunner {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}
  run(argv: string[], input?: string): CommandResult {
    const r = spawnSync(argv[0], argv.slice(1), { input: input ?? '', encoding: 'utf8', timeout: 30_000, env: this.env, windowsHide: true });
    if (r.error) {
      const code = (r.error as NodeJS.ErrnoException).code;
      return { code: null, stdout: '', stderr: '', error: code === 'ENOENT' ? `${argv[0]} not found` : r.error.message };
    }
    return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  }
}

/** How a step reads in --dry-run output and in errors. */
export function describeStep(step: Step, quote: (argv: string[]) => string): string {
  switch (step.kind) {
    case 'write':
      return `write ${step.path} (mode ${step.mode.toString(8).padStart(4, '0')}${step.encoding === 'utf16le-bom' ? ', UTF-16 with BOM' : ''}):\n${indent(step.content)}`;
    case 'delete':
      return `delete ${step.path}`;
    case 'run':
      return `run: ${quote(step.argv)}${step.allowFail ? '   (a failure here is fine)' : ''}\n    # ${step.why}${step.input !== undefined ? `\n  with this on stdin:\n${indent(step.input || '(empty)')}` : ''}`;
  }
}

function indent(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

/** Carries out a plan; stops at the first failing step that must not fail. */
export function applySteps(steps: Step[], runner: CommandRunner): { done: Step[]; failed: { step: Step; reason: string } | null } {
  const done: Step[] = [];
  for (const step of steps) {
    try {
      if (step.kind === 'write') {
        fs.mkdirSync(path.dirname(step.path), { recursive: true });
        const data = step.encoding === 'utf16le-bom' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(step.content, 'utf16le')]) : step.content;
        const tmp = `${step.path}.tmp.${process.pid}`;
        fs.writeFileSync(tmp, data, { mode: step.mode });
        fs.chmodSync(tmp, step.mode);
        fs.renameSync(tmp, step.path);
      } else if (step.kind === 'delete') {
        fs.rmSync(step.path, { force: true });
      } else {
        const r = runner.run(step.argv, step.input);
        if (!step.allowFail && (r.error || r.code !== 0)) {
          return { done, failed: { step, reason: r.error ?? (r.stderr.trim().split('\n').slice(-3).join(' ') || `exit ${r.code}`) } };
        }
      }
      done.push(step);
    } catch (err: any) {
      return { done, failed: { step, reason: errorCode(err) } };
    }
  }
  return { done, failed: null };
}
