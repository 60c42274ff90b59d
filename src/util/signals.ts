// The signals that stop ctk gracefully, and the exit code each gives (128 + n), as a shell and
// systemd expect. SIGHUP (a closed terminal) and SIGTERM (systemd stopping a timer) are treated
// like Ctrl-C: a token refresh in flight finishes and is saved first.
export const GRACEFUL_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
export const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
