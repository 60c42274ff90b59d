// Check: read and classify every account in scope.
import { checkedTitle, checkTitle } from '../../../domain/routine-text.js';
import { summarize } from '../../../domain/token-state.js';
import { renderSummaryLine } from '../../../ui/status-table.js';
import type { RoutineTask, StepEnv } from '../state.js';

export function checkStep({ deps, opts }: StepEnv): RoutineTask {
  return {
    title: checkTitle(opts.accounts.length),
    task: (state, t) => {
      state.checked = deps.checkAccounts(opts.accounts, deps.now());
      t.title = checkedTitle(renderSummaryLine(summarize(state.checked.map((r) => r.state)), state.checked.length, deps.colors));
    },
  };
}
