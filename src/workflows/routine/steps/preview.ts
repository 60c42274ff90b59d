// --dry-run: every queued account's steps run in preview mode, np style: the step that would
// run a command skips with "[Preview] Command not executed: …" and plans the account. They run
// in a list of their own with the silent renderer, untitled, so nothing is drawn: the summary
// prints the plan ("Not executed: …") from the state.
import { Listr, SilentRenderer, type ListrRendererFactory } from 'listr2';
import type { QueuedAccount } from '../queued-account.js';
import type { RoutineState, RoutineTask, StepEnv } from '../state.js';

export function previewStep({ opts }: StepEnv, account: (acc: QueuedAccount) => RoutineTask): RoutineTask {
  return {
    enabled: (state) => opts.dryRun && state.queue.length > 0,
    task: (state) =>
      new Listr<RoutineState, ListrRendererFactory, 'simple'>(state.queue.map(account), {
        ctx: state,
        renderer: SilentRenderer,
        exitOnError: false,
        registerSignalListeners: false,
      }).run(),
  };
}
