// Browserless refresh of one account with its refresh token, safe next to running Claude Code
// sessions (DESIGN.md §2a, §5). In order:
//   1. read; stop early when only a login helps, or when ctk must not write this store
//   2. preflight: the account folder is writable (else nothing is sent)
//   3. take Claude Code's two refresh locks; save what an interrupted earlier refresh obtained
//   4. re-read; stand down if someone else refreshed meanwhile
//   5. prepare the write-ahead record (the preflight for ctk's state folder), POST
//   6. make the reply durable in that record first, then save it under .storage-write.lock with a
//      compare-and-swap on the refresh token that was posted (./save-tokens.ts)
//   7. release in reverse order, even on failure or a signal
//
// Timeouts: the 30 s budget covers the whole refresh (CTK_OAUTH_TIMEOUT_MS). Each POST runs
// while Claude Code's refresh locks are held, and Claude Code waits only ~8 s for them, so every
// attempt gets a short per-request timeout (CTK_OAUTH_REQUEST_TIMEOUT_MS, 10 s) that holds
// through the body. After a transient failure the locks are released before the backoff.
// At most 3 attempts; invalid_grant and account_on_hold are final; invalid_scope is retried once
// with the stored scopes.
//
// Cancelling (opts.signal, e.g. a routine's Ctrl-C) stops lock waits, backoff sleeps and new
// attempts, but never a POST already sent: its reply may hold the only copy of the rotated
// refresh token. Without opts.signal, src/claude/locks.ts handles SIGINT/SIGTERM/SIGHUP itself.
import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedAccount } from '../domain/account.js';
import { defaultCredentialsStore, writeBlockReason, type CredentialsLocation, type CredentialsStore } from '../claude/credentials/store.js';
import type { WriteDeps } from '../claude/credentials/write.js';
import { acquireRefreshLocks, interruptRequested, InterruptedError, LockTimeoutError, type RefreshLocks } from '../claude/locks.js';
import { formatTimeLeft } from '../domain/duration.js';
import {
  DEFAULT_TOKEN_URL,
  grantProblem,
  nextDelay,
  ON_HOLD_URL,
  refreshGrantBody,
  refreshScopes,
  storedOAuth,
  tokenFingerprint,
  tokenHash,
  type GrantReply,
} from '../domain/oauth-grant.js';
import { redact, rememberSecret } from '../domain/redact.js';
import { isDeadFingerprint, rememberDeadFingerprint } from './dead-tokens.js';
import { PendingRecord, PreflightError } from './pending-tokens.js';
import { recoverPendingTokens, saveGrantedTokens } from './save-tokens.js';
import { postRefreshGrant, type PostOptions } from './token-client.js';
import type { OAuthRefreshOptions, OAuthRefreshResult } from './types.js';
import { errorCode } from '../util/errors.js';

export const MAX_ATTEMPTS = 3;

function envMs(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  const v = Number(env[name]);
  return env[name] !== undefined && env[name] !== '' && Number.isFinite(v) && v >= 0 ? v : dflt;
}

export interface RefreshTimings {
  /** Budget for the whole refresh, retries included (Claude Code's 30 s). */
  totalMs: number;
  /** Per POST while the locks are held. */
  requestMs: number;
  /** Base of the jittered exponential backoff between attempts. */
  backoffMs: number;
}

export function refreshTimings(env: NodeJS.ProcessEnv): RefreshTimings {
  return {
    totalMs: envMs(env, 'CTK_OAUTH_TIMEOUT_MS', 30_000),
    requestMs: envMs(env, 'CTK_OAUTH_REQUEST_TIMEOUT_MS', 10_000),
    backoffMs: envMs(env, 'CTK_OAUTH_BACKOFF_MS', 1_000),
  };
}

