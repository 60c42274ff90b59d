// The one parser of what Claude Code stores (file contents or Keychain secret): the full object
// for the refresh, and a summary without any secret for everything that only looks.
import { rememberSecretsIn } from '../../domain/redact.js';
import { plausibleTime, type CredentialsRead } from '../../domain/token-state.js';

export const MAX_CREDENTIALS_BYTES = 1024 * 1024;

export type ParsedCredentials = { ok: true; obj: Record<string, unknown> } | { ok: false; reason: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Never echoes the input: JSON.parse messages quote it, and it may hold a token. */
export function parseCredentialsJson(text: string, where: string): ParsedCredentials {
  // A BOM is what some Windows editors add; Claude Code's own JSON.parse would choke on it too.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, reason: `${where} is empty` };
  let obj: unknown;
  try {
    obj = JSON.parse(body);
  } catch {
    return { ok: false, reason: `${where} is not valid JSON (truncated or hand-edited?)` };
  }
  if (!isObject(obj)) return { ok: false, reason: `${where} is not a JSON object` };
  // Whatever happens next, no part of these values may reach output.
  rememberSecretsIn(obj);
  return { ok: true, obj };
}


/** What a parsed payload says about the Claude login, with no secret in it. */
export function summarizeCredentials(obj: Record<string, unknown>, where: string): CredentialsRead {
  const oauth = obj.claudeAiOauth;
  if (oauth === undefined || oauth === null) return { kind: 'missing', reason: 'no Claude login stored (no claudeAiOauth entry)' };
  if (!isObject(oauth)) return { kind: 'invalid', reason: `claudeAiOauth in ${where} is not an object` };
  return {
    kind: 'oauth',
    expiresAt: oauth.expiresAt,
    accessTokenType: tokenType(oauth.accessToken),
    refreshTokenType: tokenType(oauth.refreshToken),
    hasAccessToken: typeof oauth.accessToken === 'string' && oauth.accessToken.length > 0,
    hasRefreshToken: typeof oauth.refreshToken === 'string' && oauth.refreshToken.length > 0,
    subscriptionType: typeof oauth.subscriptionType === 'string' ? oauth.subscriptionType : null,
    rateLimitTier: typeof oauth.rateLimitTier === 'string' ? oauth.rateLimitTier : null,
    scopes: Array.isArray(oauth.scopes) ? oauth.scopes.filter((s): s is string => typeof s === 'string') : [],
    loginExpiresAt: plausibleTime(oauth.refreshTokenExpiresAt),
    loginEnded: typeof oauth.loginEnded === 'string' ? oauth.loginEnded : null,
    keychainOverflow: obj.keychainOverflow !== undefined && obj.keychainOverflow !== null,
    accountUuid: typeof oauth.accountUuid === 'string' && oauth.accountUuid ? oauth.accountUuid : null,
  };
}

function tokenType(v: unknown): 'string' | 'absent' | 'other' {
  if (typeof v === 'string') return 'string';
  return v === undefined || v === null ? 'absent' : 'other';
}

export function parseCredentialsText(text: string, where: string): CredentialsRead {
  const p = parseCredentialsJson(text, where);
  return p.ok ? summarizeCredentials(p.obj, where) : { kind: 'invalid', reason: p.reason };
}
