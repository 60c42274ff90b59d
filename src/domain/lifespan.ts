// Token lifespans observed in ctk's history: per event and their median. Pure.
import type { HistoryEntry } from './history.js';
import { HOUR_MS, formatTimeLeft } from './duration.js';

/** Results that say something about a token's life; skipped or planned attempts do not. */
const EVIDENCE = new Set(['refreshed', 'already-refreshed', 'needs-login', 'failed']);

export interface LifespanEvent {
  /** ms epoch of the login or refresh. */
  at: number;
  account: string;
  method: string;
  result: string;
  oldExpiresAt: number | null;
  newExpiresAt: number | null;
  /** What the server granted: the new expiresAt minus the time the token was obtained. */
  lifespanMs: number | null;
  /** How long the old token still had when it was replaced (negative: it had already expired). */
  oldLeftMs: number | null;
  /** For a rejected refresh: time since this account's last successful refresh or login, i.e. how long the refresh token lived. */
  refreshTokenAgeMs: number | null;
  via: string | null;
  reason: string | null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function lifespanEvents(entries: HistoryEntry[], accountId?: string): LifespanEvent[] {
  const rows = entries
    .filter((e) => EVIDENCE.has(e.result) && (accountId === undefined || e.account === accountId))
    .map((e) => ({ e, at: Date.parse(e.at) }))
    .filter((x) => !Number.isNaN(x.at))
    .sort((a, b) => a.at - b.at);
  const lastSuccess = new Map<string, number>();
  return rows.map(({ e, at }) => {
    const oldExpiresAt = num(e.oldExpiresAt);
    const newExpiresAt = num(e.newExpiresAt);
    const success = e.result === 'refreshed';
    let lifespanMs: number | null = null;
    if (success) lifespanMs = num(e.lifespanMs) ?? (newExpiresAt !== null ? newExpiresAt - at : null);
    let refreshTokenAgeMs: number | null = null;
    if (e.result === 'needs-login' && lastSuccess.has(e.account)) refreshTokenAgeMs = at - lastSuccess.get(e.account)!;
    if (success || e.result === 'already-refreshed') lastSuccess.set(e.account, at);
    return {
      at,
      account: e.account,
      method: e.method,
      result: e.result,
      oldExpiresAt,
      newExpiresAt,
      lifespanMs,
      oldLeftMs: oldExpiresAt !== null && oldExpiresAt > 0 ? oldExpiresAt - at : null,
      refreshTokenAgeMs,
      via: typeof e.via === 'string' ? e.via : null,
      reason: typeof e.reason === 'string' ? e.reason : null,
    };
  });
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface LifespanSummary {
  count: number;
  medianMs: number | null;
  minMs: number | null;
  maxMs: number | null;
  byMethod: Record<string, { count: number; medianMs: number | null }>;
  /** Rejected refreshes (the refresh token died): how many, and the median age of those refresh tokens. */
  rejected: { count: number; medianRefreshTokenAgeMs: number | null };
}

export function summarizeLifespans(events: LifespanEvent[]): LifespanSummary {
  const granted = events.filter((e) => e.lifespanMs !== null && e.lifespanMs > 0);
  const values = granted.map((e) => e.lifespanMs!);
  const byMethod: LifespanSummary['byMethod'] = {};
  for (const m of [...new Set(granted.map((e) => e.method))].sort()) {
    const v = granted.filter((e) => e.method === m).map((e) => e.lifespanMs!);
    byMethod[m] = { count: v.length, medianMs: median(v) };
  }
  const rejected = events.filter((e) => e.result === 'needs-login');
  const ages = rejected.map((e) => e.refreshTokenAgeMs).filter((v): v is number => v !== null);
  return {
    count: values.length,
    medianMs: median(values),
    minMs: values.length ? Math.min(...values) : null,
    maxMs: values.length ? Math.max(...values) : null,
    byMethod,
    rejected: { count: rejected.length, medianRefreshTokenAgeMs: median(ages) },
  };
}

export interface LoginLifespan {
  /** When the browser sign-in happened (ms epoch). */
  at: number;
  account: string;
  loginExpiresAt: number;
  /** Sign-in to deadline: how long Claude Code's login lasts (about 30 days). */
  lifespanMs: number;
}

/** Login lifespans (sign-in → deadline) from the verified logins history recorded with their deadline. */
export function loginLifespans(entries: HistoryEntry[], accountId?: string): LoginLifespan[] {
  const out: LoginLifespan[] = [];
  for (const e of entries) {
    if (e.method !== 'login' || e.result !== 'refreshed' || (accountId !== undefined && e.account !== accountId)) continue;
    const at = Date.parse(e.at);
    const deadline = num(e.loginExpiresAt);
    if (Number.isNaN(at) || deadline === null || deadline <= at) continue;
    out.push({ at, account: e.account, loginExpiresAt: deadline, lifespanMs: deadline - at });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** "8.0 h", "45 min", "-0.5 h", "3.2 d": like time left, but days keep a decimal in a report. */
export function formatSpan(ms: number | null): string {
  if (ms === null || Math.abs(ms) < 72 * HOUR_MS) return formatTimeLeft(ms);
  return `${ms < 0 ? '-' : ''}${(Math.abs(ms) / 86_400_000).toFixed(1)} d`;
}

/** "2026-11-20 08:00 UTC": a report is read in other time zones. */
export function formatUtc(ms: number | null): string {
  if (ms === null) return '—';
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
