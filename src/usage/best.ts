// For `ctk pick --best` and `c` with no id: rank accounts by headroom from the usage cache
// alone. No network, no credentials: one small JSON read, cheap enough for the picker.
import { bindingReset, headroom, rankByHeadroom } from '../domain/usage.js';
import { readUsageCache } from './cache.js';
import { healthFirst } from '../domain/picker.js';
import { HOUR_MS } from '../domain/duration.js';

/** Cached figures older than this are too old to steer a choice. */
export const BEST_MAX_AGE_MS = 6 * HOUR_MS;

export interface HeadroomHint {
  id: string;
  /** Percent left in the fuller of the 5h/7d windows; null when nothing recent is cached. */
  headroom: number | null;
  fetchedAt: number | null;
}

/**
 * The given accounts ordered by cached headroom, most first; accounts without recent figures
 * keep their order at the end. Filtering out unhealthy accounts is the caller's job.
 */
export function rankByCachedHeadroom(
  accounts: { id: string; dir: string }[],
  env: NodeJS.ProcessEnv = process.env,
  now: number = Date.now(),
  maxAgeMs = BEST_MAX_AGE_MS,
): HeadroomHint[] {
  const cache = readUsageCache(env);
  const rows = accounts.map((a) => {
    const e = cache.accounts[a.id];
    const usable = e && e.dir === a.dir && now - e.fetchedAt <= maxAgeMs && now >= e.fetchedAt;
    return {
      id: a.id,
      headroom: usable ? headroom(e.windows, now, e.fetchedAt) : null,
      resetsAt: usable ? bindingReset(e.windows, now, e.fetchedAt) : null,
      fetchedAt: usable ? e.fetchedAt : null,
    };
  });
  return rankByHeadroom(rows).map(({ id, headroom: h, fetchedAt }) => ({ id, headroom: h, fetchedAt }));
}

export interface BestRowInput {
  id: string;
  dir: string;
  state: string;
  label: string | null;
  current: boolean;
}

/**
 * Rows for `ctk pick --best`: usable accounts (healthy or expiring) with cached figures first,
 * most headroom first, each labelled "NN% left"; then the others, healthy before expiring before
 * unusable, each group in the given order. The
 * current account is marked in its label instead of being moved to the top, so the best
 * account is the one the picker highlights.
 */
export function bestFirst<T extends BestRowInput>(rows: T[], env: NodeJS.ProcessEnv = process.env, now: number = Date.now()): { rows: T[]; ranked: number } {
  const usable = (r: T) => r.state === 'healthy' || r.state === 'expiring';
  const hints = new Map(rankByCachedHeadroom(rows.filter(usable), env, now).map((h, i) => [h.id, { ...h, rank: i }]));
  const tag = (r: T): T => {
    const h = hints.get(r.id);
    const parts = [h?.headroom != null ? `${Math.round(h.headroom)}% left` : null, r.current ? 'current' : null, r.label].filter(Boolean);
    return { ...r, current: false, label: parts.length ? parts.join(' · ') : null };
  };
  const ranked = rows.filter((r) => usable(r) && hints.get(r.id)?.headroom != null).sort((a, b) => hints.get(a.id)!.rank - hints.get(b.id)!.rank);
  // Without figures, the cursor still starts on a healthy account, never on a dead one.
  const rest = healthFirst(rows.filter((r) => !ranked.includes(r)));
  return { rows: [...ranked, ...rest].map(tag), ranked: ranked.length };
}
