// Ctrl-C during a routine. During a login it means "this login": the routine then asks
// whether to skip the account or stop. Anywhere else the first Ctrl-C stops the routine after
// the current step (the summary still prints); a second one quits at once.

export class Interrupts {
  stopRequested = false;
  /** Aborts in-flight browserless refreshes when the routine stops. */
  readonly stopController = new AbortController();
  private login: AbortController | null = null;
  private loginHit = false;
  private readonly onSigint = () => this.handle();

  constructor(private readonly notify: (message: string) => void) {}

  install(): void {
    process.on('SIGINT', this.onSigint);
  }

  uninstall(): void {
    process.off('SIGINT', this.onSigint);
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

  stop(): void {
    this.stopRequested = true;
    if (!this.stopController.signal.aborted) this.stopController.abort(new Error('routine stopped'));
  }

  private handle(): void {
    if (this.login) {
      // Claude Code got the same SIGINT from the terminal; make sure it is gone.
      this.loginHit = true;
      this.login.abort(new Error('interrupted'));
      return;
    }
    if (this.stopRequested) {
      process.stderr.write('\x1b[?25h\nctk: stopped\n');
      process.exit(130);
    }
    this.stop();
    this.notify('Stopping after the current step (Ctrl-C again to quit at once)…');
  }
}
