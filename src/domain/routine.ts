// The refresh routine's decisions, pure: which accounts to queue, which method each gets,
// whether a login really renewed the right account, and what the run's outcome means.
import type { TokenState } from './token-state.js';
import { needsRefresh } from './token-state.js';
import { quoteIfNeeded } from './shell-quote.js';

export type MethodChoice = 'auto' | 'oauth' | 'login';
export type Method = 'oauth' | 'login';

/** What the queue needs to know about one checked account. */
export interface QueueRow {
  id: string;
  state: TokenState;
  msLeft: number | null;
  expiresAt: number | null;
  /** A usable token whose login ends within loginWarningDays: only a browser sign-in renews it. */
  loginEnding?: boolean;
  loginExpiresAt?: number | null;
}

export type QueueMode =
  /** `ctk refresh <ids…>`: exactly these, even healthy ones. */
  | { kind: 'ids'; ids: string[] }
  /**
   * `--all`, `morning`, `evening`: everything that expires within the window, plus the dead ones,
   * plus (logins) every account whose login ends soon, for a guided login.
   */
  | { kind: 'window'; windowMs: number; logins?: boolean };

export interface QueuePlan<R extends QueueRow> {
  queued: R[];
  /** Accounts the window leaves alone that still need attention (invalid ones). */
  needsAttention: R[];
}

export function planQueue<R extends QueueRow>(rows: R[], mode: QueueMode): QueuePlan<R> {
  if (mode.kind === 'ids') {
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { queued: mode.ids.map((id) => byId.get(id)).filter((r): r is R => r !== undefined), needsAttention: [] };
  }
  const queued = rows.filter((r) => needsRefresh(r.state, r.msLeft, mode.windowMs) || (mode.logins === true && r.loginEnding === true));
  // Soonest first, so a routine cut short has done the most urgent accounts.
  queued.sort((a, b) => urgency(a) - urgency(b));
  return { queued, needsAttention: rows.filter((r) => r.state === 'invalid') };
}

function urgency(r: QueueRow): number {
  return r.msLeft === null ? -Infinity : r.msLeft;
}

/** Why an account is in the queue, in a few words. */
export function queueReason(r: QueueRow, now?: number): string {
  if (r.loginEnding && (r.state === 'healthy' || r.state === 'expiring') && r.loginExpiresAt != null && now !== undefined) {
    const days = Math.max(0, Math.floor((r.loginExpiresAt - now) / 86_400_000));
    return `login ends in ${days} d: a browser sign-in renews it`;
  }
  switch (r.state) {
    case 'expired':
      return 'expired';
    case 'revoked':
      return 'revoked, needs a login';
    case 'missing':
      return 'not logged in';
    case 'invalid':
      return 'credentials unreadable';
    case 'wrong-account':
      return 'signed in as another account';
    default:
      return 'expires soon';
  }
}

export interface MethodFacts {
  hasRefreshToken: boolean;
  state: TokenState;
  /** The stored refresh token was already rejected (invalid_grant) in an earlier run. */
  refreshTokenDead?: boolean;
  /** Queued for its login deadline: a refresh cannot move it. */
  loginDue?: boolean;
}

/** `auto` uses the refresh token when there is a live one, else a guided login. */
export function chooseMethod(requested: MethodChoice, facts: MethodFacts): Method {
  if (requested !== 'auto') return requested;
  if (facts.loginDue) return 'login';
  // A wrong account needs a browser sign-in as the pinned identity: refreshing the intruder's token fixes nothing.
  return facts.hasRefreshToken && !facts.refreshTokenDead && facts.state !== 'revoked' && facts.state !== 'missing' && facts.state !== 'wrong-account' ? 'oauth' : 'login';
}

export interface VerifyInput {
  /** expiresAt before the attempt (null when there was none). */
  before: number | null;
  /** expiresAt read back after it (null when unreadable or missing). */
  after: number | null;
  /** Why the credentials could not be read back, when they could not. */
  afterProblem?: string | null;
  expectedEmail: string | null;
  actualEmail: string | null;
  now: number;
}

