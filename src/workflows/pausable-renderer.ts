// listr2's default renderer redraws the task list ten times a second and hijacks stdout.
// While Claude Code owns the terminal (a login, or one of our prompts) it must not draw, so
// this subclass can step aside: clear its frame, give stdout back, and redraw afterwards.
// The steps already finished when it steps aside are written once, for good, and left out of
// later frames: they stay above what comes next (the queue's table, a login's transcript) instead
// of being redrawn below it.
// listr2 9 has no public pause for this renderer, hence the few private fields used here.
import { DefaultRenderer, ListrDefaultRendererLogLevels } from 'listr2';

export interface RendererControl {
  /** Clears the task list and hands the terminal back; a no-op for line-based renderers. */
  pause(): void;
  resume(): void;
  /**
   * Draws a finished step with this title as failed (red ✖): a step whose every account failed is
   * not a success, though listr completes it (its accounts' lists go on after a failure).
   */
  markFailed(title: string): void;
}

interface Internals {
  spinner: { start(cb: () => void, interval?: number): void; stop(): void; isRunning(): boolean };
  updater: ((text: string) => void) & { clear(): void; done(): void };
  logger: { process: { hijack(): void; release(): void; toStdout(text: string): void }; icon(level: ListrDefaultRendererLogLevels): string };
  options: { lazy?: boolean };
  tasks: { hasFinalized(): boolean; isEnabled(): boolean }[];
}

export function pausableDefaultRenderer(): { renderer: typeof DefaultRenderer; control: RendererControl } {
  let current: PausableRenderer | null = null;
  const failedTitles = new Set<string>();

  class PausableRenderer extends DefaultRenderer {
    private paused = false;

    constructor(...args: ConstructorParameters<typeof DefaultRenderer>) {
      super(...args);
      current = this;
    }

    private get internals(): Internals {
      return this as unknown as Internals;
    }

    override style(task: Parameters<DefaultRenderer['style']>[0], output = false): string {
      if (!output && task.isCompleted() && task.title !== undefined && failedTitles.has(task.title)) return (this as unknown as Internals).logger.icon(ListrDefaultRendererLogLevels.FAILED);
      return super.style(task, output);
    }

    override update(): void {
      if (!this.paused) super.update();
    }

    pause(): void {
      const r = this.internals;
      if (this.paused || !r.updater) return;
      this.paused = true;
      r.spinner.stop();
      const finished = leadingFinished(r.tasks);
      const kept = finished.length ? this.framed(finished) : '';
      r.updater.clear();
      r.tasks = r.tasks.slice(finished.length);
      if (kept) r.logger.process.toStdout(kept);
      r.logger.process.release();
    }

    /** The frame of these tasks alone, without the spinner's bottom bar or a prompt. */
    private framed(tasks: Internals['tasks']): string {
      const r = this.internals;
      const all = r.tasks;
      r.tasks = tasks;
      try {
        return this.create({ bottomBar: false, prompt: false });
      } finally {
        r.tasks = all;
      }
    }

    resume(): void {
      const r = this.internals;
      if (!this.paused) return;
      this.paused = false;
      r.logger.process.hijack();
      if (!r.options?.lazy) r.spinner.start(() => this.update());
      this.update();
    }

    override end(): void {
      // end() releases the output itself: re-take it so the release is balanced.
      if (this.paused) {
        this.paused = false;
        this.internals.logger.process.hijack();
      }
      super.end();
    }
  }

  return {
    renderer: PausableRenderer,
    control: {
      pause: () => current?.pause(),
      resume: () => current?.resume(),
      markFailed: (title) => failedTitles.add(title),
    },
  };
}

/** The top-level tasks from the first on that are done (skipped, failed or completed); disabled ones go with them. */
function leadingFinished(tasks: Internals['tasks']): Internals['tasks'] {
  let n = 0;
  while (n < tasks.length && (tasks[n].hasFinalized() || !tasks[n].isEnabled())) n++;
  // Disabled tasks at the end may still be enabled later: keep them in the frame.
  while (n > 0 && !tasks[n - 1].hasFinalized()) n--;
  return tasks.slice(0, n);
}
