// Refresh: the browserless refreshes, a few at a time, then the guided logins one by one (the
// planned ones, then the accounts whose refresh token could not do it).
import { countResults } from '../../../domain/routine.js';
import { GUIDED_LOGINS, guidedLoginsTitle, refreshedTitle, withoutBrowserTitle } from '../../../domain/routine-text.js';
import type { QueuedAccount } from '../queued-account.js';
import type { RoutineTask, StepEnv } from '../state.js';

export interface RefreshLanes {
  withoutBrowser(acc: QueuedAccount): RoutineTask;
  guidedLogin(acc: QueuedAccount): RoutineTask;
}

export function refreshStep({ deps, opts }: StepEnv, lanes: RefreshLanes): RoutineTask {
  return {
    title: 'Refresh',
    enabled: (state) => state.queue.length > 0 && !opts.dryRun && !state.needsYes && !state.cancelled,
    task: (state, t) => {
      const viaOauth = state.queue.filter((a) => a.method === 'oauth');
      return t.newListr(
        [
          {
            title: withoutBrowserTitle(viaOauth.length, opts.concurrency),
            enabled: () => viaOauth.length > 0,
            task: (_s, g) => g.newListr(viaOauth.map(lanes.withoutBrowser), { concurrent: opts.concurrency, exitOnError: false }),
          },
          {
            title: GUIDED_LOGINS,
            enabled: (s) => s.logins.length > 0,
            task: (s, g) => {
              g.title = guidedLoginsTitle(s.logins.length);
              return g.newListr(s.logins.map(lanes.guidedLogin), { exitOnError: false, concurrent: false });
            },
          },
          {
            // Untitled, so not drawn: the collapsed "Refresh" line then tells how it went, with the
            // same counts as the summary (an account the stop never reached is skipped in both).
            task: (s) => {
              const counts = countResults(s.queue.map((a) => a.summaryRow()));
              t.title = refreshedTitle(counts, s.interrupts.stopRequested);
              // Nothing refreshed and something failed: a red ✖, not a green ✔.
              if (counts.refreshed === 0 && counts.failed > 0) deps.screen.markFailed(t.title);
            },
          },
        ],
        { exitOnError: false },
      );
    },
  };
}
