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
import { defaultCredentialsStore, writeBlockReason, type CredentialsLocation, type CredentialsStore, type LoadedCredentials } from '../claude/credentials/store.js';
import type { WriteDeps } from '../claude/credentials/write.js';
import { acquireRefreshLocks, interruptRequested, InterruptedError, LockTimeoutError, type LockWaitOptions, type RefreshLocks } from '../claude/locks.js';
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
  type GrantedTokens,
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

/** What one refresh shares between its steps. */
interface RefreshRun {
  account: ResolvedAccount;
  env: NodeJS.ProcessEnv;
  now: () => number;
  store: CredentialsStore;
  timings: RefreshTimings;
  deps: RefreshDeps;
  lockOpts: LockWaitOptions;
  oldExpiresAt: number | null;
  fp: string | null;
}

function resultOf(run: RefreshRun, outcome: OAuthRefreshResult['outcome'], message: string, extra: Partial<OAuthRefreshResult> = {}): OAuthRefreshResult {
  return { outcome, message: redact(message), oldExpiresAt: run.oldExpiresAt, newExpiresAt: null, refreshTokenFp: run.fp, ...extra };
}

/** 1–2: what is stored, and whether a refresh may even start (else the result that ends it). */
function startRefresh(run: RefreshRun, opts: OAuthRefreshOptions): { first: LoadedCredentials; stored: NonNullable<ReturnType<typeof storedOAuth>>; url: string } | OAuthRefreshResult {
  let first: LoadedCredentials;
  try {
    first = run.store.load(run.account);
  } catch (err: any) {
    return resultOf(run, 'failed', `cannot open the credentials: ${errorCode(err)}`);
  }
  const blocked = writeBlockReason(first, run.account.id);
  if (blocked) return resultOf(run, 'not-refreshable', blocked);
  if (!first.raw.ok) return resultOf(run, 'needs-login', `${first.raw.reason}; log in again`);
  const stored = storedOAuth(first.raw.obj);
  if (!stored) return resultOf(run, 'needs-login', 'no Claude login stored; log in');
  run.oldExpiresAt = stored.expiresAt;
  // Any part of these may come back in a server's message: none of it is printed.
  rememberSecret(stored.accessToken);
  rememberSecret(stored.refreshToken);
  if (!stored.refreshToken) return resultOf(run, 'needs-login', 'no refresh token stored (cleared after a rejected refresh?); log in again');
  run.fp = tokenFingerprint(stored.refreshToken);
  if (isDeadFingerprint(run.fp, run.env)) {
    return resultOf(run, 'needs-login', 'this refresh token was already rejected (invalid_grant); log in again', { oauthError: 'invalid_grant' });
  }
  const folderProblem = accountFolderProblem(first.location);
  if (folderProblem) return resultOf(run, 'failed', folderProblem);
  const url = resolveTokenUrl(opts, run.env);
  if (url === null) return resultOf(run, 'failed', 'the demo has no simulated token endpoint in this process; run the command with --demo');
  return { first, stored, url };
}

type Stored = NonNullable<ReturnType<typeof storedOAuth>>;

/** 5: the record first (the preflight of the state folder), then the POST, its bytes captured as they come. */
async function postOnce(run: RefreshRun, url: string, cur: LoadedCredentials, curO: Stored, scopes: string[], timeoutMs: number) {
  const postedHash = tokenHash(curO.refreshToken);
  const record = await PendingRecord.prepare(run.env, run.account.id, cur.location.dir, postedHash, run.now());
  let replyAt = 0;
  let rawDurableAt = 0;
  // Compiled now rather than on the reply's first byte, when every microsecond is exposure.
  const onRawReply = (chunk: Buffer) => {
    replyAt = performance.now();
    rawDurableAt = record.captureRaw(chunk) ? performance.now() : 0;
  };
  onRawReply(Buffer.alloc(0));
  replyAt = rawDurableAt = 0;
  try {
    // Not aborted by a caller's signal: once sent, the reply may carry the only copy of a rotated
    // refresh token, so it is awaited (bounded by the short per-request timeout) and saved.
    const reply = await (run.deps.post ?? postRefreshGrant)({
      url,
      body: refreshGrantBody(curO.refreshToken, curO.clientId, scopes),
      timeoutMs,
      now: run.now,
      onRawReply,
      onReply: () => (replyAt ||= performance.now()),
    });
    return { reply, record, postedHash, durable: () => (replyAt ? (rawDurableAt || performance.now()) - replyAt : null) };
  } catch (err) {
    // A POST that threw holds no tokens.
    record.remove();
    throw err;
  }
}

