// Check: read and classify every account in scope.
import { checkedTitle, checkTitle } from '../../../domain/routine-text.js';
import { summarize } from '../../../domain/token-state.js';
import { renderSummaryLine } from '../../../ui/status-table.js';
import type { RoutineTask, StepEnv } from '../state.js';

export function checkStep({ deps, opts }: StepEnv): RoutineTask {
  return {
    title: checkTitle(opts.accounts.length),
    task: async (state, t) => {
      // Tokens an interrupted refresh obtained go in first: otherwise the window sees a healthy
      // token and nothing would save them while the stored refresh token is retired. Named ids
      // are attempted anyway, and their refresh saves the record without a second POST.
      if (opts.queueMode.kind === 'window') await deps.saveWaitingTokens(opts.accounts, state.interrupts.stopController.signal);
      state.checked = deps.checkAccounts(opts.accounts, deps.now());
      t.title = checkedTitle(renderSummaryLine(summarize(state.checked.map((r) => r.state)), state.checked.length, deps.colors));
    },
  };
}
