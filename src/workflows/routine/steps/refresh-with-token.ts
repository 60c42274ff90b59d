// Refresh with the stored refresh token, no browser. With --method auto, a token that cannot do
// it (needs a login, or a store ctk must not write) hands the account to the guided logins.
import {
  FALLBACK_SUFFIX,
  REFRESH_WITH_TOKEN,
  fallBackTitle,
  previewSkip,
  refreshFailed,
  refreshPreview,
  refreshedWithTokenTitle,
  stoppedDuringRefresh,
} from '../../../domain/routine-text.js';
import type { AccountScope, RoutineTask } from '../state.js';

export function refreshWithTokenStep({ deps, opts, acc, headline }: AccountScope): RoutineTask {
  return {
    title: REFRESH_WITH_TOKEN,
    skip: () => {
      if (!opts.dryRun) return false;
      acc.plan(refreshPreview(acc.id));
      return previewSkip(refreshPreview(acc.id));
    },
    task: async (state, t) => {
      const r = await deps.refreshWithToken(acc.account, state.interrupts.stopController.signal);
      // A token another process obtained earlier says nothing about the lifespan we got.
      acc.refreshedWithToken(r.outcome === 'already-refreshed' ? null : deps.now());
      if (r.outcome === 'refreshed' || r.outcome === 'already-refreshed') {
        t.title = refreshedWithTokenTitle(r.outcome);
        return;
      }
      if ((r.outcome === 'needs-login' || r.outcome === 'not-refreshable') && opts.method === 'auto') {
        acc.fallBackToLogin();
        t.title = fallBackTitle(r.outcome);
        headline(FALLBACK_SUFFIX);
        t.skip('needs a login');
        return;
      }
      if (r.outcome === 'failed' && state.interrupts.stopRequested) {
        acc.finish('skipped', stoppedDuringRefresh(acc.id, r.message));
        t.skip('routine stopped');
        return;
      }
      throw acc.fail(refreshFailed(acc.id, r));
    },
  };
}