/** 6: the reply is durable first, then saved with a compare-and-swap (../save-tokens.ts). */
async function settleTokens(run: RefreshRun, tokens: GrantedTokens, record: PendingRecord, postedHash: string, durable: () => number | null): Promise<OAuthRefreshResult> {
  rememberSecret(tokens.accessToken);
  rememberSecret(tokens.refreshToken);
  const obtainedAt = run.now();
  try {
    record.commit(tokens, obtainedAt);
  } catch {
    /* the save below is attempted anyway; only a crash in between would lose the tokens */
  }
  // From the reply's last byte to the record holding it on disk (raw, or else parsed).
  const durableMs = durable();
  // Had we stalled past 60 s and lost a lock, the compare-and-swap below still decides rightly.
  const saved = await saveGrantedTokens({ account: run.account, store: run.store, env: run.env, lock: run.lockOpts, postedHash, tokens, obtainedAt, writeDeps: run.deps.writeDeps, now: run.now });
  if (saved.kind === 'failed') {
    record.close(); // kept on disk: the next ctk command that reads this account saves it
    return resultOf(run, 'failed', `got new tokens but could not save them yet (${saved.message}); they are kept safely and the next ctk refresh or ctk watch saves them`, { durableMs });
  }
  record.remove();
  if (saved.kind === 'adopted' || saved.kind === 'already-saved') {
    return resultOf(run, 'already-refreshed', `refreshed elsewhere while ctk's request was in flight (Claude Code or a new login); kept those tokens`, { newExpiresAt: saved.expiresAt, durableMs });
  }
  const problem = grantProblem(tokens);
  const backupNote = saved.backupProblem ? ` (${saved.backupProblem})` : '';
  if (problem) {
    return resultOf(run, 'failed', `${problem}; the new refresh token is saved and the access token marked as expiring, so Claude Code refreshes it on next use${backupNote}`, { durableMs, saved: true });
  }
  return resultOf(run, 'refreshed', `refreshed without a browser; valid for ${formatTimeLeft(saved.expiresAt! - obtainedAt)}${backupNote}`, { newExpiresAt: saved.expiresAt, durableMs, saved: true });
}

/** A final answer without tokens: on hold, a dead refresh token, or another refusal. */
function settleFinal(run: RefreshRun, reply: Extract<GrantReply, { kind: 'final' }>): OAuthRefreshResult {
  if (reply.onHold) return resultOf(run, 'on-hold', `the account is on hold; see ${ON_HOLD_URL} (the refresh token is kept and used again next time)`, { oauthError: reply.oauthError });
  if (reply.needsLogin) {
    // Keep the file as it is (Claude Code would wipe it); remember the dead token instead.
    try {
      rememberDeadFingerprint(run.fp!, run.account.id, run.env, run.now());
    } catch {
      /* only an optimisation for next time */
    }
    return resultOf(run, 'needs-login', reply.message, { oauthError: reply.oauthError });
  }
  return resultOf(run, 'failed', `${reply.message}; the credentials are untouched`, { oauthError: reply.oauthError });
}

type Attempt = { done: OAuthRefreshResult } | { retry: GrantReply } | { scopeRetry: string } | { outOfTime: true };

