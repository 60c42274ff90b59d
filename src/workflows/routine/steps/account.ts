// One account's line in the list, with its steps below it. A bug or an odd file system in one
// step fails that account's row, never the routine.
import type { Method } from '../../../domain/routine.js';
import { ROUTINE_STOPPED, accountTitle, unexpectedError } from '../../../domain/routine-text.js';
import { errorText } from '../../../util/errors.js';
import type { QueuedAccount } from '../queued-account.js';
import type { AccountScope, AccountStep, RoutineTask, StepEnv } from '../state.js';

export function accountTask(env: StepEnv, acc: QueuedAccount, attempt: Method, steps: AccountStep[]): RoutineTask {
  return {
    title: accountTitle(acc.id, acc.who),
    // A dry run runs nothing there is to stop: every account gets its preview.
    skip: (state) => (!env.opts.dryRun && state.interrupts.stopRequested ? ROUTINE_STOPPED : false),
    task: (_state, t) => {
      const scope: AccountScope = { ...env, acc, attempt, headline: (suffix) => (t.title = accountTitle(acc.id, acc.who, suffix)) };
      return t.newListr(
        steps.map((step) => guarded(acc, step(scope))),
        { exitOnError: true, concurrent: false },
      );
    },
  };
}

function guarded(acc: QueuedAccount, step: RoutineTask): RoutineTask {
  return {
    ...step,
    task: async (state, t) => {
      try {
        return await step.task(state, t);
      } catch (err: unknown) {
        if (!acc.finished) acc.finish('failed', unexpectedError(acc.id, errorText(err)));
        throw err;
      }
    },
  };
}
