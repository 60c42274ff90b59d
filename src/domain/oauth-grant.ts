// The refresh-token grant as Claude Code performs it (DESIGN.md §2), as pure functions:
// the request body, how a reply is classified (RFC 6749), backoff and Retry-After, and
// how new tokens are merged into the stored credentials without losing anything.
import { createHash } from 'node:crypto';

export const DEFAULT_TOKEN_URL = 'https://platform.claude.com/v1/oauth/token';
export const CLAUDE_CODE_CLIENT_ID = '9d1c250a-e61b-44d9-88ed-5944d1962f5e';
export const CLAUDE_CODE_SCOPES = 'user:profile user:inference user:sessions:claude_code user:mcp_servers user:file_upload';

export interface RefreshGrantBody {
  grant_type: 'refresh_token';
  refresh_token: string;
  client_id: string;
  scope: string;
}

/** The exact JSON body Claude Code posts; a stored clientId wins over the built-in one. */
export function refreshGrantBody(refreshToken: string, storedClientId?: unknown): RefreshGrantBody {
  return {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: typeof storedClientId === 'string' && storedClientId ? storedClientId : CLAUDE_CODE_CLIENT_ID,
    scope: CLAUDE_CODE_SCOPES,
  };
}

/** Short sha256 fingerprint for history and the dead-token list: identifies, reveals nothing. */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}

export interface GrantedTokens {
  accessToken: string;
  /** Absent when the server did not rotate: the old one stays. */
  refreshToken: string | null;
  expiresInSec: number;
  /** Null when the reply carried no scope. */
  scopes: string[] | null;
}

export type GrantReply =
  | { kind: 'tokens'; tokens: GrantedTokens }
  /** Retrying cannot help. needsLogin: the refresh token itself is dead. */
  | { kind: 'final'; needsLogin: boolean; message: string; oauthError?: string }
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
};

function short(text: string, max = 120): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

function isJsonObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
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
    const { access_token, refresh_token, expires_in, scope } = json;
    const expires = typeof expires_in === 'string' ? Number(expires_in) : expires_in;
    if (typeof access_token !== 'string' || !access_token || typeof expires !== 'number' || !Number.isFinite(expires) || expires <= 0) {
      return { kind: 'final', needsLogin: false, message: `the token endpoint answered HTTP ${status} without a usable access_token/expires_in` };
    }
    return {
      kind: 'tokens',
      tokens: {
        accessToken: access_token,
        refreshToken: typeof refresh_token === 'string' && refresh_token ? refresh_token : null,
        expiresInSec: expires,
        scopes: typeof scope === 'string' && scope.trim() ? scope.trim().split(/\s+/) : null,
      },
    };
  }

  const oauthError = parsed && isJsonObject(json) && typeof json.error === 'string' ? json.error : undefined;
  if (oauthError) {
    const desc = isJsonObject(json) && typeof json.error_description === 'string' ? ` (${short(json.error_description)})` : '';
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

/**
 * The stored credentials object with the new tokens in place: every other top-level key
 * (MCP tokens) and every other claudeAiOauth field stays as it was.
 */
export function mergeGrantedTokens(stored: Record<string, unknown>, tokens: GrantedTokens, now: number): Record<string, unknown> {
  const old = isJsonObject(stored.claudeAiOauth) ? stored.claudeAiOauth : {};
  const scopes = tokens.scopes ?? (Array.isArray(old.scopes) ? old.scopes : []);
  return {
    ...stored,
    claudeAiOauth: {
      ...old,
      accessToken: tokens.accessToken,
      // A rotated refresh token must always be written back: the old one is dead now.
      refreshToken: tokens.refreshToken ?? old.refreshToken,
      expiresAt: now + Math.round(tokens.expiresInSec * 1000),
      scopes,
    },
  };
}

/** The tokens a stored credentials object holds, for the refresh; never shown anywhere. */
export function storedOAuth(obj: unknown): { accessToken: string; refreshToken: string; expiresAt: number | null; clientId?: unknown } | null {
  if (!isJsonObject(obj) || !isJsonObject(obj.claudeAiOauth)) return null;
  const o = obj.claudeAiOauth;
  return {
    accessToken: typeof o.accessToken === 'string' ? o.accessToken : '',
    refreshToken: typeof o.refreshToken === 'string' ? o.refreshToken : '',
    expiresAt: typeof o.expiresAt === 'number' && Number.isFinite(o.expiresAt) ? o.expiresAt : null,
    clientId: o.clientId,
  };
}
