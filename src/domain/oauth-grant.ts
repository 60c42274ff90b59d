// The refresh-token grant as Claude Code 2.1.332 performs it (DESIGN.md §2, §2a), as pure
// functions: the scopes and request body, how a reply is classified (RFC 6749, "account on
// hold", odd 200s), backoff and Retry-After, the compare-and-swap rule for saving, and how new
// tokens are merged into the stored credentials without losing anything.
import { createRequire } from 'node:module';
import { rememberSecret } from './redact.js';

// node:crypto costs ~2.5 ms to load; status only needs it when a refresh record is pending.
const lazyRequire = createRequire(import.meta.url);

export const DEFAULT_TOKEN_URL = 'https://platform.claude.com/v1/oauth/token';
export const CLAUDE_CODE_CLIENT_ID = '9d1c250a-e61b-44d9-88ed-5944d1962f5e';
/** What 2.1.332 asks for on every refresh. */
export const CLAUDE_CODE_SCOPES = ['user:profile', 'user:inference', 'user:sessions:claude_code', 'user:mcp_servers', 'user:file_upload', 'user:plugins'];
/** Scopes 2.1.332 adds to the request only when the stored token already has them. */
export const STORED_EXTRA_SCOPES = ['user:projects:read', 'user:projects:write', 'user:privacy_consents:write'];
export const ON_HOLD_URL = 'https://claude.ai/restricted';
/** An expires_in beyond this is not a token lifetime but a broken or hostile reply. */
export const MAX_EXPIRES_IN_SEC = 400 * 86_400;

export interface RefreshGrantBody {
  grant_type: 'refresh_token';
  refresh_token: string;
  client_id: string;
  scope: string;
}

function isJsonObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const stringsOf = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.length > 0) : []);
const hasClientId = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/**
 * The scope list to request. Asking for fewer scopes than stored can narrow the account, so the
 * stored extras go along; with a stored clientId (a custom client) the stored scopes are sent.
 */
export function refreshScopes(storedScopes: unknown, storedClientId: unknown): string[] {
  const stored = stringsOf(storedScopes);
  if (hasClientId(storedClientId) && stored.length > 0) return stored;
  return [...CLAUDE_CODE_SCOPES, ...STORED_EXTRA_SCOPES.filter((s) => stored.includes(s))];
}

/** The exact JSON body Claude Code posts; a stored clientId wins over the built-in one. */
export function refreshGrantBody(refreshToken: string, storedClientId?: unknown, scopes: string[] = CLAUDE_CODE_SCOPES): RefreshGrantBody {
  return {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: hasClientId(storedClientId) ? storedClientId : CLAUDE_CODE_CLIENT_ID,
    scope: scopes.join(' '),
  };
}

