// Saving tokens the server issued into Claude Code's credentials (DESIGN §5, §2a): under
// `.storage-write.lock`, re-read, compare-and-swap on the refresh token that was posted (someone
// else's newer tokens win), replace only claudeAiOauth, write atomically, read back; then a
// best-effort backup of the previous payload in ctk's state folder. Also the recovery of a
// write-ahead record an interrupted refresh left behind.
import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedAccount } from '../domain/account.js';
import { defaultCredentialsStore, type CredentialsStore, type LoadedCredentials } from '../claude/credentials/store.js';
import { serializeLike, writeCredentialsPayload, type WriteDeps } from '../claude/credentials/write.js';
import { acquireRefreshLocks, withStorageWriteLock, type LockWaitOptions } from '../claude/locks.js';
import { stateDir } from '../config/paths.js';
import { ID_PATTERN } from '../domain/ids.js';
import { mergeGrantedTokens, saveDecision, storedOAuth, type GrantedTokens } from '../domain/oauth-grant.js';
import { ensurePrivateDir, writePrivateFileAtomic } from '../util/private-fs.js';
import { pendingAccountIds, readPending, removePending } from './pending-tokens.js';
import { errorCode } from '../util/errors.js';

export const KEEP_BACKUPS = 5;

export type SaveResult =
  | { kind: 'saved'; expiresAt: number | null; backupProblem: string | null }
  /** Someone else (Claude Code, a new login) stored newer tokens meanwhile; theirs stay. */
  | { kind: 'adopted'; expiresAt: number | null }
  | { kind: 'already-saved'; expiresAt: number | null }
  /** Nothing was written; the tokens stay in the write-ahead record. */
  | { kind: 'failed'; message: string };

export interface SaveInput {
  account: ResolvedAccount;
  store: CredentialsStore;
  postedHash: string;
  tokens: GrantedTokens;
  obtainedAt: number;
  env: NodeJS.ProcessEnv;
  lock: LockWaitOptions;
  writeDeps?: WriteDeps;
  now?: () => number;
}

export function backupDirFor(accountId: string, env: NodeJS.ProcessEnv = process.env): string | null {
  // A hand-edited registry id must never become a path outside the state folder.
  return ID_PATTERN.test(accountId) ? path.join(stateDir(env), 'backups', accountId) : null;
}

/** Keeps the previous credentials in `<state>/backups/<id>/`, 0600, the last KEEP_BACKUPS. */
export function backupCredentials(backupDir: string, previous: string, now = new Date()): string {
  ensurePrivateDir(backupDir);
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const file = path.join(backupDir, `credentials-${stamp}-${Math.random().toString(16).slice(2, 6)}.json`);
  // Not synced: the tokens that matter are in the write-ahead record and, next, the credentials.
  writePrivateFileAtomic(file, previous, { durable: false });
  const old = fs
    .readdirSync(backupDir)
    .filter((f) => /^credentials-.*\.json$/.test(f))
    .sort();
  for (const f of old.slice(0, Math.max(0, old.length - KEEP_BACKUPS))) {
    try {
      fs.unlinkSync(path.join(backupDir, f));
    } catch {
      /* another ctk pruned it */
    }
  }
  return file;
}


/** The write itself, under `.storage-write.lock`. Never throws. */
export async function saveGrantedTokens(input: SaveInput): Promise<SaveResult> {
  const { account, store, env } = input;
  let previous: string | null = null;
  let result: SaveResult;
  try {
    result = await withStorageWriteLock(
      store.load(account).location.dir,
      (): SaveResult => {
        const cur: LoadedCredentials = store.load(account);
        if (!cur.raw.ok && cur.raw.state === 'invalid') {
          return { kind: 'failed', message: `${cur.raw.reason}, so the new tokens were not written` };
        }
        const obj = cur.raw.ok ? cur.raw.obj : {};
        const decision = saveDecision(cur.raw.ok ? obj : null, input.postedHash, input.tokens.refreshToken);
        if (decision !== 'write') return { kind: decision === 'adopt' ? 'adopted' : 'already-saved', expiresAt: storedOAuth(obj)?.expiresAt ?? null };
        const merged = mergeGrantedTokens(obj, input.tokens, input.obtainedAt);
        previous = cur.raw.ok ? cur.raw.text : null;
        writeCredentialsPayload(cur.location, serializeLike(previous, merged), input.writeDeps);
        const want = storedOAuth(merged)!;
        const back = store.load(account);
        const got = back.raw.ok ? storedOAuth(back.raw.obj) : null;
        if (!got || got.refreshToken !== want.refreshToken || got.accessToken !== want.accessToken || got.expiresAt !== want.expiresAt) {
          return { kind: 'failed', message: 'the credentials read back differently after the write' };
        }
        return { kind: 'saved', expiresAt: want.expiresAt, backupProblem: null };
      },
      { ...input.lock, signal: undefined },
    );
  } catch (err: any) {
    return { kind: 'failed', message: `could not write the credentials (${errorCode(err)})` };
  }
  if (result.kind === 'saved' && previous !== null) {
    const dir = backupDirFor(account.id, env);
    try {
      if (dir) backupCredentials(dir, previous, new Date((input.now ?? Date.now)()));
    } catch (err: any) {
      // Best effort: the rotated token is saved, which is what matters.
      result = { ...result, backupProblem: `no backup of the previous credentials (${errorCode(err)})` };
    }
  }
  return result;
}

