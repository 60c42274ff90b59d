// The run's state, in one object that every step gets as its listr context, and the types the
// steps share.
import type { ListrRendererFactory, ListrSimpleRenderer, ListrTask, ListrTaskWrapper } from 'listr2';
import type { AccountStatus } from '../../domain/account.js';
import type { Method } from '../../domain/routine.js';
import type { Interrupts } from '../interrupts.js';
import type { RoutineDeps } from './deps.js';
import type { RoutineOptions } from './options.js';
import type { QueuedAccount } from './queued-account.js';

export interface RoutineState {
  /** Check: every account in scope as it was found. */
  checked: AccountStatus[];
  /** Queue: accounts the window leaves alone that still need attention. */
  needsAttention: AccountStatus[];
  /** Queue: the accounts this run refreshes, most urgent first. */
  queue: QueuedAccount[];
  /** The guided logins in the order they run: the planned ones, then the fallbacks. */
  readonly logins: QueuedAccount[];
  /** The queue would ask, and there is no terminal to ask in. */
  needsYes: boolean;
  /** The queue checkbox was cancelled. */
  cancelled: boolean;
  /** Ctrl-C, SIGTERM and SIGHUP: whether the routine was asked to stop. */
  readonly interrupts: Interrupts;
}

export function createRoutineState(interrupts: Interrupts): RoutineState {
  return { checked: [], needsAttention: [], queue: [], logins: [], needsYes: false, cancelled: false, interrupts };
}

/** Sets the queue, and with it the guided logins it plans. */
export function setQueue(state: RoutineState, queue: QueuedAccount[]): void {
  state.queue = queue;
  state.logins.splice(0, state.logins.length, ...queue.filter((a) => a.method === 'login'));
}

/** What every step is built from: the run's fixed inputs. */
export interface StepEnv {
  deps: RoutineDeps;
  opts: RoutineOptions;
}

/** What a step of one account is built from. */
export interface AccountScope extends StepEnv {
  acc: QueuedAccount;
  /** The attempt these steps make; after a fallback to a login, the browserless one is over. */
  attempt: Method;
  /** Sets the account's line in the list: "<id>  <who><suffix>". */
  headline(suffix: string): void;
}

export type RoutineTask = ListrTask<RoutineState, ListrRendererFactory, ListrSimpleRenderer>;
export type RoutineTaskWrapper = ListrTaskWrapper<RoutineState, ListrRendererFactory, ListrSimpleRenderer>;
export type AccountStep = (scope: AccountScope) => RoutineTask;
