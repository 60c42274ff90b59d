// ctk doctor's judgements: what passes, what fails and the fix to print. Pure.
import path from 'node:path';
import { SETTINGS, getPath, parseSettingValue } from './settings.js';
import { idProblem } from './ids.js';

export interface DoctorLine {
  /** Which check: node, claude, config, folders, modes, duplicates, locks, notifications, schedule. */
  check: string;
  ok: boolean;
  message: string;
  /** What to do about it; null when it passes. */
  fix: string | null;
  /** Worth knowing, nothing to fix (does not change the exit code). */
  note?: boolean;
}

export const MIN_NODE_MAJOR = 20;
/** Claude Code holds its locks for seconds; one older than this was left behind by a crash. */
export const STALE_LOCK_MS = 60_000;

export const pass = (check: string, message: string): DoctorLine => ({ check, ok: true, message, fix: null });
export const note = (check: string, message: string): DoctorLine => ({ check, ok: true, message, fix: null, note: true });
export const fail = (check: string, message: string, fix: string): DoctorLine => ({ check, ok: false, message, fix });

export function nodeCheck(version: string): DoctorLine {
  const major = Number(/^v?(\d+)/.exec(version)?.[1] ?? NaN);
  if (major >= MIN_NODE_MAJOR) return pass('node', `Node.js ${version} (needs ${MIN_NODE_MAJOR} or later)`);
  return fail('node', `Node.js ${version} is too old (needs ${MIN_NODE_MAJOR} or later)`, `install Node.js ${MIN_NODE_MAJOR} LTS or later (https://nodejs.org, or nvm install ${MIN_NODE_MAJOR})`);
}

/** Everything wrong with a parsed config object, one line each. */
export function configProblems(raw: Record<string, unknown>, platform: NodeJS.Platform = process.platform): string[] {
  const problems: string[] = [];
  const list = raw.accounts;
  if (list !== undefined && !Array.isArray(list)) problems.push('"accounts" is not a list');
  if (Array.isArray(list)) {
    const seen = new Set<string>();
    list.forEach((a: any, i) => {
      if (!a || typeof a !== 'object') return void problems.push(`accounts[${i}] is not an object`);
      if (typeof a.id !== 'string') return void problems.push(`accounts[${i}] has no id`);
      const bad = idProblem(a.id);
      if (bad) problems.push(bad);
      if (seen.has(a.id)) problems.push(`account id ${a.id} appears twice`);
      seen.add(a.id);
      const isAbs = typeof a.dir === 'string' && (platform === 'win32' ? path.win32.isAbsolute(a.dir) : path.posix.isAbsolute(a.dir));
      if (!isAbs) problems.push(`account ${a.id}: dir must be an absolute path`);
    });
  }
  for (const def of SETTINGS) {
    const v = getPath(raw, def.key);
    if (v === undefined) continue;
    const typeOk =
      def.type === 'number' || def.type === 'integer' ? typeof v === 'number' : def.type === 'boolean' ? typeof v === 'boolean' : typeof v === 'string';
    if (!typeOk) {
      problems.push(`${def.key} should be a ${def.type === 'integer' ? 'number' : def.type === 'boolean' ? 'boolean' : def.type === 'number' ? 'number' : 'string'}`);
      continue;
    }
    try {
      parseSettingValue(def, String(v));
    } catch (err: any) {
      problems.push(err.message);
    }
  }
  return problems;
}

export function isStaleLock(mtimeMs: number, now: number, staleMs = STALE_LOCK_MS): boolean {
  return now - mtimeMs > staleMs;
}

/** A shell-neutral quoted path for a fix line (works in bash, zsh, fish, PowerShell and cmd). */
export function q(p: string): string {
  return `"${p.replace(/"/g, '\\"')}"`;
}

export function doctorExitCode(lines: DoctorLine[]): number {
  return lines.every((l) => l.ok) ? 0 : 1;
}
