// usage-cache.json in ctk's state folder: the last figures per account and any Retry-After
// deadline, so repeated `ctk usage` runs (and `ctk pick --best`) do not hammer the endpoint.
// Holds no token and no email: ids, folders, times and percentages only.
import path from 'node:path';
import { stateDir } from '../config/paths.js';
import type { UsageWindows } from '../domain/usage.js';
import { writePrivateFileAtomic } from '../util/private-fs.js';
import { readStateText } from '../util/fs.js';

/** Figures younger than this are shown without asking the server again. */
export const USAGE_CACHE_TTL_MS = 5 * 60_000;

export interface UsageCacheEntry {
  /** The folder the figures belong to: a re-pointed id does not inherit them. */
  dir: string;
  fetchedAt: number;
  windows: UsageWindows;
}

export interface UsageCache {
  schemaVersion: 1;
  accounts: Record<string, UsageCacheEntry>;
  /** Per account: do not ask before this time (ms), from a 429's Retry-After. */
  retryAfter: Record<string, number>;
}

export function usageCacheFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(stateDir(env), 'usage-cache.json');
}

function empty(): UsageCache {
  return { schemaVersion: 1, accounts: {}, retryAfter: {} };
}

/** Never throws: a missing or damaged cache is an empty one. */
export function readUsageCache(env: NodeJS.ProcessEnv = process.env): UsageCache {
  let raw: any;
  try {
    raw = JSON.parse(readStateText(usageCacheFile(env)) ?? 'null');
  } catch {
    return empty();
  }
  if (!raw || typeof raw !== 'object' || raw.schemaVersion !== 1) return empty();
  const out = empty();
  if (raw.accounts && typeof raw.accounts === 'object') {
    for (const [id, e] of Object.entries<any>(raw.accounts)) {
      if (e && typeof e.dir === 'string' && typeof e.fetchedAt === 'number' && e.windows && typeof e.windows === 'object') {
        out.accounts[id] = { dir: e.dir, fetchedAt: e.fetchedAt, windows: e.windows };
      }
    }
  }
  if (raw.retryAfter && typeof raw.retryAfter === 'object') {
    for (const [id, t] of Object.entries(raw.retryAfter)) if (typeof t === 'number') out.retryAfter[id] = t;
  }
  return out;
}

/** The cached figures for an account if they are for its current folder and younger than maxAgeMs. */
export function cachedFor(cache: UsageCache, id: string, dir: string, now: number, maxAgeMs = USAGE_CACHE_TTL_MS): UsageCacheEntry | null {
  const e = cache.accounts[id];
  if (!e || e.dir !== dir) return null;
  const age = now - e.fetchedAt;
  return age >= 0 && age <= maxAgeMs ? e : null;
}

export interface CacheUpdate {
  fresh: Record<string, UsageCacheEntry>;
  retryAfter: Record<string, number>;
}

/**
 * Merges this run's results into what is on disk now (another ctk may have written meanwhile),
 * drops expired Retry-After deadlines, and writes atomically (0600 in a 0700 folder).
 */
export function saveUsageCache(update: CacheUpdate, now: number, env: NodeJS.ProcessEnv = process.env): void {
  const cache = readUsageCache(env);
  Object.assign(cache.accounts, update.fresh);
  Object.assign(cache.retryAfter, update.retryAfter);
  for (const id of Object.keys(update.fresh)) {
    if (!(id in update.retryAfter)) delete cache.retryAfter[id];
  }
  for (const [id, t] of Object.entries(cache.retryAfter)) if (t <= now) delete cache.retryAfter[id];
  writePrivateFileAtomic(usageCacheFile(env), JSON.stringify(cache) + '\n');
}
