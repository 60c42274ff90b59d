// Which alerts a check should send: pure, with the clock passed in.
// An alert goes out once per transition into a problem state, so the watcher remembers the
// last state it saw for every account (and which token it saw it for).
import type { TokenState } from './token-state.js';
import { formatTimeLeft } from './duration.js';
import { loginEndsText } from './login-deadline.js';

export const ALERT_EVENTS = [
  'token.expiring',
  'token.expired',
  'token.revoked',
  'token.missing',
  'token.invalid',
  'token.wrong_account',
  'token.refreshed',
  'token.refresh_failed',
  'login.ending',
  'login.ended',
] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

/** States worth an alert; `healthy` is the only quiet one. */
export const PROBLEM_STATES: readonly TokenState[] = ['expiring', 'expired', 'revoked', 'missing', 'invalid', 'wrong-account'];

export function isProblem(state: TokenState): boolean {
  return state !== 'healthy';
}

/** What the transition logic needs from a checked account (AccountStatus fits). */
export interface CheckedAccount {
  id: string;
  label: string | null;
  email: string | null;
  state: TokenState;
  expiresAt: number | null;
  msLeft: number | null;
  error: string | null;
  /** The login deadline, when known, and whether it falls within loginWarningDays. */
  loginExpiresAt?: number | null;
  loginEnding?: boolean;
}

/** What the watcher remembers about one account between checks (and restarts). */
export interface SeenAccount {
  state: TokenState;
  expiresAt: number | null;
  /** ISO time this state was first seen. */
  since: string;
  /** The token (expiresAt) whose browserless refresh failed, so it is not retried or re-alerted every check. */
  refreshFailed?: { expiresAt: number | null; outcome: string; attempts: number } | null;
  /** The login deadline already alerted, and how: once per account and deadline. */
  loginAlerted?: { deadline: number; event: 'login.ending' | 'login.ended' } | null;
}

export type SeenMap = Record<string, SeenAccount>;

export interface Alert {
  event: AlertEvent;
  account: { id: string; label: string | null; email: string | null };
  expiresAt: number | null;
  msLeft: number | null;
  /** ISO time the alert was raised. */
  at: string;
  /** One line for people (desktop, Slack, ntfy, the console); never a token. */
  message: string;
  /** What to run to fix it, or null when nothing needs doing. */
  fix: string | null;
}

export interface Change {
  id: string;
  from: TokenState | null;
  to: TokenState;
  msLeft: number | null;
  error: string | null;
}

export interface TransitionResult {
  alerts: Alert[];
  changes: Change[];
  seen: SeenMap;
}

/**
 * Compares this check with what was seen before. `previous === null` means no saved state:
 * every account already in a problem state alerts. After that only transitions alert; a new
 * token (another expiresAt) that is again expiring or expired counts as a new transition.
 * `quiet` lists accounts whose alert is replaced by a refresh result this check.
 */
export function transitions(previous: SeenMap | null, rows: CheckedAccount[], now: number, quiet: ReadonlySet<string> = new Set()): TransitionResult {
  const at = new Date(now).toISOString();
  const alerts: Alert[] = [];
  const changes: Change[] = [];
  const seen: SeenMap = {};
  for (const row of rows) {
    const before = previous?.[row.id];
    const sameToken = before !== undefined && before.expiresAt === row.expiresAt;
    const changed = before === undefined || before.state !== row.state || (!sameToken && (row.state === 'expiring' || row.state === 'expired'));
    const login = loginAlertFor(row, before?.loginAlerted ?? null, now);
    seen[row.id] = {
      state: row.state,
      expiresAt: row.expiresAt,
      since: changed || !before ? at : before.since,
      refreshFailed: before?.refreshFailed && before.refreshFailed.expiresAt === row.expiresAt ? before.refreshFailed : null,
      loginAlerted: login.remembered,
    };
    if (changed && (before !== undefined || isProblem(row.state))) {
      changes.push({ id: row.id, from: before?.state ?? null, to: row.state, msLeft: row.msLeft, error: row.error });
    }
    if (changed && isProblem(row.state) && !quiet.has(row.id)) alerts.push(stateAlert(row, at));
    if (login.alert) alerts.push(login.alert);
  }
  return { alerts, changes, seen };
}

