// Claude Code's lock protocol (DESIGN.md §2), with the same library and stale settings, so a
// running Claude Code session and ctk never refresh or write the same account at once:
//   <credentials dir>/.oauth_refresh.lock   (stale 10 s)  ┐ held around re-read + POST + write
//   <realpath(credentials dir)>.lock        (stale 10 s)  ┘
//   <credentials dir>/.storage-write.lock   (stale 15 s)    held around the file write only
// All are mkdir locks whose mtime proper-lockfile keeps fresh while held. proper-lockfile keys
// its bookkeeping by the locked path, so each lock gets its own path (see lockTargets).
//
// Ctrl-C: the first SIGINT/SIGTERM lets the refreshes in flight finish (their requests have a
// short timeout) so a rotated refresh token is never lost, then releases and re-raises the
// signal; a second one releases every lock at once, in reverse order, and exits. A caller with
// its own Ctrl-C handling (a routine) opts out with handleSignals: false; on any process exit
// the locks still go, newest first.
import fs from 'node:fs';
import path from 'node:path';

export const REFRESH_LOCK_STALE_MS = 10_000;
export const STORAGE_LOCK_STALE_MS = 15_000;

type Lockfile = typeof import('proper-lockfile');
let lockfileMod: Lockfile | null = null;
async function lockfile(): Promise<Lockfile> {
  // Loaded only by commands that write credentials: never on the status path.
  lockfileMod ??= ((await import('proper-lockfile')) as any).default ?? (await import('proper-lockfile'));
  return lockfileMod!;
}

/** The paths passed to proper-lockfile; each one's lock directory is `<target>.lock`. */
export function lockTargets(credentialsDir: string): { oauthRefresh: string; configDir: string; storageWrite: string } {
  let real: string;
  try {
    real = fs.realpathSync(credentialsDir);
  } catch {
    real = path.resolve(credentialsDir);
  }
  return {
    oauthRefresh: path.join(credentialsDir, '.oauth_refresh'),
    configDir: real,
    storageWrite: path.join(credentialsDir, '.storage-write'),
  };
}

/** The lock directories as they appear on disk (what Claude Code creates and checks). */
export function lockDirs(credentialsDir: string): { oauthRefresh: string; configDir: string; storageWrite: string } {
  const t = lockTargets(credentialsDir);
  return { oauthRefresh: `${t.oauthRefresh}.lock`, configDir: `${t.configDir}.lock`, storageWrite: `${t.storageWrite}.lock` };
}

export class LockTimeoutError extends Error {
  constructor(readonly lockDir: string, waitedMs: number) {
    super(`${lockDir} stayed locked for ${(waitedMs / 1000).toFixed(0)} s (a Claude Code session refreshing?); try again in a minute`);
    this.name = 'LockTimeoutError';
  }
}

export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
    this.name = 'InterruptedError';
  }
}

interface Held {
  target: string;
  release: () => Promise<void>;
  compromised: boolean;
  /** False when the caller handles Ctrl-C itself (see LockWaitOptions.handleSignals). */
  ownSignals: boolean;
}

/** Every lock this process holds, oldest first: released newest first. */
const held: Held[] = [];
let pendingSignal: NodeJS.Signals | null = null;
/** Sticky: once interrupted, this process starts no new refresh (the re-raised signal is async). */
let interrupted = false;
let exitHookInstalled = false;
let signalHooksInstalled = false;

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

function releaseAllSync(): void {
  const lf = lockfileMod;
  while (held.length > 0) {
    const h = held.pop()!;
    try {
      if (lf) lf.unlockSync(h.target, { realpath: false });
    } catch {
      /* already released or compromised */
    }
  }
}

function onSignal(sig: NodeJS.Signals): void {
  if (pendingSignal === null) {
    pendingSignal = sig;
    interrupted = true;
    process.stderr.write('\nctk: finishing the token refresh in progress so no new token is lost (press Ctrl-C again to abort)\n');
    return;
  }
  releaseAllSync();
  process.exit(SIGNAL_EXIT[sig] ?? 130);
}

function onExit(): void {
  // Any path out of the process (someone's process.exit included): newest lock first. Runs
  // before proper-lockfile's own exit hook, which would release in no particular order.
  releaseAllSync();
}

function syncHooks(): void {
  const wantExit = held.length > 0;
  const wantSignals = held.some((h) => h.ownSignals);
  if (wantExit !== exitHookInstalled) {
    exitHookInstalled = wantExit;
    if (wantExit) process.on('exit', onExit);
    else process.removeListener('exit', onExit);
  }
  if (wantSignals !== signalHooksInstalled) {
    signalHooksInstalled = wantSignals;
    for (const s of SIGNALS) {
      if (wantSignals) process.on(s, onSignal);
      else process.removeListener(s, onSignal);
    }
  }
  if (!wantSignals && pendingSignal) {
    const sig = pendingSignal;
    pendingSignal = null;
    // Everything is released and saved: let the signal do what it would have done. The exit
    // code covers the case where the process ends before the re-raised signal is handled.
    process.exitCode = SIGNAL_EXIT[sig] ?? 130;
    process.kill(process.pid, sig);
  }
}

