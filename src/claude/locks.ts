// Claude Code's lock protocol (DESIGN.md §2, §2a), with the same library and settings, so a
// running Claude Code session and ctk never refresh or write the same account at once:
//   <credentials dir>/.oauth_refresh.lock   (stale 60 s)  ┐ held around re-read + POST + write
//   <realpath(credentials dir)>.lock        (stale 60 s)  ┘
//   <credentials dir>/.storage-write.lock   (stale 15 s)    held around the file write only
// All are mkdir locks whose mtime proper-lockfile keeps fresh (every 5 s) while held.
// proper-lockfile keys its bookkeeping by the locked path, so each lock gets its own path
// (see lockTargets). Claude Code 2.1.332 writes `.oauth_refresh.lock.owner` while it holds the
// refresh locks: a lock whose owner record names a live process is never broken, however old.
//
// Signals: while locks are held, the first SIGINT/SIGTERM/SIGHUP lets the refreshes in flight
// finish (their requests have a short timeout) so a rotated refresh token is never lost, then
// releases and re-raises the signal (exit 128+n); a second Ctrl-C releases every lock at once, in
// reverse order, and exits (a second SIGTERM or SIGHUP does not: see onSignal). A caller with its
// own signal handling (a routine, watch) opts out with handleSignals: false; on any process exit
// the locks still go, newest first.
import fs from 'node:fs';
import path from 'node:path';
import { lockReleased, lockTaken } from '../util/in-flight.js';
import { GRACEFUL_SIGNALS, SIGNAL_EXIT } from '../util/signals.js';
import { readStateText } from '../util/fs.js';

export const REFRESH_LOCK_STALE_MS = 60_000;
/** How often a held lock's mtime is renewed (Claude Code 2.1.332: 5 s). */
export const LOCK_UPDATE_MS = 5_000;
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

const SIGNALS = GRACEFUL_SIGNALS;

function releaseAllSync(): void {
  const lf = lockfileMod;
  while (held.length > 0) {
    const h = held.pop()!;
    lockReleased();
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
    try {
      process.stderr.write(`\nctk: ${sig}: finishing the token refresh in progress so no new token is lost (press Ctrl-C again to abort)\n`);
    } catch {
      /* the terminal may be gone (SIGHUP) */
    }
    return;
  }
  // A second hangup or stop (a closed terminal can send two, a logout SIGTERM after SIGHUP) still
  // waits for the refresh in flight, which its timeout bounds; only a second Ctrl-C aborts.
  if (sig !== 'SIGINT') return;
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

/** The pid in Claude Code's `.oauth_refresh.lock.owner`, when that process is alive. */
export function liveLockOwner(credentialsDir: string): number | null {
  let pid: unknown;
  try {
    pid = JSON.parse(readStateText(path.join(credentialsDir, OWNER_RECORD), 64 * 1024) ?? 'null')?.pid;
  } catch {
    return null;
  }
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err: any) {
    return err?.code === 'EPERM' ? pid : null;
  }
}

export const OWNER_RECORD = '.oauth_refresh.lock.owner';

function removeDeadOwnerRecord(credentialsDir: string): void {
  const file = path.join(credentialsDir, OWNER_RECORD);
  if (fs.existsSync(file) && liveLockOwner(credentialsDir) === null) fs.rmSync(file, { force: true });
}

async function acquire(
  target: string,
  stale: number,
  deadline: number,
  opts: LockWaitOptions,
  interruptible = true,
  heldByLiveOwner: () => boolean = () => false,
): Promise<Held> {
  const lf = await lockfile();
  const entry: Held = { target, release: async () => {}, compromised: false, ownSignals: opts.handleSignals !== false };
  for (;;) {
    if (interruptible && (interrupted || opts.signal?.aborted)) throw new InterruptedError();
    try {
      // proper-lockfile would break a lock older than `stale`; one whose owner lives is waited for.
      if (fs.existsSync(`${target}.lock`) && heldByLiveOwner()) throw Object.assign(new Error('held by a live owner'), { code: 'ELOCKED' });
      entry.release = await lf.lock(target, {
        stale,
        update: Math.min(LOCK_UPDATE_MS, stale / 2),
        realpath: false,
        retries: 0,
        // A stolen lock must not crash the process: the write path checks `compromised`.
        onCompromised: () => {
          entry.compromised = true;
        },
      });
      held.push(entry);
      lockTaken();
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
  lockReleased();
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
  /** True when another process broke one of our locks as stale (we stalled > 60 s). */
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
    const owner = () => liveLockOwner(credentialsDir) !== null;
    got.push(await acquire(t.oauthRefresh, REFRESH_LOCK_STALE_MS, deadline, opts, true, owner));
    got.push(await acquire(t.configDir, REFRESH_LOCK_STALE_MS, deadline, opts, true, owner));
    // A record left by a Claude Code that died names a dead process: Claude Code would read it as
    // "the holder is dead" and take over the locks we hold now. Nobody else can hold them: it goes.
    removeDeadOwnerRecord(credentialsDir);
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

/** True while this process holds any of Claude Code's locks (a refresh or its save in flight). */
export function locksHeld(): boolean {
  return held.length > 0;
}