export type Recovery =
  | { kind: 'none' }
  | { kind: 'recovered'; expiresAt: number | null }
  | { kind: 'superseded' }
  | { kind: 'failed'; message: string };

/**
 * Saves what an interrupted refresh of this account obtained (its write-ahead record), under the
 * caller's refresh locks; the record is removed once the credentials hold it or newer tokens.
 */
export async function recoverPendingTokens(
  account: ResolvedAccount,
  store: CredentialsStore,
  env: NodeJS.ProcessEnv,
  lock: LockWaitOptions,
): Promise<Recovery> {
  const found = readPending(env, account.id);
  if (!found) return { kind: 'none' };
  const rec = found.record;
  if (!rec) {
    // A refresh killed before its reply arrived: the record holds no tokens.
    removePending(found.file);
    return { kind: 'none' };
  }
  if (path.resolve(rec.credentialsDir) !== path.resolve(store.load(account).location.dir)) return { kind: 'none' };
  const r = await saveGrantedTokens({ account, store, env, lock, postedHash: rec.postedHash, tokens: rec.tokens, obtainedAt: rec.obtainedAt });
  if (r.kind === 'failed') return r;
  removePending(found.file);
  return r.kind === 'adopted' ? { kind: 'superseded' } : { kind: 'recovered', expiresAt: r.expiresAt };
}

/**
 * Saves the write-ahead records waiting for these accounts, each under Claude Code's refresh
 * locks, without refreshing anything (ctk watch runs this before every check: status already
 * shows such an account as healthy, so no refresh would come to save it). Never throws.
 */
export async function recoverWaiting(
  accounts: ResolvedAccount[],
  env: NodeJS.ProcessEnv,
  opts: { signal?: AbortSignal; waitMs?: number } = {},
): Promise<{ id: string; recovery: Recovery }[]> {
  const store = defaultCredentialsStore(env);
  const lock: LockWaitOptions = { env, signal: opts.signal, handleSignals: false, waitMs: opts.waitMs };
  const out: { id: string; recovery: Recovery }[] = [];
  for (const account of accounts) {
    if (!readPending(env, account.id)) continue;
    try {
      const locks = await acquireRefreshLocks(store.load(account).location.dir, lock);
      try {
        out.push({ id: account.id, recovery: await recoverPendingTokens(account, store, env, lock) });
      } finally {
        await locks.release();
      }
    } catch (err: any) {
      out.push({ id: account.id, recovery: { kind: 'failed', message: err?.message ?? errorCode(err) } });
    }
  }
  return out;
}

/**
 * Tokens an interrupted refresh obtained (its write-ahead record) go into the credentials first:
 * the check then shows such an account as healthy, so no refresh would ever come to save them,
 * while the credentials still hold the refresh token the server has retired.
 */
export async function saveWaitingTokens(accounts: ResolvedAccount[], env: NodeJS.ProcessEnv, signal: AbortSignal, log: (line: string) => void): Promise<void> {
  const waiting = pendingAccountIds(env);
  const due = accounts.filter((a) => waiting.has(a.id));
  if (due.length === 0) return;
  for (const { id, recovery } of await recoverWaiting(due, env, { signal, waitMs: 10_000 })) {
    if (recovery.kind === 'recovered') log(`${id}: saved the new tokens an interrupted refresh had obtained`);
    else if (recovery.kind === 'superseded') log(`${id}: an interrupted refresh's tokens were superseded by newer ones; kept those`);
    else if (recovery.kind === 'failed') log(`${id}: new tokens from an interrupted refresh are still waiting to be saved (${recovery.message}); trying again next check`);
  }
}
