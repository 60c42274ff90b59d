// Usage figures from /api/oauth/usage: parsing, headroom, ranking and bar graphs. Pure.
import type { TokenState } from './token-state.js';

// Retry-After (seconds or an HTTP date) is read the same way for every endpoint.
export { parseRetryAfter } from './oauth-grant.js';

/** One rate-limit window as the endpoint reports it. */
export interface UsageWindow {
  /** Percent used, 0–100 (the server may report a little over 100). */
  utilization: number;
  /** ISO time the window resets, or null when the server gave none. */
  resetsAt: string | null;
}

/** Windows by the endpoint's own names (five_hour, seven_day, seven_day_opus, …); null ones are dropped. */
export type UsageWindows = Record<string, UsageWindow>;

/** The two windows that decide whether an account can take more work. */
export const PRIMARY_WINDOWS = ['five_hour', 'seven_day'] as const;

/** Short names for the table. */
export const WINDOW_LABELS: Record<string, string> = {
  five_hour: '5h',
  seven_day: '7d',
  seven_day_sonnet: '7d sonnet',
  seven_day_opus: '7d opus',
  seven_day_oauth_apps: '7d apps',
  extra_usage: 'extra',
};

/**
 * Keeps every top-level field shaped like a window ({utilization: number, resets_at?}); null
 * fields and anything else (limits[], flags) are left out, so new windows show up by themselves.
 */
export function parseUsageResponse(body: unknown): UsageWindows | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const out: UsageWindows = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const v = value as Record<string, unknown>;
    if (typeof v.utilization !== 'number' || !Number.isFinite(v.utilization)) continue;
    const resets = typeof v.resets_at === 'string' && !Number.isNaN(Date.parse(v.resets_at)) ? v.resets_at : null;
    out[key] = { utilization: v.utilization, resetsAt: resets };
  }
  return out;
}

/**
 * A window that has reset since the figures were fetched is empty again, whatever the cached
 * figure says. A reset time already past when fetched is the server's word (or clock skew): kept.
 */
export function effectiveUtilization(w: UsageWindow | undefined, now: number, fetchedAt: number | null = null): number | null {
  if (!w) return null;
  if (w.resetsAt !== null) {
    const reset = Date.parse(w.resetsAt);
    if (reset <= now && (fetchedAt === null || reset > fetchedAt)) return 0;
  }
  return Math.max(0, w.utilization);
}

/**
 * Percent still usable: 100 minus the fuller of the five-hour and seven-day windows, because
 * whichever is fuller stops the account first. Null when neither is known.
 */
export function headroom(windows: UsageWindows | null | undefined, now: number, fetchedAt: number | null = null): number | null {
  if (!windows) return null;
  const used = PRIMARY_WINDOWS.map((k) => effectiveUtilization(windows[k], now, fetchedAt)).filter((u): u is number => u !== null);
  if (used.length === 0) return null;
  return Math.max(0, 100 - Math.max(...used));
}

export interface Rankable {
  id: string;
  headroom: number | null;
  /** When the fuller primary window resets (ms), to break ties: sooner is better. */
  resetsAt?: number | null;
}

/** Most headroom first; ties by the sooner reset; accounts with no figures last, in their given order. */
export function rankByHeadroom<T extends Rankable>(rows: T[]): T[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const ha = a.r.headroom;
      const hb = b.r.headroom;
      if (ha === null && hb === null) return a.i - b.i;
      if (ha === null) return 1;
      if (hb === null) return -1;
      if (hb !== ha) return hb - ha;
      const ra = a.r.resetsAt ?? Infinity;
      const rb = b.r.resetsAt ?? Infinity;
      if (ra !== rb) return ra - rb;
      return a.i - b.i;
    })
    .map((x) => x.r);
}

/** When the fuller primary window resets, in ms (null when unknown). */
export function bindingReset(windows: UsageWindows | null | undefined, now: number, fetchedAt: number | null = null): number | null {
  if (!windows) return null;
  let best: { used: number; reset: number | null } | null = null;
  for (const k of PRIMARY_WINDOWS) {
    const w = windows[k];
    const used = effectiveUtilization(w, now, fetchedAt);
    if (used === null) continue;
    const reset = w.resetsAt ? Date.parse(w.resetsAt) : null;
    if (!best || used > best.used) best = { used, reset };
  }
  return best?.reset ?? null;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `width` cells for a percentage, with eighth-cell precision: "███▍      ". */
export function bar(percent: number, width = 10): string {
  const p = Math.min(100, Math.max(0, Number.isFinite(percent) ? percent : 0));
  const eighths = Math.round((p / 100) * width * 8);
  const full = Math.floor(eighths / 8);
  const part = EIGHTHS[eighths % 8];
  const used = full + (part ? 1 : 0);
  return '█'.repeat(full) + part + '·'.repeat(width - used);
}

/** "37%" with no decimals unless the value has them below 10. */
export function formatPercent(p: number): string {
  if (p > 0 && p < 10 && !Number.isInteger(p)) return `${p.toFixed(1)}%`;
  return `${Math.round(p)}%`;
}

export type UsageRowStatus = 'fresh' | 'cached' | 'skipped' | 'rate-limited' | 'failed';

/** One account's row in ctk usage. */
export interface UsageRow {
  id: string;
  label: string | null;
  email: string | null;
  state: TokenState;
  status: UsageRowStatus;
  /** When the figures were fetched (ms); older than this run for cached or fallback figures. */
  fetchedAt: number | null;
  windows: UsageWindows | null;
  headroom: number | null;
  /** When the fuller of the 5h/7d windows resets (ms). */
  resetsAt: number | null;
  /** Why there are no fresh figures, or what happened on the way (refreshed first). Redacted. */
  message: string | null;
  /** The access token was refreshed by this run. */
  refreshed: boolean;
}
