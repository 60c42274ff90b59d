// The refresh routine shared by `ctk refresh`, `ctk morning` and `ctk evening`: one listr list
// that reads like the user's checklist.
//   Check every account → Queue the ones that need it (checkbox) → for each account:
//   Switch → Refresh with the refresh token, or Log in → Verify → Report → Summary.
// The run's state is one object (./state.ts), every I/O goes through RoutineDeps (./deps.ts),
// and with --dry-run the steps skip with their preview (np style).
import { Listr, type ListrRendererFactory } from 'listr2';
import type { Context } from '../../app/context.js';
import type { Method } from '../../domain/routine.js';
import { CANCELLED, needsYesMessage } from '../../domain/routine-text.js';
import { EXIT, UserError } from '../../util/errors.js';
import { Interrupts } from '../interrupts.js';
import { defaultRoutineDeps } from './default-deps.js';
import type { RoutineDeps } from './deps.js';
import type { RoutineOptions } from './options.js';
import type { QueuedAccount } from './queued-account.js';
import { createRoutineState, type AccountStep, type RoutineState, type RoutineTask, type StepEnv } from './state.js';
import { accountTask } from './steps/account.js';
import { checkStep } from './steps/check.js';
import { logInStep } from './steps/log-in.js';
import { previewStep } from './steps/preview.js';
import { queueStep } from './steps/queue.js';
import { refreshStep } from './steps/refresh.js';
import { refreshWithTokenStep } from './steps/refresh-with-token.js';
import { reportStep } from './steps/report.js';
import { switchStep } from './steps/switch.js';
import { verifyStep } from './steps/verify.js';
import { printSummary } from './summary.js';

export type { RoutineCommand, RoutineOptions } from './options.js';
export type { RoutineDeps } from './deps.js';

/** What each queued account goes through, by how it is refreshed. */
export const ACCOUNT_STEPS: Record<Method, AccountStep[]> = {
  oauth: [switchStep, refreshWithTokenStep, verifyStep, reportStep],
  login: [switchStep, logInStep, verifyStep, reportStep],
};

function routineTasks(env: StepEnv): RoutineTask[] {
  const account = (attempt: Method) => (acc: QueuedAccount) => accountTask(env, acc, attempt, ACCOUNT_STEPS[attempt]);
  return [
    checkStep(env),
    queueStep(env),
    refreshStep(env, { withoutBrowser: account('oauth'), guidedLogin: account('login') }),
    // --dry-run instead of Refresh: the same account steps, each skipping with its preview.
    previewStep(env, (acc) => account(acc.method)(acc)),
  ];
}

export function runRoutine(ctx: Context, opts: RoutineOptions): Promise<number> {
  return runRoutineWith(defaultRoutineDeps(ctx, opts), opts);
}

/** The routine with the given deps; the summary's exit code, or 128+n after SIGTERM/SIGHUP. */
export async function runRoutineWith(deps: RoutineDeps, opts: RoutineOptions): Promise<number> {
  const env: StepEnv = { deps, opts };
  const state = createRoutineState(new Interrupts(deps.notice));
  await runList(env, state);
  if (state.needsYes) throw new UserError(needsYesMessage(state.queue.length), EXIT.usage);
  if (state.cancelled) {
    deps.say(CANCELLED);
    return EXIT.interrupted;
  }
  return printSummary(env, state);
}

async function runList(env: StepEnv, state: RoutineState): Promise<void> {
  const list = new Listr<RoutineState, ListrRendererFactory, 'simple'>(routineTasks(env), {
    ctx: state,
    renderer: env.deps.renderer,
    fallbackRenderer: 'simple',
    rendererOptions: { collapseSubtasks: true, collapseErrors: false, showErrorMessage: true },
    exitOnError: false,
    registerSignalListeners: false,
  });
  state.interrupts.install();
  try {
    await list.run();
  } finally {
    state.interrupts.uninstall();
  }
}