/** login.ending, then login.ended: each once per account and deadline, across checks and restarts. */
function loginAlertFor(row: CheckedAccount, alerted: SeenAccount['loginAlerted'], now: number): { alert: Alert | null; remembered: SeenAccount['loginAlerted'] } {
  const deadline = row.loginExpiresAt ?? null;
  if (deadline === null) return { alert: null, remembered: null };
  const event = deadline <= now ? 'login.ended' : row.loginEnding ? 'login.ending' : null;
  const same = alerted && alerted.deadline === deadline ? alerted : null;
  if (event === null || (same && (same.event === event || same.event === 'login.ended'))) return { alert: null, remembered: same };
  const when = new Date(deadline).toISOString();
  const what = event === 'login.ended' ? `'s login reached its time limit (${when})` : ` ${loginEndsText(deadline, now)} (${when})`;
  return {
    alert: {
      event,
      account: { id: row.id, label: row.label, email: row.email },
      expiresAt: row.expiresAt,
      msLeft: row.msLeft,
      at: new Date(now).toISOString(),
      message: `${who(row)}${what}; sign in again in the browser to renew it`,
      fix: `ctk refresh ${row.id} --method login`,
    },
    remembered: { deadline, event },
  };
}

export function fixCommand(id: string, event: AlertEvent): string | null {
  switch (event) {
    case 'token.expiring':
    case 'token.expired':
      return `ctk refresh ${id}  (or: c ${id} then claude auth login)`;
    case 'token.revoked':
    case 'token.missing':
    case 'token.refresh_failed':
      return `c ${id} then claude auth login  (or: ctk refresh ${id} --method login)`;
    case 'token.invalid':
      return `ctk accounts validate  (then: c ${id} then claude auth login)`;
    case 'token.wrong_account':
    case 'login.ending':
    case 'login.ended':
      return `ctk refresh ${id} --method login`;
    default:
      return null;
  }
}

function who(row: { id: string; label: string | null; email: string | null }): string {
  const name = row.label || row.email;
  return name ? `account ${row.id} (${name})` : `account ${row.id}`;
}

export function stateAlert(row: CheckedAccount, at: string): Alert {
  const event = (row.state === 'wrong-account' ? 'token.wrong_account' : `token.${row.state}`) as AlertEvent;
  let what: string;
  switch (row.state) {
    case 'expiring':
      what = `expires in ${formatTimeLeft(row.msLeft)}`;
      break;
    case 'expired':
      what = `expired ${formatTimeLeft(row.msLeft === null ? null : -row.msLeft)} ago`;
      break;
    case 'revoked':
      what = 'was logged out (refresh token rejected)';
      break;
    case 'missing':
      what = `has no credentials${row.error ? ` (${row.error})` : ''}`;
      break;
    case 'wrong-account':
      what = `is signed in as the wrong account${row.error ? ` (${row.error})` : ''}`;
      break;
    default:
      what = `has unreadable credentials${row.error ? ` (${row.error})` : ''}`;
  }
  return {
    event,
    account: { id: row.id, label: row.label, email: row.email },
    expiresAt: row.expiresAt,
    msLeft: row.msLeft,
    at,
    message: `${who(row)} ${what}`,
    fix: fixCommand(row.id, event),
  };
}

export interface RefreshOutcomeLike {
  outcome: 'refreshed' | 'already-refreshed' | 'needs-login' | 'on-hold' | 'not-refreshable' | 'failed';
  message: string;
  newExpiresAt: number | null;
}

