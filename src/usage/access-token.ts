// The one place ctk usage reads an access token: read-only, through the same backend the
// browserless refresh uses (Keychain on macOS when it holds the entry, else the file). The token
// goes straight into an Authorization header and is never printed or kept.
import type { ResolvedAccount } from '../accounts/types.js';
import { credentialsBackendFor, type BackendOptions } from '../claude/credentials-writer.js';
import { storedOAuth } from '../domain/oauth-grant.js';

export type AccessTokenRead = { ok: true; token: string; expiresAt: number | null } | { ok: false; reason: string };

export function readAccessToken(account: ResolvedAccount, opts: BackendOptions = {}): AccessTokenRead {
  const raw = credentialsBackendFor(account, opts).readRaw();
  if (!raw.ok) return { ok: false, reason: raw.reason };
  const o = storedOAuth(raw.obj);
  if (!o) return { ok: false, reason: 'no Claude login stored' };
  if (!o.accessToken) return { ok: false, reason: 'no access token stored' };
  return { ok: true, token: o.accessToken, expiresAt: o.expiresAt };
}
