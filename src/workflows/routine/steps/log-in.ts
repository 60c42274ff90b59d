// Log in: `claude auth login --email <address>` with the terminal handed over and the task list
// paused. Ctrl-C there means "this login": skip the account or stop the routine.
import { loginCommandText } from '../../../domain/routine.js';
import {
  SKIPPED_SUFFIX,
  cannotRunClaude,
  logInTitle,
  loginBanner,
  loginFailure,
  loginInterrupted,
  previewSkip,
} from '../../../domain/routine-text.js';
import type { LoginOutcome } from '../../../domain/routine.js';
import type { AccountScope, RoutineState, RoutineTask } from '../state.js';

export function logInStep(scope: AccountScope): RoutineTask {
  const { deps, opts, acc } = scope;
  const command = () => loginCommandText(opts.bin, acc.account.implicit ? null : acc.account.dir, acc.expectedEmail, deps.platform);
  return {
    title: 'Log in',
    skip: () => {
      if (!opts.dryRun) return false;
      acc.plan(command());
      return previewSkip(command());
    },
    task: async (state, t) => {
      const located = deps.locateClaude();
      if (!located.ok) throw acc.fail(cannotRunClaude(located.message));
      t.title = logInTitle(command());
      deps.screen.pause();
      let outcome: LoginOutcome;
      try {
        const ended = await handOver(scope, state, located.path);
        if (ended === 'interrupted') {
          await skipOrStop(scope, state);
          t.skip('interrupted');
          return;
        }
        outcome = ended;
      } finally {
        deps.screen.resume();
      }
      const failure = loginFailure(outcome, acc.id, opts.loginTimeoutMs);
      if (failure) throw acc.fail(failure);
    },
  };
}

/** How long after a login ended by Ctrl-C the terminal's own SIGINT may still arrive (while the user is asked). */
const LATE_SIGINT_MS = 60_000;

/** Runs the login with the terminal; 'interrupted' when Ctrl-C (or a stopping signal) ended it. */
async function handOver({ deps, opts, acc }: AccountScope, state: RoutineState, bin: string): Promise<LoginOutcome | 'interrupted'> {
  const position = state.logins.indexOf(acc) + 1;
  deps.say(deps.colors.cyan(loginBanner(position, state.logins.length, acc.id, acc.expectedEmail)));
  const signal = state.interrupts.beginLogin();
  let outcome: LoginOutcome;
  let hit = false;
  try {
    outcome = await deps.runLogin({ bin, account: acc.account, email: acc.expectedEmail, timeoutMs: opts.loginTimeoutMs, signal });
  } finally {
    hit = state.interrupts.endLogin();
  }
  acc.loggedIn(deps.now());
  const byCtrlC =
    hit || outcome.kind === 'cancelled' || (outcome.kind === 'exit' && (outcome.signal === 'SIGINT' || outcome.exitCode === 130));
  if (byCtrlC && !hit) state.interrupts.expectLateSigint(Date.now() + LATE_SIGINT_MS);
  return byCtrlC ? 'interrupted' : outcome;
}

/** Asks (when there is someone to ask) whether to skip this account or stop the routine. */
async function skipOrStop({ deps, acc, headline }: AccountScope, state: RoutineState): Promise<void> {
  const choice = !state.interrupts.signal && deps.interactive ? await deps.askSkipOrStop(acc.id) : 'stop';
  // The twin may still be on its way once the answer is in (a quick answer, or nobody to ask).
  state.interrupts.expectLateSigint(Date.now() + 1000);
  if (choice === 'stop') state.interrupts.stop();
  acc.finish('skipped', loginInterrupted(acc.id, choice === 'stop'));
  headline(SKIPPED_SUFFIX);
}