/** The alert for one browserless refresh result (success or failure). */
export function refreshAlert(row: CheckedAccount, result: RefreshOutcomeLike, now: number): Alert {
  const at = new Date(now).toISOString();
  const ok = result.outcome === 'refreshed' || result.outcome === 'already-refreshed';
  if (ok) {
    const expiresAt = result.newExpiresAt ?? row.expiresAt;
    const msLeft = expiresAt === null ? null : expiresAt - now;
    return {
      event: 'token.refreshed',
      account: { id: row.id, label: row.label, email: row.email },
      expiresAt,
      msLeft,
      at,
      message: `${who(row)} was refreshed; valid for ${formatTimeLeft(msLeft)}`,
      fix: null,
    };
  }
  const left = row.msLeft !== null && row.msLeft > 0 ? `expires in ${formatTimeLeft(row.msLeft)}` : 'has expired';
  return {
    event: 'token.refresh_failed',
    account: { id: row.id, label: row.label, email: row.email },
    expiresAt: row.expiresAt,
    msLeft: row.msLeft,
    at,
    message: `${who(row)} ${left}; the automatic refresh failed: ${result.message}`,
    fix:
      result.outcome === 'needs-login'
        ? fixCommand(row.id, 'token.refresh_failed')
        : result.outcome === 'on-hold'
          ? 'see https://claude.ai/restricted'
          : `ctk refresh ${row.id}  (or: c ${row.id} then claude auth login)`,
  };
}

/**
 * Should `--auto-refresh` try this account now? Only tokens inside the window (expiring) or
 * expired ones can be renewed without a browser; a token whose refresh already needed a
 * login is not tried again, and a failing one at most `maxAttempts` times.
 */
export function wantsAutoRefresh(row: CheckedAccount, seen: SeenAccount | undefined, maxAttempts = 3): boolean {
  if (row.state !== 'expiring' && row.state !== 'expired') return false;
  const f = seen?.refreshFailed;
  if (!f || f.expiresAt !== row.expiresAt) return true;
  // Retrying cannot help these until the token changes: no retry storm.
  if (f.outcome === 'needs-login' || f.outcome === 'on-hold' || f.outcome === 'not-refreshable') return false;
  return f.attempts < maxAttempts;
}

/** The webhook body exactly as DESIGN.md §4 gives it. */
export function webhookPayload(alert: Alert): Record<string, unknown> {
  return {
    event: alert.event,
    account: { id: alert.account.id, label: alert.account.label, email: alert.account.email },
    expiresAt: alert.expiresAt,
    msLeft: alert.msLeft,
    at: alert.at,
  };
}

/** Desktop notifications are for people: a successful refresh needs nothing from them. */
export function wantsDesktop(alert: Alert): boolean {
  return alert.event !== 'token.refreshed';
}

/** A short title for a notification or a chat message. */
export function alertTitle(alert: Alert): string {
  const id = alert.account.id;
  switch (alert.event) {
    case 'token.expiring':
      return `ctk: account ${id} expires in ${formatTimeLeft(alert.msLeft)}`;
    case 'token.expired':
      return `ctk: account ${id} has expired`;
    case 'token.revoked':
      return `ctk: account ${id} was logged out`;
    case 'token.missing':
      return `ctk: account ${id} has no credentials`;
    case 'token.invalid':
      return `ctk: account ${id} has unreadable credentials`;
    case 'token.refreshed':
      return `ctk: account ${id} refreshed`;
    default:
      return `ctk: refresh of account ${id} failed`;
  }
}

/** Pending webhook deliveries: at most `maxTries` per alert, then dropped. */
export interface PendingDelivery {
  alert: Alert;
  tries: number;
  lastError?: string;
}

export function afterDelivery(p: PendingDelivery, ok: boolean, error: string | null, maxTries = 3): { keep: PendingDelivery | null; dropped: boolean } {
  if (ok) return { keep: null, dropped: false };
  const tries = p.tries + 1;
  if (tries >= maxTries) return { keep: null, dropped: true };
  return { keep: { ...p, tries, lastError: error ?? undefined }, dropped: false };
}
