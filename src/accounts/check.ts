// Checking accounts: read each one's credentials and identity, classify, never throw.
import type { AccountStatus, ResolvedAccount } from '../domain/account.js';
import { classify, type CredentialsRead } from '../domain/token-state.js';
import { isCurrentAccount, loadedToRead, describeLocation, writeBlockReason, type CredentialsKind, type CredentialsStore } from '../claude/credentials/store.js';
import { summarizeCredentials } from '../claude/credentials/parse.js';
import { readIdentity, saveIdentityCache, useIdentityCacheFile } from '../claude/identity.js';
import { isWrongAccount, wrongAccountMessage } from '../domain/identity.js';
import type { BrokenEntry } from '../domain/registry-entry.js';
import { DEFAULT_LOGIN_WARNING_DAYS, loginEndsText, loginStanding } from '../domain/login-deadline.js';
import { mergeGrantedTokens, saveDecision } from '../domain/oauth-grant.js';
import { pendingAccountIds, readPending } from '../oauth/pending-tokens.js';
import { redact } from '../domain/redact.js';
import { errorText } from '../util/errors.js';


export interface CheckOptions {
  store: CredentialsStore;
  now: number;
  warningMs: number;
  env?: NodeJS.ProcessEnv;
  /** Ids with a write-ahead refresh record waiting (read once per run; see pendingAccountIds). */
  pending?: Set<string>;
  /** Days before the login deadline that count as "ending" (setting loginWarningDays, 5). */
  loginWarningDays?: number;
  /** Where checkAccounts keeps its identity cache between runs (ctk's state folder). */
  identityCacheFile?: string;
}

const PENDING_NOTE = 'new tokens from an interrupted refresh are kept in ctk’s state folder; the next ctk refresh or ctk watch saves them';

/**
 * What the account reads as, counting tokens an interrupted refresh obtained but did not save:
 * status shows the account as it will be once they are recovered.
 */
function readWithPending(account: ResolvedAccount, opts: CheckOptions): { read: CredentialsRead; storage: CredentialsKind; notes: string[] } {
  const loaded = opts.store.load(account);
  const notes: string[] = [];
  const blocked = writeBlockReason(loaded, account.id);
  if (blocked && loaded.location.kind !== 'windows-credential-manager') notes.push(`not refreshed by ctk: ${blocked}`);
  let read = loadedToRead(loaded, describeLocation(loaded.location));
  const pending = opts.pending ?? pendingAccountIds(opts.env ?? process.env);
  if (pending.has(account.id) && loaded.location.kind !== 'windows-credential-manager') {
    const rec = readPending(opts.env ?? process.env, account.id)?.record;
    const obj = loaded.raw.ok ? loaded.raw.obj : loaded.raw.state === 'missing' ? {} : null;
    if (rec && obj && saveDecision(loaded.raw.ok ? obj : null, rec.postedHash, rec.tokens.refreshToken) === 'write') {
      read = summarizeCredentials(mergeGrantedTokens(obj, rec.tokens, rec.obtainedAt), describeLocation(loaded.location));
      notes.push(PENDING_NOTE);
    }
  }
  return { read, storage: loaded.location.kind, notes };
}

export function checkAccount(account: ResolvedAccount, opts: CheckOptions): AccountStatus {
  const base = {
    id: account.id,
    label: account.label ?? null,
    dir: account.dir,
    current: isCurrentAccount(account, opts.env),
  };
  try {
    const { read, storage, notes } = readWithPending(account, opts);
    const c = classify(read, opts.now, opts.warningMs);
    const identity = readIdentity(account);
    const email = identity?.email ?? account.email ?? null;
    const signedIn = { email: identity?.email ?? null, accountUuid: (read.kind === 'oauth' ? read.accountUuid : null) ?? identity?.accountUuid ?? null };
    const wrong = read.kind === 'oauth' && isWrongAccount(account, signedIn);
    const loginExpiresAt = read.kind === 'oauth' ? (read.loginExpiresAt ?? null) : null;
    const usable = c.state === 'healthy' || c.state === 'expiring';
    const standing = loginStanding(loginExpiresAt, opts.now, opts.loginWarningDays ?? DEFAULT_LOGIN_WARNING_DAYS);
    if (usable && standing === 'ending' && loginExpiresAt !== null) notes.unshift(`${loginEndsText(loginExpiresAt, opts.now)}; renew it with a browser sign-in: ctk refresh ${account.id} --method login`);
    const error = wrong ? wrongAccountMessage(account.id, account, signedIn) : c.error;
    return {
      ...base,
      email,
      subscriptionType: read.kind === 'oauth' ? read.subscriptionType : null,
      state: wrong ? 'wrong-account' : c.state,
      expiresAt: c.expiresAt,
      msLeft: c.msLeft,
      error: error === null ? null : redact(error),
      storage,
      note: notes.length ? redact(notes.join('; ')) : null,
      expectedEmail: account.email ?? null,
      loginExpiresAt,
      loginEnding: usable && !wrong && standing === 'ending',
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
      error: redact(`unexpected error: ${errorText(err)}`),
      storage: 'file',
      note: null,
      expectedEmail: account.email ?? null,
      loginExpiresAt: null,
      loginEnding: false,
    };
  }
}

export function checkAccounts(accounts: ResolvedAccount[], opts: CheckOptions): AccountStatus[] {
  const o = opts.pending ? opts : { ...opts, pending: pendingAccountIds(opts.env ?? process.env) };
  if (opts.identityCacheFile) useIdentityCacheFile(opts.identityCacheFile);
  const rows = accounts.map((a) => checkAccount(a, o));
  if (opts.identityCacheFile) saveIdentityCache();
  return rows;
}

/** A registry entry that breaks the rules: its own invalid row, no file touched. */
export function brokenEntryRow(b: BrokenEntry): AccountStatus {
  return {
    id: b.shownId,
    label: null,
    dir: '',
    email: null,
    subscriptionType: null,
    state: 'invalid',
    expiresAt: null,
    msLeft: null,
    error: redact(b.problem),
    current: false,
    storage: 'file',
    note: null,
    expectedEmail: null,
    loginExpiresAt: null,
    loginEnding: false,
  };
}
