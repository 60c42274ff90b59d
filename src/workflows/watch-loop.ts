// ctk watch's loop: check, print, sleep, until stopped. Ctrl-C, SIGTERM and SIGHUP stop it after
// the check in progress (a refresh in flight is finished and saved first); a second one quits at
// once. The exit code says how it ended: 0, 75 (--once could not check), or 128+n for a signal.
import type { CheckReport } from '../alerts/watcher.js';
import { refreshInFlight } from '../util/in-flight.js';
import { GRACEFUL_SIGNALS, SIGNAL_EXIT } from '../util/signals.js';
import { errorCode } from '../util/errors.js';

export interface WatchLoopDeps {
  /** One check (under the state lock); throws when it could not run at all. */
  check(signal: AbortSignal): Promise<CheckReport>;
  /** After a check: the last-run stamp and the output. */
  report(r: CheckReport): void;
  /** Why a check was skipped (another watcher, an unwritable state folder). */
  skipped(why: string): void;
  log(line: string): void;
  everyMs: number;
  once: boolean;
}

/** Node's timers overflow past ~24.8 days, so long sleeps are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Sleeps, waking early when the watcher is told to stop. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const until = Date.now() + ms;
    let timer: NodeJS.Timeout;
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const arm = () => {
      const left = until - Date.now();
      if (left <= 0) return done();
      timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    };
    signal.addEventListener('abort', done, { once: true });
    arm();
  });
}

export async function watchLoop(deps: WatchLoopDeps): Promise<number> {
  const ac = new AbortController();
  let stopping: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (stopping) {
      // A second SIGTERM/SIGHUP (a closed terminal can send two) waits for a refresh in flight:
      // its reply may hold the only new refresh token. A second Ctrl-C means now; the state of
      // the last finished check is already saved.
      if (sig !== 'SIGINT' && refreshInFlight()) return;
      process.exit(SIGNAL_EXIT[sig] ?? 130);
    }
    stopping = sig;
    process.exitCode = SIGNAL_EXIT[sig] ?? 130;
    if (!deps.once) deps.log(`${sig}: stopping after this check`);
    ac.abort();
  };
  for (const s of GRACEFUL_SIGNALS) process.on(s, onSignal);
  let exitCode = 0;
  try {
    while (!ac.signal.aborted) {
      let report: CheckReport | null = null;
      try {
        report = await deps.check(ac.signal);
      } catch (err: any) {
        deps.skipped(err?.code === 'ELOCKED' ? 'another ctk watch is checking right now' : (errorCode(err)));
        if (deps.once) {
          exitCode = 75;
          break;
        }
      }
      if (report) deps.report(report);
      if (deps.once) break;
      await sleep(deps.everyMs, ac.signal);
    }
  } finally {
    for (const s of GRACEFUL_SIGNALS) process.off(s, onSignal);
  }
  return stopping ? (SIGNAL_EXIT[stopping] ?? 130) : exitCode;
}
