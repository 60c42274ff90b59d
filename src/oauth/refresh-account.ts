// Browserless refresh of one account with its refresh token, safe next to running Claude Code
// sessions (DESIGN.md §2, §5).
//
// Timeouts: the 30 s timeout is the budget for the whole refresh (CTK_OAUTH_TIMEOUT_MS). Each
// POST runs while Claude Code's refresh locks are held, and Claude Code only waits ~5–10 s for
// them, so every attempt gets a short per-request timeout (CTK_OAUTH_REQUEST_TIMEOUT_MS, 10 s).
// After a transient failure the locks are released *before* the backoff sleep and taken again
// for the next attempt (which re-reads first, so a session that refreshed meanwhile wins).
// At most 3 attempts; invalid_grant is final.
//
// Cancelling (opts.signal, e.g. a routine's Ctrl-C) stops lock waits, backoff sleeps and new
// attempts, but never a POST already sent: its reply may hold the only copy of the rotated
// refresh token. Without opts.signal, src/claude/locks.ts handles SIGINT/SIGTERM itself.
import type { ResolvedAccount } from '../accounts/types.js';
import { credentialsBackendFor, type CredentialsBackend } from '../claude/credentials-writer.js';
import { acquireRefreshLocks, interruptRequested, InterruptedError, LockTimeoutError } from '../claude/locks.js';
import { formatTimeLeft } from '../domain/duration.js';
import { DEFAULT_TOKEN_URL, mergeGrantedTokens, nextDelay, refreshGrantBody, storedOAuth, tokenFingerprint, type GrantReply } from '../domain/oauth-grant.js';
import { redact } from '../util/redact.js';
import { isDeadFingerprint, rememberDeadFingerprint } from './dead-tokens.js';
import { postRefreshGrant, type PostOptions } from './token-client.js';
import type { OAuthRefreshOptions, OAuthRefreshResult, RefreshWithToken } from './types.js';

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

/** The token endpoint: option, CTK_OAUTH_TOKEN_URL, the demo's local simulation, or Anthropic's. */
export async function resolveTokenUrl(opts: OAuthRefreshOptions, env: NodeJS.ProcessEnv): Promise<string> {
  if (opts.tokenUrl) return opts.tokenUrl;
  if (env.CTK_OAUTH_TOKEN_URL) return env.CTK_OAUTH_TOKEN_URL;
  if (env.CTK_DEMO === '1') {
    // The demo must never reach the internet: a simulated endpoint on 127.0.0.1 in this process.
    const { simulatedTokenUrl } = await import('../demo/simulated-oauth.js');
    return simulatedTokenUrl();
  }
  return DEFAULT_TOKEN_URL;
}

export interface RefreshDeps {
  backend?: CredentialsBackend;
  post?: (o: PostOptions) => Promise<GrantReply>;
  random?: () => number;
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
export function isKnownDead(account: ResolvedAccount, env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    const raw = credentialsBackendFor(account, { env }).readRaw();
    const o = raw.ok ? storedOAuth(raw.obj) : null;
    return !!o?.refreshToken && isDeadFingerprint(tokenFingerprint(o.refreshToken), env);
  } catch {
    return false;
  }
}