/** True once Ctrl-C was pressed while locks were held: start no new refresh. */
export function interruptRequested(): boolean {
  return interrupted;
}

export interface LockWaitOptions {
  /** Give up waiting for a held lock after this long (default CTK_LOCK_WAIT_MS or 30 s). */
  waitMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Stops waiting for a held lock (the caller's Ctrl-C). */
  signal?: AbortSignal;
  /**
   * true (default): while locks are held, this module handles SIGINT/SIGTERM as described at
   * the top. false: the caller has its own Ctrl-C handling (a routine); locks are then still
   * released in reverse order on any exit, through the process 'exit' hook.
   */
  handleSignals?: boolean;
}

function waitBudget(opts: LockWaitOptions): number {
  if (opts.waitMs !== undefined) return opts.waitMs;
  const v = Number((opts.env ?? process.env).CTK_LOCK_WAIT_MS);
  return Number.isFinite(v) && v >= 0 ? v : 30_000;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function acquire(target: string, stale: number, deadline: number, opts: LockWaitOptions, interruptible = true): Promise<Held> {
  const lf = await lockfile();
  const entry: Held = { target, release: async () => {}, compromised: false, ownSignals: opts.handleSignals !== false };
  for (;;) {
    if (interruptible && (interrupted || opts.signal?.aborted)) throw new InterruptedError();
    try {
      entry.release = await lf.lock(target, {
        stale,
        realpath: false,
        retries: 0,
        // A stolen lock must not crash the process: the write path checks `compromised`.
        onCompromised: () => {
          entry.compromised = true;
        },
      });
      held.push(entry);
      syncHooks();
      return entry;
    } catch (err: any) {
      if (err?.code !== 'ELOCKED') throw err;
      if (Date.now() >= deadline) throw new LockTimeoutError(`${target}.lock`, 0);
      // Claude Code polls every 1–2 s; ctk polls faster so it takes over as soon as it can.
      await sleep(50 + Math.floor(Math.random() * 100));
    }
  }
}

async function releaseOne(h: Held): Promise<void> {
  const i = held.lastIndexOf(h);
  if (i === -1) return; // released by the second Ctrl-C already
  held.splice(i, 1);
  try {
    await h.release();
  } catch {
    /* compromised or already gone: nothing left to release */
  }
}

async function releaseReverse(list: Held[]): Promise<void> {
  for (const h of [...list].reverse()) await releaseOne(h);
  syncHooks();
}

export interface RefreshLocks {
  /** True when another process broke one of our locks as stale (we stalled > 10 s). */
  readonly compromised: boolean;
  release(): Promise<void>;
}

/** Takes the two refresh locks in Claude Code's order; waits (bounded) while someone holds them. */
export async function acquireRefreshLocks(credentialsDir: string, opts: LockWaitOptions = {}): Promise<RefreshLocks> {
  const t = lockTargets(credentialsDir);
  const started = Date.now();
  const deadline = started + waitBudget(opts);
  const got: Held[] = [];
  try {
    got.push(await acquire(t.oauthRefresh, REFRESH_LOCK_STALE_MS, deadline, opts));
    got.push(await acquire(t.configDir, REFRESH_LOCK_STALE_MS, deadline, opts));
  } catch (err) {
    await releaseReverse(got);
    if (err instanceof LockTimeoutError) throw new LockTimeoutError(err.lockDir, Date.now() - started);
    throw err;
  }
  let released = false;
  return {
    get compromised() {
      return got.some((h) => h.compromised);
    },
    release: async () => {
      if (released) return;
      released = true;
      await releaseReverse(got);
    },
  };
}

/** Runs `fn` under `<dir>/.storage-write.lock`, the lock Claude Code writes credentials under. */
export async function withStorageWriteLock<T>(credentialsDir: string, fn: () => T | Promise<T>, opts: LockWaitOptions = {}): Promise<T> {
  const t = lockTargets(credentialsDir);
  const started = Date.now();
  let h: Held;
  try {
    // Not interruptible: this write is what saves a rotated refresh token.
    h = await acquire(t.storageWrite, STORAGE_LOCK_STALE_MS, started + waitBudget(opts), opts, false);
  } catch (err) {
    if (err instanceof LockTimeoutError) throw new LockTimeoutError(err.lockDir, Date.now() - started);
    throw err;
  }
  try {
    return await fn();
  } finally {
    await releaseReverse([h]);
  }
}