/** 3–6, under Claude Code's refresh locks (taken and released by the caller). */
async function lockedAttempt(run: RefreshRun, url: string, stored: Stored, deadline: number, storedScopesOnly: boolean): Promise<Attempt> {
  // 3. an earlier run's obtained tokens go in before anything else
  const recovery = await recoverPendingTokens(run.account, run.store, run.env, run.lockOpts);
  if (recovery.kind === 'failed') return { done: resultOf(run, 'failed', `tokens from an interrupted refresh are waiting to be saved and could not be (${recovery.message}); nothing was sent`) };
  // 4. re-read under the locks, and stand down if someone else refreshed meanwhile
  const cur = run.store.load(run.account);
  const curO = cur.raw.ok ? storedOAuth(cur.raw.obj) : null;
  if (!curO || !curO.refreshToken) return { done: resultOf(run, 'needs-login', 'the stored login disappeared while waiting for the lock; log in again') };
  if (curO.accessToken !== stored.accessToken) {
    const by = recovery.kind === 'recovered' ? 'an interrupted ctk refresh had obtained new tokens; saved them now' : 'another process (Claude Code or ctk) refreshed it meanwhile';
    return { done: resultOf(run, 'already-refreshed', `${by}; ${curO.expiresAt ? `valid for ${formatTimeLeft(curO.expiresAt - run.now())}` : 'no expiry stored'}`, { newExpiresAt: curO.expiresAt }) };
  }
  run.fp = tokenFingerprint(curO.refreshToken);
  rememberSecret(curO.accessToken);
  rememberSecret(curO.refreshToken);
  const remaining = deadline - run.now();
  if (remaining <= 0) return { outOfTime: true };
  let sent;
  try {
    sent = await postOnce(run, url, cur, curO, storedScopesOnly ? curO.scopes : refreshScopes(curO.scopes, curO.clientId), Math.min(run.timings.requestMs, remaining));
  } catch (err: any) {
    return { done: resultOf(run, 'failed', err instanceof PreflightError ? err.message : `cannot prepare the refresh: ${errorCode(err)}`) };
  }
  const { reply, record } = sent;
  if (reply.kind === 'tokens') return { done: await settleTokens(run, reply.tokens, record, sent.postedHash, sent.durable) };
  record.remove();
  if (reply.kind === 'final' && reply.oauthError === 'invalid_scope' && !storedScopesOnly && curO.scopes.length > 0) return { scopeRetry: reply.message };
  if (reply.kind === 'final') return { done: settleFinal(run, reply) };
  return { retry: reply };
}

export async function refreshAccount(account: ResolvedAccount, opts: OAuthRefreshOptions = {}, deps: RefreshDeps = {}): Promise<OAuthRefreshResult> {
  const env = opts.env ?? process.env;
  const run: RefreshRun = {
    account,
    env,
    now: opts.now ?? Date.now,
    store: deps.store ?? defaultCredentialsStore(env),
    timings: refreshTimings(env),
    deps,
    // A caller that passes a signal (a routine, watch) owns the signals; otherwise the lock module does.
    lockOpts: { env, signal: opts.signal, handleSignals: !opts.signal },
    oldExpiresAt: null,
    fp: null,
  };
  const start = startRefresh(run, opts);
  if ('outcome' in start) return start;
  // The 30 s budget starts once the locks are first held: waiting for a session is not network time.
  let deadline = Infinity;
  let lastProblem = 'no attempt was made';
  let attempts = 0;
  let storedScopesOnly = false;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (opts.signal?.aborted || interruptRequested()) return resultOf(run, 'failed', 'interrupted before refreshing; the credentials are untouched');
    let locks: RefreshLocks;
    try {
      locks = await acquireRefreshLocks(start.first.location.dir, run.lockOpts);
    } catch (err: any) {
      const msg = err instanceof InterruptedError ? 'interrupted before refreshing; the credentials are untouched' : err instanceof LockTimeoutError ? err.message : `cannot take Claude Code's refresh lock: ${errorCode(err)}`;
      return resultOf(run, 'failed', msg);
    }
    if (deadline === Infinity) deadline = run.now() + run.timings.totalMs;
    let outcome: Attempt;
    try {
      outcome = await lockedAttempt(run, start.url, start.stored, deadline, storedScopesOnly);
    } finally {
      // 7. released before any backoff sleep: Claude Code must never wait on us while we sleep.
      await locks.release();
    }
    if ('done' in outcome) return outcome.done;
    if ('outOfTime' in outcome) break;
    attempts++;
    if ('scopeRetry' in outcome) {
      // As Claude Code does: once more with exactly the stored scopes.
      storedScopesOnly = true;
      lastProblem = outcome.scopeRetry;
      continue;
    }
    const reply = outcome.retry as Extract<GrantReply, { kind: 'transient' }>;
    lastProblem = reply.message;
    if (attempt === MAX_ATTEMPTS) break;
    const delay = nextDelay(reply, attempt, run.timings.backoffMs, (deps.random ?? Math.random)());
    if (run.now() + delay >= deadline) {
      lastProblem += reply.retryAfterMs != null ? ` (the server asks to wait ${Math.ceil(reply.retryAfterMs / 1000)} s)` : '';
      break;
    }
    await sleep(delay, opts.signal);
  }
  return resultOf(run, 'failed', `${lastProblem}; gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}, the credentials are untouched; try again later`);
}

export const refreshWithToken = (account: ResolvedAccount, opts?: OAuthRefreshOptions): Promise<OAuthRefreshResult> => refreshAccount(account, opts);
