// Signals during a routine. Ctrl-C during a login means "this login": the routine then asks
// whether to skip the account or stop. Anywhere else the first Ctrl-C stops the routine after
// the current step (the summary still prints); a second one quits at once. SIGTERM (systemd
// stopping the evening timer) and SIGHUP (a closed terminal) stop the routine the same way,
// without asking; a refresh already sent finishes and is saved, and the routine then exits
// 128+n. A second SIGTERM or SIGHUP while a refresh holds Claude Code's locks waits for it too
// (closing a terminal can deliver two hangups, a logout a SIGTERM after the SIGHUP): the reply may
// carry the only new refresh token, and the per-request timeout bounds the wait. Only a second
// Ctrl-C quits at once.
import { refreshInFlight } from '../util/in-flight.js';
import { GRACEFUL_SIGNALS, SIGNAL_EXIT } from '../util/signals.js';

export class Interrupts {
  stopRequested = false;
  /** SIGTERM or SIGHUP, when one stopped the routine (Ctrl-C keeps the routine's own exit code). */
  signal: NodeJS.Signals | null = null;
  /** Aborts in-flight browserless refreshes when the routine stops. */
  readonly stopController = new AbortController();
  private login: AbortController | null = null;
  private loginHit = false;
  /** Until then a SIGINT is the late twin of the Ctrl-C that ended a login, not a new one. */
  private twinUntil = 0;
  private readonly handlers = new Map<NodeJS.Signals, () => void>();

  constructor(private readonly notify: (message: string) => void) {}

  install(): void {
    for (const sig of GRACEFUL_SIGNALS) {
      const h = () => this.handle(sig);
      this.handlers.set(sig, h);
      process.on(sig, h);
    }
  }

  uninstall(): void {
    for (const [sig, h] of this.handlers) process.off(sig, h);
    this.handlers.clear();
  }

  /** The exit code a signal asks for, or null when none stopped the routine. */
  get signalExitCode(): number | null {
    return this.signal ? (SIGNAL_EXIT[this.signal] ?? 130) : null;
  }

  /** A signal that fires when the user presses Ctrl-C during this login. */
  beginLogin(): AbortSignal {
    this.loginHit = false;
    this.login = new AbortController();
    return this.login.signal;
  }

  /** Ends the login; true when Ctrl-C was pressed during it. */
  endLogin(): boolean {
    this.login = null;
    return this.loginHit;
  }

  /**
   * Claude Code ended on a Ctrl-C that ctk has not seen yet: the terminal's SIGINT can reach ctk
   * after the child's exit (a busy machine), and must not then stop the routine while the user
   * answers "skip or stop". While that question is open the terminal is raw, so no new Ctrl-C
   * arrives as a signal; `until` closes the window when nobody is asked.
   */
  expectLateSigint(until: number): void {
    this.twinUntil = until;
  }

  stop(): void {
    this.stopRequested = true;
    if (!this.stopController.signal.aborted) this.stopController.abort(new Error('routine stopped'));
  }

  private handle(sig: NodeJS.Signals): void {
    if (sig !== 'SIGINT') {
      // Nobody to ask: stop after what is in flight, and leave with 128+n.
      if (this.signal) return refreshInFlight() ? undefined : this.quit(sig);
      this.signal = sig;
      // Also the code of an early exit on a closed terminal (EIO, see cli.ts).
      process.exitCode = SIGNAL_EXIT[sig] ?? 130;
      this.login?.abort(new Error(sig));
      this.stop();
      this.notify(`${sig}: stopping after the refresh in flight is saved`);
      return;
    }
    if (Date.now() < this.twinUntil) {
      this.twinUntil = 0;
      return;
    }
    if (this.login) {
      // Claude Code got the same SIGINT from the terminal; make sure it is gone.
      this.loginHit = true;
      this.login.abort(new Error('interrupted'));
      return;
    }
    if (this.stopRequested) return this.quit(sig);
    this.stop();
    this.notify('Stopping after the current step (Ctrl-C again to quit at once)…');
  }

  private quit(sig: NodeJS.Signals): void {
    try {
      process.stderr.write('\x1b[?25h\nctk: stopped\n');
    } catch {
      /* the terminal may be gone */
    }
    process.exit(SIGNAL_EXIT[sig] ?? 130);
  }
}
