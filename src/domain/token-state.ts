// Classifying one account's token: pure, with an injected clock.

export const STATES = ['healthy', 'expiring', 'expired', 'revoked', 'missing', 'invalid', 'wrong-account'] as const;
export type TokenState = (typeof STATES)[number];

/** What a credentials store found, with no secrets in it. */
export type CredentialsRead =
  | { kind: 'missing'; reason: string }
  | { kind: 'invalid'; reason: string }
  | {
      kind: 'oauth';
      /** Raw expiresAt as stored (ms epoch, or something odd). */
      expiresAt: unknown;
      /** 'other' when the field holds something that is not a string (a hand edit). */
      accessTokenType?: 'string' | 'absent' | 'other';
      refreshTokenType?: 'string' | 'absent' | 'other';
      hasAccessToken: boolean;
      hasRefreshToken: boolean;
      subscriptionType: string | null;
      rateLimitTier: string | null;
      scopes: string[];
      /** claudeAiOauth.refreshTokenExpiresAt: the login deadline (ms epoch), when stored. */
      loginExpiresAt?: number | null;
      /** Claude Code's reason for clearing the tokens, e.g. "time_limit". */
      loginEnded?: string | null;
      /** A macOS Keychain item whose other grants live in overflow items: ctk must not write it. */
      keychainOverflow?: boolean;
      /** claudeAiOauth.accountUuid (2.1.332): whose tokens these are. */
      accountUuid?: string | null;
    };

export interface Classification {
  state: TokenState;
  expiresAt: number | null;
  msLeft: number | null;
  /** Why the state is what it is, when that is not obvious. Never contains a token. */
  error: string | null;
}

/** Below this an expiresAt cannot be milliseconds of a real token (it would be before 1973). */
const SECONDS_THRESHOLD = 1e11;
/** A real expiry lies between 2000 and 9999; as seconds from 2000 on it is Claude Code's bug case. */
const YEAR_2000_S = 946_684_800;
const YEAR_2000_MS = YEAR_2000_S * 1000;
const YEAR_9999_MS = 253_402_300_799_999;

/** A time a real token or login could have: between 2000 and 9999, in ms. */
export function plausibleTime(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= YEAR_2000_MS && v <= YEAR_9999_MS ? v : null;
}

export function classify(read: CredentialsRead, now: number, warningMs: number): Classification {
  if (read.kind === 'missing') return { state: 'missing', expiresAt: null, msLeft: null, error: read.reason };
  if (read.kind === 'invalid') return { state: 'invalid', expiresAt: null, msLeft: null, error: read.reason };

  const raw = read.expiresAt;
  if (read.accessTokenType === 'other' || read.refreshTokenType === 'other') {
    const field = read.accessTokenType === 'other' ? 'accessToken' : 'refreshToken';
    return { state: 'invalid', expiresAt: null, msLeft: null, error: `${field} is not a string (hand-edited?)` };
  }
  // Claude Code clears both tokens and sets expiresAt 0 after a rejected refresh.
  if (!read.hasAccessToken && !read.hasRefreshToken) {
    if (read.loginEnded === 'time_limit') {
      return { state: 'revoked', expiresAt: null, msLeft: null, error: 'the login reached its time limit (about 30 days after sign-in); sign in again in the browser' };
    }
    return { state: 'revoked', expiresAt: null, msLeft: null, error: 'tokens were cleared after a rejected refresh; log in again' };
  }
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0) {
    const shown = raw === undefined ? 'missing' : JSON.stringify(raw)?.slice(0, 40);
    return { state: 'invalid', expiresAt: null, msLeft: null, error: `expiresAt is ${shown}, expected a millisecond timestamp` };
  }
  if (raw === 0) {
    return { state: 'revoked', expiresAt: null, msLeft: null, error: 'expiresAt is 0 (cleared after a rejected refresh); log in again' };
  }
  if (raw < YEAR_2000_S || (raw >= SECONDS_THRESHOLD && raw < YEAR_2000_MS) || raw > YEAR_9999_MS) {
    return { state: 'invalid', expiresAt: null, msLeft: null, error: `expiresAt is ${raw > YEAR_9999_MS ? 'after the year 9999' : 'before the year 2000'}; not a real expiry (hand-edited?)` };
  }
  const msLeft = raw - now;
  if (raw < SECONDS_THRESHOLD) {
    // Claude Code compares expiresAt as milliseconds, so a seconds value reads as long expired.
    return {
      state: 'expired',
      expiresAt: raw,
      msLeft,
      error: `expiresAt ${raw} looks like seconds, not milliseconds; Claude Code treats this token as expired`,
    };
  }
  if (msLeft <= 0) return { state: 'expired', expiresAt: raw, msLeft, error: null };
  if (msLeft <= warningMs) return { state: 'expiring', expiresAt: raw, msLeft, error: null };
  return { state: 'healthy', expiresAt: raw, msLeft, error: null };
}

export type Summary = Record<TokenState, number>;

export function summarize(states: Iterable<TokenState>): Summary {
  const s: Summary = { healthy: 0, expiring: 0, expired: 0, revoked: 0, missing: 0, invalid: 0, 'wrong-account': 0 };
  for (const st of states) s[st]++;
  return s;
}

/** Monitoring-plugin style: the highest code that applies; a login ending soon counts as 1. */
export function statusExitCode(summary: Summary, loginEnding = 0): number {
  if (summary.invalid > 0) return 3;
  if (summary.expired + summary.revoked + summary.missing + summary['wrong-account'] > 0) return 2;
  if (summary.expiring > 0 || loginEnding > 0) return 1;
  return 0;
}

/** True when a routine should offer this account for a refresh. */
export function needsRefresh(state: TokenState, msLeft: number | null, windowMs: number): boolean {
  if (state === 'expired' || state === 'revoked' || state === 'missing' || state === 'wrong-account') return true;
  if (state === 'healthy' || state === 'expiring') return msLeft !== null && msLeft <= windowMs;
  return false;
}