/** Full sha256 of a token: what the write-ahead record compares, never the token itself. */
export function tokenHash(token: string): string {
  const { createHash } = lazyRequire('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(token).digest('hex');
}

/** Short sha256 fingerprint for history and the dead-token list: identifies, reveals nothing. */
export function tokenFingerprint(token: string): string {
  return tokenHash(token).slice(0, 12);
}

export interface GrantedTokens {
  /** Null when the reply carried none (the stored one is kept, marked expired). */
  accessToken: string | null;
  /** Null when the server did not rotate: the old one stays. */
  refreshToken: string | null;
  /** Null when expires_in was missing or odd: the access token is then marked as expiring now. */
  expiresInSec: number | null;
  /** Null when the reply carried no scope. */
  scopes: string[] | null;
  /** refresh_token_expires_in, when the reply carried a usable one. */
  refreshTokenExpiresInSec: number | null;
}

export type GrantReply =
  | { kind: 'tokens'; tokens: GrantedTokens }
  /** Retrying cannot help. needsLogin: the refresh token itself is dead. onHold: the account is. */
  | { kind: 'final'; needsLogin: boolean; onHold?: boolean; message: string; oauthError?: string }
  /** May work a little later: network trouble, 5xx, 429, 408. */
  | { kind: 'transient'; message: string; retryAfterMs: number | null };

/** Retry-After is either delta-seconds or an HTTP date; returns ms to wait, or null. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value == null) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  // An HTTP date always names its month; this also keeps Date.parse away from "-5".
  if (!/[a-z]/i.test(v)) return null;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  return Math.max(0, t - now);
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
export function backoffDelay(attempt: number, baseMs: number, random: number, capMs = 8000): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * Math.min(1, Math.max(0, random)));
}

/** How long to wait before the next attempt: the server's Retry-After wins over our backoff. */
export function nextDelay(reply: { retryAfterMs: number | null }, attempt: number, baseMs: number, random: number): number {
  return reply.retryAfterMs ?? backoffDelay(attempt, baseMs, random);
}

const OAUTH_ERRORS: Record<string, string> = {
  invalid_grant: 'the refresh token is no longer valid (used, revoked or expired)',
  invalid_client: 'the server does not accept the client id',
  unauthorized_client: 'this client may not use the refresh-token grant',
  unsupported_grant_type: 'the server does not support the refresh-token grant',
  invalid_scope: 'the server refused the requested scopes',
  invalid_request: 'the server says the request is malformed',
  access_denied: 'the server denied access',
};

function short(text: string, max = 120): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

/** A lifetime in seconds from a reply field, or null when it is missing, odd or absurd. */
function lifetimeSec(v: unknown): number | null {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 && n <= MAX_EXPIRES_IN_SEC ? n : null;
}

function successReply(status: number, json: Record<string, unknown>): GrantReply {
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  const accessToken = str(json.access_token);
  const refreshToken = str(json.refresh_token);
  rememberSecret(accessToken);
  rememberSecret(refreshToken);
  // A rotated refresh token is kept whatever else the reply lacks: the old one is dead now.
  if (!accessToken && !refreshToken) {
    return { kind: 'final', needsLogin: false, message: `the token endpoint answered HTTP ${status} without an access_token or refresh_token` };
  }
  const scope = json.scope;
  return {
    kind: 'tokens',
    tokens: {
      accessToken,
      refreshToken,
      expiresInSec: lifetimeSec(json.expires_in),
      scopes: typeof scope === 'string' && scope.trim() ? scope.trim().split(/\s+/) : null,
      refreshTokenExpiresInSec: lifetimeSec(json.refresh_token_expires_in),
    },
  };
}

/** "account_on_hold" (§2a): the account, not the token, is blocked; nothing to log in again for. */
function isOnHold(status: number, oauthError: string, json: Record<string, unknown>): boolean {
  return (status === 400 || status === 401 || status === 403) && (oauthError === 'invalid_grant' || oauthError === 'access_denied') && json.error_description === 'account_on_hold';
}

/**
 * Classifies one HTTP reply of the token endpoint. Messages never quote tokens (callers redact
 * anyway) and say what to do next.
 */
export function classifyGrantReply(status: number, contentType: string, bodyText: string, retryAfter: string | null, now: number): GrantReply {
  let json: unknown;
  let parsed = false;
  try {
    json = JSON.parse(bodyText);
    parsed = true;
  } catch {
    /* handled per status below */
  }
  const looksHtml = /html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(bodyText);

  if (status >= 200 && status < 300) {
    if (!parsed || !isJsonObject(json)) {
      return { kind: 'final', needsLogin: false, message: `the token endpoint answered HTTP ${status} with ${looksHtml ? 'an HTML page' : 'malformed JSON'} instead of tokens (a proxy in the way?)` };
    }
    return successReply(status, json);
  }

  const oauthError = parsed && isJsonObject(json) && typeof json.error === 'string' ? json.error : undefined;
  if (oauthError && isJsonObject(json)) {
    if (isOnHold(status, oauthError, json)) {
      return { kind: 'final', needsLogin: false, onHold: true, oauthError, message: `the account is on hold (account_on_hold); see ${ON_HOLD_URL}` };
    }
    const desc = typeof json.error_description === 'string' ? ` (${short(json.error_description)})` : '';
    if (oauthError === 'invalid_grant') {
      return { kind: 'final', needsLogin: true, oauthError, message: `${OAUTH_ERRORS.invalid_grant}${desc}; log in again` };
    }
    // RFC 6749 errors are final by definition, except when the server is overloaded.
    if (status !== 429 && status < 500) {
      return { kind: 'final', needsLogin: false, oauthError, message: `token endpoint error ${oauthError}: ${OAUTH_ERRORS[oauthError] ?? 'unexpected error'}${desc}` };
    }
  }
  const what = looksHtml ? 'an HTML error page' : oauthError ? `error ${oauthError}` : parsed ? 'an error' : 'a non-JSON reply';
  if (status === 429) {
    return { kind: 'transient', retryAfterMs: parseRetryAfter(retryAfter, now), message: `the token endpoint is rate limiting (HTTP 429)` };
  }
  if (status >= 500 || status === 408) {
    return { kind: 'transient', retryAfterMs: parseRetryAfter(retryAfter, now), message: `the token endpoint failed with HTTP ${status} (${what})` };
  }
  return { kind: 'final', needsLogin: false, message: `the token endpoint answered HTTP ${status} with ${what} (a proxy or firewall in the way?)` };
}

/** Why granted tokens cannot be used as a working login (they are still saved), or null. */
export function grantProblem(tokens: GrantedTokens): string | null {
  if (tokens.scopes && !tokens.scopes.includes('user:inference')) return 'the server granted a token without the user:inference scope, which Claude Code refuses';
  if (!tokens.accessToken) return 'the reply carried no access_token';
  if (tokens.expiresInSec === null) return 'the reply carried no usable expires_in';
  return null;
}

/**
 * The stored credentials object with the new tokens in place. Only claudeAiOauth changes; every
 * other top-level key (MCP and other grants) stays exactly as `current` has it, and so does every
 * other claudeAiOauth field. A rotated refresh token is always kept. When the reply cannot be
 * used as is (grantProblem), the access token is marked as expiring now so Claude Code refreshes
 * it itself with the new refresh token. The login deadline follows Claude Code: min(old, new),
 * never introduced by a refresh.
 */
export function mergeGrantedTokens(current: Record<string, unknown>, tokens: GrantedTokens, obtainedAt: number): Record<string, unknown> {
  const old = isJsonObject(current.claudeAiOauth) ? current.claudeAiOauth : {};
  const usable = grantProblem(tokens) === null;
  const oldScopes = Array.isArray(old.scopes) ? old.scopes : [];
  const next: Record<string, unknown> = {
    ...old,
    accessToken: usable ? tokens.accessToken : typeof old.accessToken === 'string' ? old.accessToken : '',
    refreshToken: tokens.refreshToken ?? old.refreshToken,
    expiresAt: usable ? obtainedAt + Math.round(tokens.expiresInSec! * 1000) : obtainedAt,
    scopes: usable && tokens.scopes ? tokens.scopes : oldScopes,
  };
  const oldDeadline = typeof old.refreshTokenExpiresAt === 'number' && Number.isFinite(old.refreshTokenExpiresAt) ? old.refreshTokenExpiresAt : null;
  if (oldDeadline !== null && tokens.refreshTokenExpiresInSec !== null) {
    next.refreshTokenExpiresAt = Math.min(oldDeadline, obtainedAt + Math.round(tokens.refreshTokenExpiresInSec * 1000));
  }
  return { ...current, claudeAiOauth: next };
}

export type SaveDecision =
  /** The stored refresh token is still the one posted (or cleared): write ours. */
  | 'write'
  /** Ours is already stored (a recovery after a kill between rename and clean-up). */
  | 'already-saved'
  /** Someone else stored newer tokens meanwhile (Claude Code, a new login): theirs win. */
  | 'adopt';

/** Claude Code's compare-and-swap rule (§2a), by the hash of the refresh token that was posted. */
export function saveDecision(current: Record<string, unknown> | null, postedHash: string, newRefreshToken: string | null): SaveDecision {
  const o = current && isJsonObject(current.claudeAiOauth) ? current.claudeAiOauth : null;
  const stored = o && typeof o.refreshToken === 'string' ? o.refreshToken : '';
  if (stored === '') return 'write';
  if (newRefreshToken !== null && stored === newRefreshToken) return 'already-saved';
  return tokenHash(stored) === postedHash ? 'write' : 'adopt';
}

/** The tokens a stored credentials object holds, for the refresh; never shown anywhere. */
export function storedOAuth(
  obj: unknown,
): { accessToken: string; refreshToken: string; expiresAt: number | null; clientId?: unknown; scopes: string[]; loginExpiresAt: number | null } | null {
  if (!isJsonObject(obj) || !isJsonObject(obj.claudeAiOauth)) return null;
  const o = obj.claudeAiOauth;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    accessToken: typeof o.accessToken === 'string' ? o.accessToken : '',
    refreshToken: typeof o.refreshToken === 'string' ? o.refreshToken : '',
    expiresAt: num(o.expiresAt),
    clientId: o.clientId,
    scopes: stringsOf(o.scopes),
    loginExpiresAt: num(o.refreshTokenExpiresAt),
  };
}
