// Runs one listr step (and whatever sub-steps it makes) with the silent renderer, and reports
// how each task ended: its final title, whether it ran, was skipped (and why) or failed.
import { Listr, SilentRenderer, type ListrRendererFactory, type ListrSimpleRenderer, type ListrTask, type ListrTaskObject } from 'listr2';

export interface StepOutcome {
  title: string | undefined;
  /** listr's state: 'COMPLETED', 'SKIPPED', 'FAILED', or 'WAITING' for a task that never started. */
  state: string | undefined;
  /** The skip message (a skip without one gets the title). */
  skipped: string | undefined;
  /** The message of the error the task threw. */
  failed: string | undefined;
  subtasks: StepOutcome[];
}

type AnyTaskObject = ListrTaskObject<unknown, ListrRendererFactory, ListrRendererFactory>;

export async function runStep<Ctx>(step: ListrTask<Ctx, ListrRendererFactory, ListrSimpleRenderer>, ctx: Ctx): Promise<StepOutcome> {
  const list = new Listr<Ctx, ListrRendererFactory, 'simple'>([step], {
    ctx,
    renderer: SilentRenderer,
    exitOnError: false,
    registerSignalListeners: false,
  });
  await list.run();
  return outcome(list.tasks[0] as unknown as AnyTaskObject);
}

function outcome(task: AnyTaskObject): StepOutcome {
  return {
    title: task.title,
    state: task.state,
    skipped: task.isSkipped() ? task.message.skip : undefined,
    failed: task.hasFailed() ? (task.message.error ?? 'failed') : undefined,
    subtasks: (task.subtasks ?? []).map((t) => outcome(t as unknown as AnyTaskObject)),
  };
}

/** The titles of a step's sub-steps, one line each: "✔ Switch: …", "↓ Verify", "✖ Log in". */
export function outline(o: StepOutcome): string[] {
  const mark = o.failed !== undefined ? '✖' : o.skipped !== undefined ? '↓' : o.state === 'COMPLETED' ? '✔' : '·';
  return [`${mark} ${o.title ?? ''}`.trimEnd(), ...o.subtasks.flatMap((s) => outline(s).map((l) => `  ${l}`))];
}