/** The token endpoint: option, CTK_OAUTH_TOKEN_URL, or Anthropic's; null in a demo without its own. */
export function resolveTokenUrl(opts: OAuthRefreshOptions, env: NodeJS.ProcessEnv): string | null {
  const url = opts.tokenUrl ?? env.CTK_OAUTH_TOKEN_URL;
  if (url) return url;
  // The demo's fake tokens must never reach a real server (--demo starts a simulated endpoint).
  return env.CTK_DEMO === '1' ? null : DEFAULT_TOKEN_URL;
}

export interface RefreshDeps {
  store?: CredentialsStore;
  post?: (o: PostOptions) => Promise<GrantReply>;
  random?: () => number;
  writeDeps?: WriteDeps;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** True when the account's stored refresh token was already rejected (remembered by fingerprint). */
export function isKnownDead(account: ResolvedAccount, env: NodeJS.ProcessEnv = process.env, store?: CredentialsStore): boolean {
  try {
    const loaded = (store ?? defaultCredentialsStore(env)).load(account);
    const o = loaded.raw.ok ? storedOAuth(loaded.raw.obj) : null;
    return !!o?.refreshToken && isDeadFingerprint(tokenFingerprint(o.refreshToken), env);
  } catch {
    return false;
  }
}


/** The account folder (a symlinked file: its target's folder) must take a new file. */
function accountFolderProblem(location: CredentialsLocation): string | null {
  if (location.kind !== 'file') return null;
  let dir = location.dir;
  try {
    if (fs.lstatSync(location.file).isSymbolicLink()) dir = path.dirname(fs.realpathSync(location.file));
  } catch {
    /* a missing file was reported before; a dangling link fails below */
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err: any) {
    return `the account folder ${dir} is not writable (${err?.code === 'EROFS' ? 'read-only file system' : errorCode(err)}); nothing was sent, the credentials are untouched`;
  }
  try {
    const s = fs.statfsSync(dir);
    if (s.bavail * s.bsize < 64 * 1024) return `the disk of ${dir} is full; nothing was sent, the credentials are untouched`;
  } catch {
    /* statfs is not everywhere; the write itself will tell */
  }
  return null;
}

export async function refreshAccount(account: ResolvedAccount, opts: OAuthRefreshOptions = {}, deps: RefreshDeps = {}): Promise<OAuthRefreshResult> {
  const env = opts.env ?? process.env;
  const now = opts.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const post = deps.post ?? postRefreshGrant;
  const timings = refreshTimings(env);
  const store = deps.store ?? defaultCredentialsStore(env);
  let oldExpiresAt: number | null = null;
  let fp: string | null = null;
  /** Every token this refresh has seen: none of it may reach a message, prefix or not (§5). */
  const result = (outcome: OAuthRefreshResult['outcome'], message: string, extra: Partial<OAuthRefreshResult> = {}): OAuthRefreshResult => ({
    outcome,
    message: redact(message),
    oldExpiresAt,
    newExpiresAt: null,
    refreshTokenFp: fp,
    ...extra,
  });

  // 1. what is stored
  let first;
  try {
    first = store.load(account);
  } catch (err: any) {
    return result('failed', `cannot open the credentials: ${errorCode(err)}`);
  }
  const blocked = writeBlockReason(first, account.id);
  if (blocked) return result('not-refreshable', blocked);
  if (!first.raw.ok) return result('needs-login', `${first.raw.reason}; log in again`);
  const stored = storedOAuth(first.raw.obj);
  if (!stored) return result('needs-login', 'no Claude login stored; log in again');
  oldExpiresAt = stored.expiresAt;
  // Any part of these may come back in a server's message: none of it is printed.
  rememberSecret(stored.accessToken);
  rememberSecret(stored.refreshToken);
  if (!stored.refreshToken) return result('needs-login', 'no refresh token stored (cleared after a rejected refresh?); log in again');
  fp = tokenFingerprint(stored.refreshToken);
  if (isDeadFingerprint(fp, env)) {
    return result('needs-login', 'this refresh token was already rejected (invalid_grant); log in again', { oauthError: 'invalid_grant' });
  }

  // 2. preflight
  const folderProblem = accountFolderProblem(first.location);
  if (folderProblem) return result('failed', folderProblem);
  const url = resolveTokenUrl(opts, env);
  if (url === null) return result('failed', 'the demo has no simulated token endpoint in this process; run the command with --demo');

  // A caller that passes a signal (a routine, watch) owns the signals; otherwise the lock module does.
  const lockOpts = { env, signal: opts.signal, handleSignals: !opts.signal };
  // The 30 s budget starts once the locks are first held: waiting for a session is not network time.
  let deadline = Infinity;
  let lastProblem = 'no attempt was made';
  let attempts = 0;
  let scopeRetry = false;

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (opts.signal?.aborted || interruptRequested()) return result('failed', 'interrupted before refreshing; the credentials are untouched');
    let locks: RefreshLocks;
    try {
      locks = await acquireRefreshLocks(first.location.dir, lockOpts);
    } catch (err: any) {
      const msg =
        err instanceof InterruptedError ? 'interrupted before refreshing; the credentials are untouched' : err instanceof LockTimeoutError ? err.message : `cannot take Claude Code's refresh lock: ${errorCode(err)}`;
      return result('failed', msg);
    }
    if (deadline === Infinity) deadline = now() + timings.totalMs;
    let reply: GrantReply;
    let record: PendingRecord | null = null;
    try {
      // 3. an earlier run's obtained tokens go in before anything else
      const recovery = await recoverPendingTokens(account, store, env, lockOpts);
      if (recovery.kind === 'failed') return result('failed', `tokens from an interrupted refresh are waiting to be saved and could not be (${recovery.message}); nothing was sent`);

      // 4. re-read under the locks
      const cur = store.load(account);
      const curO = cur.raw.ok ? storedOAuth(cur.raw.obj) : null;
      if (!curO || !curO.refreshToken) return result('needs-login', 'the stored login disappeared while waiting for the lock; log in again');
      if (curO.accessToken !== stored.accessToken) {
        const by = recovery.kind === 'recovered' ? 'an interrupted ctk refresh had obtained new tokens; saved them now' : 'another process (Claude Code or ctk) refreshed it meanwhile';
        return result('already-refreshed', `${by}; ${curO.expiresAt ? `valid for ${formatTimeLeft(curO.expiresAt - now())}` : 'no expiry stored'}`, {
          newExpiresAt: curO.expiresAt,
        });
      }
      fp = tokenFingerprint(curO.refreshToken);
      rememberSecret(curO.accessToken);
      rememberSecret(curO.refreshToken);
      const remaining = deadline - now();
      if (remaining <= 0) break;

      // 5. the record first (preflight of the state folder), then the POST
      const postedHash = tokenHash(curO.refreshToken);
      try {
        record = PendingRecord.prepare(env, account.id, cur.location.dir, postedHash, now());
      } catch (err: any) {
        return result('failed', err instanceof PreflightError ? err.message : `cannot prepare the refresh: ${errorCode(err)}`);
      }
      attempts++;
      const scopes = scopeRetry ? curO.scopes : refreshScopes(curO.scopes, curO.clientId);
      let replyAt = 0;
      let rawDurableAt = 0;
      const rec = record;
      // Compiled now rather than on the reply's first byte, when every microsecond is exposure.
      const onRawReply = (chunk: Buffer) => {
        replyAt = performance.now();
        rawDurableAt = rec.captureRaw(chunk) ? performance.now() : 0;
      };
      onRawReply(Buffer.alloc(0));
      replyAt = rawDurableAt = 0;
      // Not aborted by opts.signal: once sent, the reply may carry the only copy of a rotated
      // refresh token, so it is awaited (bounded by the short per-request timeout) and saved.
      reply = await post({
        url,
        body: refreshGrantBody(curO.refreshToken, curO.clientId, scopes),
        timeoutMs: Math.min(timings.requestMs, remaining),
        now,
        // Every byte goes into the record as it arrives, before it is even parsed.
        onRawReply,
        onReply: () => (replyAt ||= performance.now()),
      });

      if (reply.kind === 'tokens') {
        rememberSecret(reply.tokens.accessToken);
        rememberSecret(reply.tokens.refreshToken);
        // 6. durable first, then saved
        const obtainedAt = now();
        try {
          record.commit(reply.tokens, obtainedAt);
        } catch {
          /* the save below is attempted anyway; only a crash in between would lose the tokens */
        }
        // From the reply's last byte to the record holding it on disk (raw, or else parsed).
        const durableMs = replyAt ? (rawDurableAt || performance.now()) - replyAt : null;
        // Had we stalled past 60 s and lost a lock, the compare-and-swap below still decides rightly.
        const saved = await saveGrantedTokens({ account, store, env, lock: lockOpts, postedHash, tokens: reply.tokens, obtainedAt, writeDeps: deps.writeDeps, now });
        if (saved.kind === 'failed') {
          record.close();
          record = null; // kept on disk: the next ctk command that reads this account saves it
          return result('failed', `got new tokens but could not save them yet (${saved.message}); they are kept safely and the next ctk refresh or ctk watch saves them`, { durableMs });
        }
        record.remove();
        record = null;
        if (saved.kind === 'adopted' || saved.kind === 'already-saved') {
          return result('already-refreshed', `refreshed elsewhere while ctk's request was in flight (Claude Code or a new login); kept those tokens`, {
            newExpiresAt: saved.expiresAt,
            durableMs,
          });
        }
        const problem = grantProblem(reply.tokens);
        const backupNote = saved.backupProblem ? ` (${saved.backupProblem})` : '';
        if (problem) {
          return result('failed', `${problem}; the new refresh token is saved and the access token marked as expiring, so Claude Code refreshes it on next use${backupNote}`, {
            durableMs,
            saved: true,
          });
        }
        return result('refreshed', `refreshed without a browser; valid for ${formatTimeLeft(saved.expiresAt! - obtainedAt)}${backupNote}`, {
          newExpiresAt: saved.expiresAt,
          durableMs,
          saved: true,
        });
      }
      record.remove();
      record = null;
      if (reply.kind === 'final') {
        if (reply.onHold) {
          return result('on-hold', `the account is on hold; see ${ON_HOLD_URL} (the refresh token is kept and used again next time)`, { oauthError: reply.oauthError });
        }
        if (reply.oauthError === 'invalid_scope' && !scopeRetry && curO.scopes.length > 0 && attempt < MAX_ATTEMPTS) {
          scopeRetry = true; // as Claude Code does: once more with exactly the stored scopes
          lastProblem = reply.message;
          continue;
        }
        if (reply.needsLogin) {
          // Keep the file as it is (Claude Code would wipe it); remember the dead token instead.
          try {
            rememberDeadFingerprint(fp, account.id, env, now());
          } catch {
            /* only an optimisation for next time */
          }
          return result('needs-login', reply.message, { oauthError: reply.oauthError });
        }
        return result('failed', `${reply.message}; the credentials are untouched`, { oauthError: reply.oauthError });
      }
      lastProblem = reply.message;
    } finally {
      // A record still open here belongs to a POST that threw: it holds no tokens.
      record?.remove();
      // 7. released before any backoff sleep: Claude Code must never wait on us while we sleep.
      await locks.release();
    }
    if (attempt === MAX_ATTEMPTS) break;
    const delay = nextDelay(reply as { retryAfterMs: number | null }, attempt, timings.backoffMs, random());
    if (now() + delay >= deadline) {
      lastProblem += reply.kind === 'transient' && reply.retryAfterMs != null ? ` (the server asks to wait ${Math.ceil(reply.retryAfterMs / 1000)} s)` : '';
      break;
    }
    await sleep(delay, opts.signal);
  }
  return result('failed', `${lastProblem}; gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}, the credentials are untouched; try again later`);
}

export const refreshWithToken = (account: ResolvedAccount, opts?: OAuthRefreshOptions): Promise<OAuthRefreshResult> => refreshAccount(account, opts);