export async function refreshAccount(account: ResolvedAccount, opts: OAuthRefreshOptions = {}, deps: RefreshDeps = {}): Promise<OAuthRefreshResult> {
  const env = opts.env ?? process.env;
  const now = opts.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const post = deps.post ?? postRefreshGrant;
  const timings = refreshTimings(env);
  const result = (r: Omit<OAuthRefreshResult, 'message'> & { message: string }): OAuthRefreshResult => ({ ...r, message: redact(r.message) });

  let backend: CredentialsBackend;
  try {
    backend = deps.backend ?? credentialsBackendFor(account, { env });
  } catch (err: any) {
    return result({ outcome: 'failed', message: `cannot open the credentials: ${err?.message ?? err}`, oldExpiresAt: null, newExpiresAt: null, refreshTokenFp: null });
  }
  const first = backend.readRaw();
  if (!first.ok) {
    return result({ outcome: 'needs-login', message: `${first.reason}; log in again`, oldExpiresAt: null, newExpiresAt: null, refreshTokenFp: null });
  }
  const stored = storedOAuth(first.obj);
  if (!stored) {
    return result({ outcome: 'needs-login', message: 'no Claude login stored; log in again', oldExpiresAt: null, newExpiresAt: null, refreshTokenFp: null });
  }
  const oldExpiresAt = stored.expiresAt;
  if (!stored.refreshToken) {
    return result({ outcome: 'needs-login', message: 'no refresh token stored (cleared after a rejected refresh?); log in again', oldExpiresAt, newExpiresAt: null, refreshTokenFp: null });
  }
  let fp = tokenFingerprint(stored.refreshToken);
  if (isDeadFingerprint(fp, env)) {
    return result({ outcome: 'needs-login', message: 'this refresh token was already rejected (invalid_grant); log in again', oldExpiresAt, newExpiresAt: null, refreshTokenFp: fp, oauthError: 'invalid_grant' });
  }

  let url: string;
  try {
    url = await resolveTokenUrl(opts, env);
  } catch (err: any) {
    return result({ outcome: 'failed', message: `cannot start the token endpoint: ${err?.message ?? err}`, oldExpiresAt, newExpiresAt: null, refreshTokenFp: fp });
  }
  // A caller that passes a signal (a routine) owns Ctrl-C; otherwise the lock module does.
  const lockOpts = { env, signal: opts.signal, handleSignals: !opts.signal };
  // The 30 s budget starts once the locks are first held: waiting for a session is not network time.
  let deadline = Infinity;
  let lastProblem = 'no attempt was made';
  let attempts = 0;

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (opts.signal?.aborted || interruptRequested()) {
      return result({ outcome: 'failed', message: 'interrupted before refreshing; the credentials are untouched', oldExpiresAt, newExpiresAt: null, refreshTokenFp: fp });
    }
    let locks;
    try {
      locks = await acquireRefreshLocks(backend.credentialsDir, lockOpts);
    } catch (err: any) {
      const msg = err instanceof InterruptedError ? 'interrupted before refreshing; the credentials are untouched' : err instanceof LockTimeoutError ? err.message : `cannot take Claude Code's refresh lock: ${err?.code ?? err?.message ?? err}`;
      return result({ outcome: 'failed', message: msg, oldExpiresAt, newExpiresAt: null, refreshTokenFp: fp });
    }
    if (deadline === Infinity) deadline = now() + timings.totalMs;
    let reply: GrantReply;
    try {
      // Under the locks: re-read, and stand down if someone else refreshed meanwhile.
      const cur = backend.readRaw();
      const curO = cur.ok ? storedOAuth(cur.obj) : null;
      if (!cur.ok || !curO || !curO.refreshToken) {
        return result({ outcome: 'needs-login', message: 'the stored login disappeared while waiting for the lock; log in again', oldExpiresAt, newExpiresAt: null, refreshTokenFp: fp });
      }
      if (curO.accessToken !== stored.accessToken) {
        return result({
          outcome: 'already-refreshed',
          message: `another process (Claude Code or ctk) refreshed it meanwhile; ${curO.expiresAt ? `valid for ${formatTimeLeft(curO.expiresAt - now())}` : 'no expiry stored'}`,
          oldExpiresAt,
          newExpiresAt: curO.expiresAt,
          refreshTokenFp: fp,
        });
      }
      fp = tokenFingerprint(curO.refreshToken);
      const remaining = deadline - now();
      if (remaining <= 0) break;
      attempts++;
      // Not aborted by opts.signal: once sent, the reply may carry the only copy of a rotated
      // refresh token, so it is awaited (bounded by the short per-request timeout) and saved.
      reply = await post({ url, body: refreshGrantBody(curO.refreshToken, curO.clientId), timeoutMs: Math.min(timings.requestMs, remaining), now });

      if (reply.kind === 'tokens') {
        const obtainedAt = now();
        const merged = mergeGrantedTokens(cur.obj, reply.tokens, obtainedAt);
        const newO = storedOAuth(merged)!;
        try {
          await backend.write(merged, { ...lockOpts, signal: undefined });
        } catch (err: any) {
          // The old refresh token is probably dead now; say so plainly.
          return result({ outcome: 'failed', message: `got new tokens but could not save them (${err?.code ?? err?.message ?? err}); if the account stops working, log in again`, oldExpiresAt, newExpiresAt: null, refreshTokenFp: fp });
        }
        const check = backend.readRaw();
        const back = check.ok ? storedOAuth(check.obj) : null;
        if (!back || back.accessToken !== newO.accessToken || back.refreshToken !== newO.refreshToken || back.expiresAt !== newO.expiresAt) {
          return result({ outcome: 'failed', message: `saved new tokens but ${backend.describe()} reads back differently; check it with ctk status`, oldExpiresAt, newExpiresAt: null, refreshTokenFp: fp });
        }
        const lacksInference = reply.tokens.scopes && !reply.tokens.scopes.includes('user:inference') ? ' (warning: the new token lacks the user:inference scope)' : '';
        return result({
          outcome: 'refreshed',
          message: `refreshed without a browser; valid for ${formatTimeLeft(newO.expiresAt! - obtainedAt)}${lacksInference}`,
          oldExpiresAt,
          newExpiresAt: newO.expiresAt,
          refreshTokenFp: fp,
        });
      }
      if (reply.kind === 'final') {
        if (reply.needsLogin) {
          // Keep the file as it is (Claude Code would wipe it); remember the dead token instead.
          try {
            rememberDeadFingerprint(fp, account.id, env, now());
          } catch {
            /* only an optimisation for next time */
          }
          return result({ outcome: 'needs-login', message: reply.message, oldExpiresAt, newExpiresAt: null, refreshTokenFp: fp, oauthError: reply.oauthError });
        }
        const message = reply.message === 'interrupted' ? 'interrupted; the credentials are untouched' : `${reply.message}; the credentials are untouched`;
        return result({ outcome: 'failed', message, oldExpiresAt, newExpiresAt: null, refreshTokenFp: fp, oauthError: reply.oauthError });
      }
      lastProblem = reply.message;
    } finally {
      // Released before any backoff sleep: Claude Code must never wait on us while we sleep.
      await locks.release();
    }
    if (attempt === MAX_ATTEMPTS) break;
    const delay = nextDelay(reply, attempt, timings.backoffMs, random());
    if (now() + delay >= deadline) {
      lastProblem += reply.retryAfterMs != null ? ` (the server asks to wait ${Math.ceil(reply.retryAfterMs / 1000)} s)` : '';
      break;
    }
    await sleep(delay, opts.signal);
  }
  return result({ outcome: 'failed', message: `${lastProblem}; gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}, the credentials are untouched; try again later`, oldExpiresAt, newExpiresAt: null, refreshTokenFp: fp });
}

export const refreshWithToken: RefreshWithToken = (account, opts) => refreshAccount(account, opts);
