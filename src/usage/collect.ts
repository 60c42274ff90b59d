// Usage for many accounts: one row each, whatever happens to the others. Reads the cache,
// refreshes an expired token first (browserless), asks the endpoint at most 4 at a time,
// refreshes and retries once after a 401, and honours 429 Retry-After without looping.
import { checkAccount } from '../accounts/check.js';
import type { ResolvedAccount } from '../domain/account.js';
import type { CredentialsStore } from '../claude/credentials/store.js';
import type { RefreshWithToken } from '../oauth/types.js';
import { fetchUsage, type UsageFetchResult } from '../oauth/usage-client.js';
import { HOUR_MS, formatTimeLeft } from '../domain/duration.js';
import { bindingReset, headroom, type UsageRow, type UsageRowStatus } from '../domain/usage.js';
import { redact } from '../domain/redact.js';
import { readAccessToken } from './access-token.js';
import { cachedFor, readUsageCache, saveUsageCache, type UsageCacheEntry } from './cache.js';
import { mapLimit } from './pool.js';
import { errorText } from '../util/errors.js';

export const USAGE_CONCURRENCY = 4;
/** A Retry-After up to this long is waited out once in the same run; longer ones are remembered. */
export const MAX_INLINE_RETRY_AFTER_MS = 5_000;
/** Last known figures are shown after a failure only if younger than this. */
export const FALLBACK_MAX_AGE_MS = 24 * HOUR_MS;
/** When a 429 gives no Retry-After, leave the account alone this long. */
export const DEFAULT_BACKOFF_MS = 60_000;

export type { UsageRow, UsageRowStatus } from '../domain/usage.js';

