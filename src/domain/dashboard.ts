// The local dashboard's rules and data, pure: which requests it answers (loopback Host and
// Origin only, and only with the per-run secret), and the snapshot a page shows. The snapshot
// is built from the rows `ctk status` shows, the usage cache and history; it holds no token.
import type { AccountStatus } from './account.js';
import type { HistoryEntry } from './history.js';
import { lifespanEvents } from './lifespan.js';
import type { PlannedRenewal } from './login-deadline.js';
import { summarize } from './token-state.js';
import { effectiveUtilization, type UsageWindows } from './usage.js';

export type Route =
  | { kind: 'page' }
  /** "/<secret>" without the slash: sent on to "/<secret>/" so relative URLs work. */
  | { kind: 'slash' }
  | { kind: 'asset'; name: 'app.js' | 'app.css' }
  | { kind: 'snapshot' }
  | { kind: 'events' }
  | { kind: 'refresh'; id: string };

export type Verdict = { ok: true; route: Route } | { ok: false; status: 403 | 404 | 405; reason: string };

export interface RequestFacts {
  method: string;
  /** The request target as sent: path and query. */
  url: string;
  host: string | undefined;
  origin: string | undefined;
  /** The port the dashboard listens on (127.0.0.1). */
  port: number;
  secret: string;
  /** Compares two strings in constant time (node:crypto's timingSafeEqual, injected). */
  same: (a: string, b: string) => boolean;
}

/** The Host values a browser on this machine sends for the dashboard: nothing a DNS name could rebind to. */
export function loopbackHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function checkRequest(r: RequestFacts): Verdict {
  const hosts = loopbackHosts(r.port);
  if (!r.host || !hosts.includes(r.host.toLowerCase())) return { ok: false, status: 403, reason: 'this dashboard answers only at 127.0.0.1' };
  if (r.origin !== undefined && !hosts.map((h) => `http://${h}`).includes(r.origin.toLowerCase())) return { ok: false, status: 403, reason: 'requests from other sites are refused' };
  const pathOnly = r.url.split('?')[0];
  const parts = pathOnly.split('/');
  // "/<secret>/…": parts[0] is "", parts[1] the secret.
  if (parts.length < 2 || !r.same(parts[1] ?? '', r.secret)) return { ok: false, status: 403, reason: 'this URL needs the secret ctk dashboard printed when it started' };
  const get = r.method === 'GET' || r.method === 'HEAD';
  if (parts.length === 2) return get ? { ok: true, route: { kind: 'slash' } } : { ok: false, status: 405, reason: 'method not allowed' };
  const rest = parts.slice(2).join('/');
  const route = routeOf(rest);
  if (!route) return { ok: false, status: 404, reason: 'not found' };
  if (route.kind === 'refresh' ? r.method !== 'POST' : !get) return { ok: false, status: 405, reason: 'method not allowed' };
  return { ok: true, route };
}

function routeOf(rest: string): Route | null {
  if (rest === '') return { kind: 'page' };
  if (rest === 'app.js' || rest === 'app.css') return { kind: 'asset', name: rest };
  if (rest === 'api/snapshot') return { kind: 'snapshot' };
  if (rest === 'events') return { kind: 'events' };
  const m = /^api\/refresh\/([^/]+)$/.exec(rest);
  if (m) {
    try {
      return { kind: 'refresh', id: decodeURIComponent(m[1]) };
    } catch {
      return null;
    }
  }
  return null;
}

export interface DashboardAccount {
  id: string;
  label: string | null;
  email: string | null;
  plan: string | null;
  state: AccountStatus['state'];
  expiresAt: number | null;
  loginExpiresAt: number | null;
  loginEnding: boolean;
  problem: string | null;
  note: string | null;
  current: boolean;
  /** A registered account ctk can try to refresh (not a broken registry entry). */
  refreshable: boolean;
  renewOn: string | null;
  usage: { fetchedAt: number; windows: Record<'5h' | '7d', number | null> } | null;
}

export interface DashboardSnapshot {
  now: number;
  warningHours: number;
  loginWarningDays: number;
  accounts: DashboardAccount[];
  summary: ReturnType<typeof summarize> & { loginEnding: number };
  /** Lifespans the server granted (ms), oldest first: the chart. */
  lifespans: { at: number; account: string; method: string; lifespanMs: number }[];
}

export interface SnapshotInput {
  rows: AccountStatus[];
  registered: Set<string>;
  calendar: PlannedRenewal<AccountStatus>[];
  usage: Record<string, { dir: string; fetchedAt: number; windows: UsageWindows }>;
  history: HistoryEntry[];
  now: number;
  warningHours: number;
  loginWarningDays: number;
}

/** How many lifespans the chart shows at most (the latest). */
export const MAX_LIFESPANS = 300;

export function dashboardSnapshot(i: SnapshotInput): DashboardSnapshot {
  const renewOn = new Map(i.calendar.map((p) => [p.row.id, p.renewOn]));
  const accounts = i.rows.map((r): DashboardAccount => {
    const u = i.usage[r.id];
    const usage = u && u.dir === r.dir ? { fetchedAt: u.fetchedAt, windows: { '5h': effectiveUtilization(u.windows.five_hour, i.now, u.fetchedAt), '7d': effectiveUtilization(u.windows.seven_day, i.now, u.fetchedAt) } } : null;
    return {
      id: r.id,
      label: r.label,
      email: r.email ?? r.expectedEmail,
      plan: r.subscriptionType,
      state: r.state,
      expiresAt: r.expiresAt,
      loginExpiresAt: r.loginExpiresAt,
      loginEnding: r.loginEnding,
      problem: r.error,
      note: r.note,
      current: r.current,
      refreshable: i.registered.has(r.id),
      renewOn: renewOn.get(r.id) ?? null,
      usage,
    };
  });
  const lifespans = lifespanEvents(i.history)
    .filter((e) => e.lifespanMs !== null && e.lifespanMs > 0)
    .slice(-MAX_LIFESPANS)
    .map((e) => ({ at: e.at, account: e.account, method: e.method, lifespanMs: e.lifespanMs! }));
  return {
    now: i.now,
    warningHours: i.warningHours,
    loginWarningDays: i.loginWarningDays,
    accounts,
    summary: { ...summarize(i.rows.map((r) => r.state)), loginEnding: i.rows.filter((r) => r.loginEnding).length },
    lifespans,
  };
}
