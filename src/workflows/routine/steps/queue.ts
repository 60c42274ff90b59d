// Queue: the accounts that need it, each with its method; the checkbox when there is a terminal
// to ask in (and no --yes, --dry-run or ids).
import { chooseMethod, planQueue } from '../../../domain/routine.js';
import { countQueueWhy, queueTitles } from '../../../domain/routine-text.js';
import { renderStatusTable } from '../../../ui/status-table.js';
import type { AccountStatus } from '../../../domain/account.js';
import type { AttemptLine } from '../deps.js';
import { QueuedAccount } from '../queued-account.js';
import { setQueue, type RoutineState, type RoutineTask, type RoutineTaskWrapper, type StepEnv } from '../state.js';

export function queueStep(env: StepEnv): RoutineTask {
  return {
    title: 'Queue',
    task: async (state, t) => {
      const plan = planQueue(state.checked, env.opts.queueMode);
      state.needsAttention = plan.needsAttention;
      setQueue(state, await queueAccounts(env, state, plan.queued));
      await settle(env, state, t);
    },
  };
}

async function queueAccounts({ deps, opts }: StepEnv, state: RoutineState, rows: AccountStatus[]): Promise<QueuedAccount[]> {
  const byId = new Map(opts.accounts.map((a) => [a.id, a]));
  const hooks = { logins: state.logins, record: (line: AttemptLine) => deps.recordAttempt(line) };
  const queue: QueuedAccount[] = [];
  for (const status of rows) {
    const account = byId.get(status.id)!;
    const read = deps.readCredentials(account);
    const hasRefreshToken = read.kind === 'oauth' && read.hasRefreshToken;
    // auto skips the refresh token of an account whose token was already rejected.
    const refreshTokenDead = opts.method === 'auto' && hasRefreshToken && (await deps.isRefreshTokenDead(account));
    // Queued for its login deadline: only a browser sign-in moves it.
    const loginDue = opts.queueMode.kind === 'window' && opts.queueMode.logins === true && status.loginEnding;
    const method = chooseMethod(opts.method, { hasRefreshToken, state: status.state, refreshTokenDead, loginDue });
    queue.push(new QueuedAccount(account, status, method, hooks));
  }
  return queue;
}

/** Shows the status table and asks, or says why it does not ask. */
async function settle({ deps, opts }: StepEnv, state: RoutineState, t: RoutineTaskWrapper): Promise<void> {
  const prompting = state.queue.length > 0 && !(opts.dryRun || opts.yes || opts.queueMode.kind === 'ids');
  if (prompting && !deps.interactive) {
    state.needsYes = true;
    t.title = queueTitles.noTerminal(state.queue.length);
    return;
  }
  // One pause for the status table and the checkbox, so the list is not redrawn between them.
  deps.screen.pause();
  try {
    if (!opts.json) {
      deps.say();
      deps.say(renderStatusTable(state.checked, deps.colors, deps.now()));
      deps.say();
    }
    if (state.queue.length === 0) {
      t.title = queueTitles.nothing(opts.windowHours);
      return;
    }
    if (prompting) return await ask(deps, state, t);
  } finally {
    deps.screen.resume();
  }
  const logins = opts.queueMode.kind === 'window' && opts.queueMode.logins === true;
  const why = countQueueWhy(state.queue.map((a) => ({ state: a.status.state, loginDue: logins && a.status.loginEnding === true && a.method === 'login' })));
  t.title = queueTitles.queued(why, opts.windowHours, opts.dryRun);
}

async function ask(deps: StepEnv['deps'], state: RoutineState, t: RoutineTaskWrapper): Promise<void> {
  const chosen = await deps.askQueue(state.queue);
  if (chosen === null) {
    state.cancelled = true;
    t.title = queueTitles.cancelled;
    return;
  }
  const unticked = state.queue.length - chosen.length;
  setQueue(state, state.queue.filter((a) => chosen.includes(a.id)));
  t.title = queueTitles.chosen(state.queue.length, unticked);
}
