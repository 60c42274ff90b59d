// Turning the bytes Claude Code stores into a CredentialsRead, without keeping any secret.
import type { CredentialsRead } from '../domain/token-state.js';

export const MAX_CREDENTIALS_BYTES = 1024 * 1024;

/** Parses a credentials payload (file contents or Keychain secret). Never echoes the input. */
export function parseCredentialsText(text: string, where: string): CredentialsRead {
  if (text.trim() === '') return { kind: 'invalid', reason: `${where} is empty` };
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    // JSON.parse messages quote the input, which may hold a token: say only where.
    return { kind: 'invalid', reason: `${where} is not valid JSON (truncated or hand-edited?)` };
  }
  return parseCredentialsObject(obj, where);
}

export function parseCredentialsObject(obj: unknown, where: string): CredentialsRead {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return { kind: 'invalid', reason: `${where} is not a JSON object` };
  }
  const oauth = (obj as Record<string, unknown>).claudeAiOauth;
  if (oauth === undefined || oauth === null) {
    return { kind: 'missing', reason: 'no Claude login stored (no claudeAiOauth entry)' };
  }
  if (typeof oauth !== 'object' || Array.isArray(oauth)) {
    return { kind: 'invalid', reason: `claudeAiOauth in ${where} is not an object` };
  }
  const o = oauth as Record<string, unknown>;
  return {
    kind: 'oauth',
    expiresAt: o.expiresAt,
    hasAccessToken: typeof o.accessToken === 'string' && o.accessToken.length > 0,
    hasRefreshToken: typeof o.refreshToken === 'string' && o.refreshToken.length > 0,
    subscriptionType: typeof o.subscriptionType === 'string' ? o.subscriptionType : null,
    rateLimitTier: typeof o.rateLimitTier === 'string' ? o.rateLimitTier : null,
    scopes: Array.isArray(o.scopes) ? o.scopes.filter((s): s is string => typeof s === 'string') : [],
  };
}
