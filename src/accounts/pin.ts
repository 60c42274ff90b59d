// Pinning an account's identity (email, account uuid) from what its folder is signed in as, so a
// later login into someone else is seen as the wrong account, never as the new truth.
import { readIdentity } from '../claude/identity.js';
import type { Account } from '../domain/account.js';

/** The account with its identity pinned from .claude.json where nothing is pinned yet. */
export function pinFromFolder<A extends Account>(account: A): A {
  const signedIn = readIdentity({ ...account, implicit: false });
  if (!signedIn) return account;
  const out = { ...account };
  if (!out.email && signedIn.email) out.email = signedIn.email;
  const sameEmail = !out.email || !signedIn.email || out.email.toLowerCase() === signedIn.email.toLowerCase();
  if (!out.accountUuid && signedIn.accountUuid && sameEmail) out.accountUuid = signedIn.accountUuid;
  return out;
}
