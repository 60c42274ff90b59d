// Checking accounts: read each one's credentials and identity, classify, never throw.
import type { ResolvedAccount } from './types.js';
import { classify, type TokenState } from '../domain/token-state.js';
import { isCurrentAccount, type CredentialsStore } from '../claude/credentials-store.js';
import { readIdentity } from '../claude/identity.js';
import { redact } from '../util/redact.js';

export interface AccountStatus {
  id: string;
  label: string | null;
  dir: string;
  email: string | null;
  subscriptionType: string | null;
  state: TokenState;
  expiresAt: number | null;
  msLeft: number | null;
  error: string | null;
  current: boolean;
}

export interface CheckOptions {
  store: CredentialsStore;
  now: number;
  warningMs: number;
  env?: NodeJS.ProcessEnv;
}

export function checkAccount(account: ResolvedAccount, opts: CheckOptions): AccountStatus {
  const base = {
    id: account.id,
    label: account.label ?? null,
    dir: account.dir,
    current: isCurrentAccount(account, opts.env),
  };
  try {
    const read = opts.store.read(account);
    const c = classify(read, opts.now, opts.warningMs);
    const identity = readIdentity(account);
    const email = identity?.email ?? account.email ?? null;
    let error = c.error;
    if (identity?.email && account.email && identity.email.toLowerCase() !== account.email.toLowerCase()) {
      const note = `signed in as ${identity.email}, registered as ${account.email}`;
      error = error ? `${error}; ${note}` : note;
    }
    return {
      ...base,
      email,
      subscriptionType: read.kind === 'oauth' ? read.subscriptionType : null,
      state: c.state,
      expiresAt: c.expiresAt,
      msLeft: c.msLeft,
      error: error === null ? null : redact(error),
    };
  } catch (err: any) {
    // A bug or an odd file system must not hide the other accounts.
    return {
      ...base,
      email: account.email ?? null,
      subscriptionType: null,
      state: 'invalid',
      expiresAt: null,
      msLeft: null,
      error: redact(`unexpected error: ${err?.message ?? String(err)}`),
    };
  }
}

export function checkAccounts(accounts: ResolvedAccount[], opts: CheckOptions): AccountStatus[] {
  return accounts.map((a) => checkAccount(a, opts));
}