export type VerifyResult =
  | { ok: true; expiresAt: number; note: string | null }
  | { ok: false; kind: 'unreadable' | 'not-renewed' | 'expired' | 'wrong-account'; message: string };

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Done means: a new expiresAt later than before and in the future, and the expected identity. */
export function verifyRefresh(v: VerifyInput): VerifyResult {
  if (v.expectedEmail && v.actualEmail && !sameEmail(v.expectedEmail, v.actualEmail)) {
    return {
      ok: false,
      kind: 'wrong-account',
      message: `WRONG ACCOUNT: signed in as ${v.actualEmail}, expected ${v.expectedEmail}`,
    };
  }
  if (v.after === null) {
    return { ok: false, kind: 'unreadable', message: v.afterProblem ?? 'no credentials after the login' };
  }
  if (v.before !== null && v.after <= v.before) {
    return { ok: false, kind: 'not-renewed', message: 'the token was not renewed (expiry unchanged)' };
  }
  if (v.after <= v.now) {
    return { ok: false, kind: 'expired', message: 'the stored token is already expired' };
  }
  let note: string | null = null;
  if (v.expectedEmail && !v.actualEmail) note = `could not read the signed-in email to compare with ${v.expectedEmail}`;
  else if (!v.expectedEmail && v.actualEmail) note = `signed in as ${v.actualEmail}`;
  return { ok: true, expiresAt: v.after, note };
}

export type ResultKind = 'refreshed' | 'failed' | 'skipped' | 'planned';

export interface AttemptResult {
  id: string;
  result: ResultKind;
  method: Method | null;
  reason: string | null;
  oldExpiresAt: number | null;
  newExpiresAt: number | null;
  lifespanMs: number | null;
  /** The next step for the user when the account is not done. */
  nextStep: string | null;
}

/** Exit 0 only when every queued account is done (a dry run changes nothing and is fine). */
export function routineExitCode(results: AttemptResult[]): number {
  return results.every((r) => r.result === 'refreshed' || r.result === 'planned') ? 0 : 2;
}

export function countResults(results: AttemptResult[]): Record<ResultKind, number> {
  const out: Record<ResultKind, number> = { refreshed: 0, failed: 0, skipped: 0, planned: 0 };
  for (const r of results) out[r.result]++;
  return out;
}

/** The soonest expiry still ahead, across every account. */
export function nextExpiry<R extends { id: string; expiresAt: number | null }>(rows: R[], now: number): R | null {
  let best: R | null = null;
  for (const r of rows) {
    if (r.expiresAt === null || r.expiresAt <= now) continue;
    if (!best || r.expiresAt < best.expiresAt!) best = r;
  }
  return best;
}

/** How `claude auth login` ended (src/claude/login.ts runs it; the routine words it). */
export type LoginOutcome =
  | { kind: 'ok' }
  | { kind: 'exit'; exitCode: number | null; signal: string | null }
  | { kind: 'timeout' }
  | { kind: 'cancelled' }
  | { kind: 'spawn-error'; message: string };

/** Quotes a word for the user's shell, only when it needs it. */
export function shellQuote(word: string, platform: NodeJS.Platform): string {
  return quoteIfNeeded(word, platform === 'win32' ? 'pwsh' : 'bash');
}

/** The login as the user could type it: np-style preview for --dry-run and failure hints. */
export function loginCommandText(
  bin: string,
  dir: string | null,
  email: string | null,
  platform: NodeJS.Platform,
): string {
  const args = ['auth', 'login', ...(email ? ['--email', email] : [])];
  const cmd = [bin, ...args].map((w) => shellQuote(w, platform)).join(' ');
  if (dir === null) return cmd;
  // PowerShell needs the value quoted even when it has no spaces.
  if (platform === 'win32') return `$env:CLAUDE_CONFIG_DIR='${dir.replace(/'/g, "''")}'; ${cmd}`;
  return `CLAUDE_CONFIG_DIR=${shellQuote(dir, platform)} ${cmd}`;
}
