// The one place ctk usage reads an access token: read-only, through the same store every command
// reads (Keychain on macOS when it holds the entry, else the file). The token goes straight into
// an Authorization header and is never printed or kept.
import type { ResolvedAccount } from '../domain/account.js';
import type { CredentialsStore } from '../claude/credentials/store.js';
import { storedOAuth } from '../domain/oauth-grant.js';

export type AccessTokenRead = { ok: true; token: string; expiresAt: number | null } | { ok: false; reason: string };

export function readAccessToken(account: ResolvedAccount, store: CredentialsStore): AccessTokenRead {
  const { raw } = store.load(account);
  if (!raw.ok) return { ok: false, reason: raw.reason };
  const o = storedOAuth(raw.obj);
  if (!o) return { ok: false, reason: 'no Claude login stored' };
  if (!o.accessToken) return { ok: false, reason: 'no access token stored' };
  return { ok: true, token: o.accessToken, expiresAt: o.expiresAt };
}
