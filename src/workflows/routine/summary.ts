// Summary: the table, the counts, the next expiry and what to do, built from the run's state
// (--json: the same as JSON on stdout).
import type { AccountStatus } from '../../domain/account.js';
import { nextExpiry, routineExitCode } from '../../domain/routine.js';
import { renderRoutineReport, routineJson, type RoutineReport } from '../../ui/routine-view.js';
import type { RoutineState, StepEnv } from './state.js';

export function routineReport({ deps, opts }: StepEnv, state: RoutineState, after: AccountStatus[], now: number): RoutineReport {
  const results = state.queue.map((a) => a.summaryRow());
  const next = nextExpiry(after, now);
  return {
    command: opts.command,
    method: opts.method,
    windowHours: opts.windowHours,
    dryRun: opts.dryRun,
    stopped: state.interrupts.stopRequested,
    results,
    next: next ? { id: next.id, email: next.email, expiresAt: next.expiresAt, msLeft: next.msLeft } : null,
    needsAttention: state.needsAttention.map((r) => ({ id: r.id, state: r.state, error: r.error })),
    exitCode: routineExitCode(results),
    demo: deps.inDemo,
  };
}

/** Prints the summary; the routine's exit code (a stopping signal's 128+n wins). */
export function printSummary(env: StepEnv, state: RoutineState): number {
  const { deps, opts } = env;
  const now = deps.now();
  const report = routineReport(env, state, deps.checkEveryAccount(now), now);
  if (opts.json) {
    deps.printJson(routineJson(report, now));
  } else {
    deps.say();
    for (const line of renderRoutineReport(report, deps.colors, now)) deps.say(line);
  }
  return state.interrupts.signalExitCode ?? report.exitCode;
}