export interface CollectOptions {
  store: CredentialsStore;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  warningMs: number;
  useCache?: boolean;
  timeoutMs?: number;
  version?: string;
  concurrency?: number;
  /** Injected in tests; default: the browserless refresh, imported only when needed. */
  refresh?: RefreshWithToken;
  sleep?: (ms: number) => Promise<void>;
  /** Replaces the HTTP request (the --demo sandbox simulates figures). */
  fetch?: (account: ResolvedAccount, accessToken: string) => Promise<UsageFetchResult>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** What one run shares across its accounts: options, the cache it read, what it learns. */
interface UsageRun {
  opts: CollectOptions;
  env: NodeJS.ProcessEnv;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  cache: ReturnType<typeof readUsageCache>;
  fresh: Record<string, UsageCacheEntry>;
  retryAfter: Record<string, number>;
}

type RefreshAnswer = { ok: true; message: string } | { ok: false; message: string };

/** The browserless refresh, recorded in history like every other; never throws. */
async function refreshFirst(account: ResolvedAccount, run: UsageRun): Promise<RefreshAnswer> {
  const { refreshAndRecord } = await import('../oauth/refresh-and-record.js');
  const res = await refreshAndRecord(account, { env: run.env, now: run.now, via: 'usage', refresh: run.opts.refresh });
  if (res.outcome === 'refreshed' || res.outcome === 'already-refreshed') return { ok: true, message: res.message };
  return { ok: false, message: redact(`could not refresh: ${res.message}`) };
}

function askUsage(account: ResolvedAccount, run: UsageRun): Promise<UsageFetchResult> {
  const tok = readAccessToken(account, run.opts.store);
  if (!tok.ok) return Promise.resolve({ kind: 'error', status: null, message: tok.reason });
  if (run.opts.fetch) return run.opts.fetch(account, tok.token);
  return fetchUsage(tok.token, { env: run.env, now: run.now, timeoutMs: run.opts.timeoutMs, version: run.opts.version });
}

async function usageOf(account: ResolvedAccount, run: UsageRun): Promise<UsageRow> {
  const { opts, env, now, cache } = run;
  const t0 = now();
  const st = checkAccount(account, { store: opts.store, now: t0, warningMs: opts.warningMs, env });
  const base = { id: account.id, label: account.label ?? null, email: st.email, state: st.state, refreshed: false };
  /** After a refresh the row shows the token's new state, not the one it started with. */
  const recheck = () => {
    base.state = checkAccount(account, { store: opts.store, now: now(), warningMs: opts.warningMs, env }).state;
  };
  // The last figures, shown (with their age) when asking fails; older than a day they mislead.
  const prev = cache.accounts[account.id];
  const last = prev && prev.dir === account.dir && t0 - prev.fetchedAt <= FALLBACK_MAX_AGE_MS ? prev : null;
  const withFigures = (status: UsageRowStatus, entry: UsageCacheEntry | null, message: string | null, refreshed = false): UsageRow => ({
    ...base,
    refreshed,
    status,
    fetchedAt: entry?.fetchedAt ?? null,
    windows: entry?.windows ?? null,
    headroom: headroom(entry?.windows, t0, entry?.fetchedAt ?? null),
    resetsAt: bindingReset(entry?.windows, t0, entry?.fetchedAt ?? null),
    message,
  });
  const stale = (msg: string) => (last ? `${msg}; showing figures from ${formatTimeLeft(Math.max(60_000, t0 - last.fetchedAt))} ago` : msg);

  if (st.state === 'revoked' || st.state === 'missing' || st.state === 'invalid') {
    return withFigures('skipped', null, `${st.state}: ${st.error ?? 'no usable token'}`);
  }
  if (opts.useCache !== false) {
    const hit = cachedFor(cache, account.id, account.dir, t0);
    if (hit) return withFigures('cached', hit, null);
  }
  const until = cache.retryAfter[account.id];
  if (until !== undefined && until > t0) {
    run.retryAfter[account.id] = until;
    return withFigures('rate-limited', last, stale(`rate-limited; the server asked to wait until ${new Date(until).toISOString()}`));
  }

  let refreshed = false;
  let note: string | null = null;
  if (st.state === 'expired') {
    const r = await refreshFirst(account, run);
    if (!r.ok) return withFigures('skipped', null, `expired; ${r.message}`);
    refreshed = true;
    recheck();
    note = 'token was expired: refreshed first';
  }

  let res = await askUsage(account, run);
  if (res.kind === 'unauthorized' && !refreshed) {
    const r = await refreshFirst(account, run);
    if (!r.ok) return withFigures('skipped', null, `token rejected (401); ${r.message}`);
    refreshed = true;
    recheck();
    note = 'token was rejected (401): refreshed and asked again';
    res = await askUsage(account, run);
  }
  if (res.kind === 'rate-limited' && res.retryAfterMs !== null && res.retryAfterMs <= MAX_INLINE_RETRY_AFTER_MS) {
    await run.sleep(res.retryAfterMs);
    res = await askUsage(account, run);
  }

  switch (res.kind) {
    case 'ok': {
      const entry = { dir: account.dir, fetchedAt: now(), windows: res.windows };
      run.fresh[account.id] = entry;
      return withFigures('fresh', entry, note, refreshed);
    }
    case 'unauthorized':
      return withFigures('failed', last, stale('the token was rejected (401) even after a refresh; log in again: ctk refresh ' + account.id), refreshed);
    case 'rate-limited': {
      const wait = res.retryAfterMs ?? DEFAULT_BACKOFF_MS;
      run.retryAfter[account.id] = now() + wait;
      return withFigures('rate-limited', last, stale(`rate-limited (429); not asking again for ${Math.ceil(wait / 1000)}s`), refreshed);
    }
    case 'timeout':
    case 'error':
      return withFigures('failed', last, stale(redact(res.message)), refreshed);
  }
}

/** A bug in one account's path must not hide the others. */
function failedRow(a: ResolvedAccount, err: any): UsageRow {
  return {
    id: a.id,
    label: a.label ?? null,
    email: a.email ?? null,
    state: 'invalid',
    status: 'failed',
    fetchedAt: null,
    windows: null,
    headroom: null,
    resetsAt: null,
    message: redact(`unexpected error: ${errorText(err)}`),
    refreshed: false,
  };
}

export async function collectUsage(accounts: ResolvedAccount[], opts: CollectOptions): Promise<UsageRow[]> {
  const env = opts.env ?? process.env;
  const run: UsageRun = { opts, env, now: opts.now ?? Date.now, sleep: opts.sleep ?? realSleep, cache: readUsageCache(env), fresh: {}, retryAfter: {} };
  const limit = Math.max(1, Math.min(opts.concurrency ?? USAGE_CONCURRENCY, USAGE_CONCURRENCY));
  const rows = await mapLimit(accounts, limit, (a) => usageOf(a, run).catch((err) => failedRow(a, err)));
  if (Object.keys(run.fresh).length || Object.keys(run.retryAfter).length) {
    try {
      saveUsageCache({ fresh: run.fresh, retryAfter: run.retryAfter }, run.now(), env);
    } catch {
      /* a read-only state folder costs only the cache */
    }
  }
  return rows;
}

/** The account to suggest: current figures, a usable token, and the most headroom (rows already ranked). */
export function bestRow(ranked: UsageRow[]): UsageRow | null {
  return (
    ranked.find(
      (r) =>
        r.headroom !== null &&
        (r.status === 'fresh' || r.status === 'cached') &&
        (r.state === 'healthy' || r.state === 'expiring' || r.refreshed),
    ) ?? null
  );
}
