// The watcher's memory in ctk's state folder: the last state seen per account, the webhook
// deliveries still owed, and a stamp of the last check (read by `ctk schedule status`).
import path from 'node:path';
import { stateDir } from '../config/paths.js';
import type { PendingDelivery, SeenMap } from '../domain/alerts.js';
import type { Summary } from '../domain/token-state.js';
import { ensurePrivateDir, writePrivateFileAtomic } from '../util/private-fs.js';
import { readStateText } from '../util/fs.js';
import { readRegularFile } from '../util/fs.js';

export const STATE_FILE = 'watch-state.json';
export const LAST_RUN_FILE = 'watch-last-run.json';

export interface WatchState {
  version: 1;
  updatedAt: string;
  accounts: SeenMap;
  pending: PendingDelivery[];
}

export interface LastRun {
  at: string;
  pid: number;
  once: boolean;
  accounts: number;
  summary: Summary;
  alerts: number;
  /** Alerts no channel could deliver this check (logged, kept for retry or dropped). */
  deliveryErrors: number;
}

export function watchStateFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(stateDir(env), STATE_FILE);
}

export function lastRunFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(stateDir(env), LAST_RUN_FILE);
}

export type LoadedState = { state: WatchState | null; problem: string | null };

/** null state = never saved (the first check alerts for every account already in trouble). */
export function loadWatchState(env: NodeJS.ProcessEnv = process.env): LoadedState {
  const file = watchStateFile(env);
  const r = readRegularFile(file, 32 * 1024 * 1024, 'watch state');
  if (!r.ok && r.state === 'missing') return { state: null, problem: null };
  if (!r.ok) return { state: null, problem: `cannot read ${r.reason}; starting with no alert memory` };
  const text = r.text;
  try {
    const raw = JSON.parse(text);
    if (!raw || typeof raw !== 'object' || typeof raw.accounts !== 'object' || raw.accounts === null) throw new Error('not a watch state');
    return {
      state: {
        version: 1,
        updatedAt: String(raw.updatedAt ?? ''),
        accounts: raw.accounts as SeenMap,
        pending: Array.isArray(raw.pending) ? raw.pending.filter((p: any) => p && p.alert && typeof p.tries === 'number') : [],
      },
      problem: null,
    };
  } catch {
    return { state: null, problem: `${file} is damaged; starting with no alert memory (it will be rewritten)` };
  }
}

export function saveWatchState(state: WatchState, env: NodeJS.ProcessEnv = process.env): void {
  writePrivateFileAtomic(watchStateFile(env), JSON.stringify(state, null, 1) + '\n');
}

export function writeLastRun(run: LastRun, env: NodeJS.ProcessEnv = process.env): void {
  writePrivateFileAtomic(lastRunFile(env), JSON.stringify(run) + '\n');
}

export function readLastRun(env: NodeJS.ProcessEnv = process.env): LastRun | null {
  try {
    const raw = JSON.parse(readStateText(lastRunFile(env)) ?? 'null');
    return raw && typeof raw.at === 'string' ? (raw as LastRun) : null;
  } catch {
    return null;
  }
}

/** Serialises checks across processes: a scheduled `watch --once` and a foreground watcher share one state. */
export async function withStateLock<T>(env: NodeJS.ProcessEnv, fn: () => Promise<T>): Promise<T> {
  const dir = stateDir(env);
  ensurePrivateDir(dir);
  const lockfile = (await import('proper-lockfile')).default;
  const release = await lockfile.lock(dir, {
    lockfilePath: path.join(dir, 'watch.lock'),
    realpath: false,
    stale: 60_000,
    update: 10_000,
    retries: { retries: 40, minTimeout: 100, maxTimeout: 1000 },
  });
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
