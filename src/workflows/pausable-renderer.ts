// listr2's default renderer redraws the task list ten times a second and hijacks stdout.
// While Claude Code owns the terminal (a login, or one of our prompts) it must not draw, so
// this subclass can step aside: clear its frame, give stdout back, and redraw afterwards.
// listr2 9 has no public pause for this renderer, hence the few private fields used here.
import { DefaultRenderer } from 'listr2';

export interface RendererControl {
  /** Clears the task list and hands the terminal back; a no-op for line-based renderers. */
  pause(): void;
  resume(): void;
}

interface Internals {
  spinner: { start(cb: () => void, interval?: number): void; stop(): void; isRunning(): boolean };
  updater: ((text: string) => void) & { clear(): void; done(): void };
  logger: { process: { hijack(): void; release(): void } };
  options: { lazy?: boolean };
}

export function pausableDefaultRenderer(): { renderer: typeof DefaultRenderer; control: RendererControl } {
  let current: PausableRenderer | null = null;

  class PausableRenderer extends DefaultRenderer {
    private paused = false;

    constructor(...args: ConstructorParameters<typeof DefaultRenderer>) {
      super(...args);
      current = this;
    }

    private get internals(): Internals {
      return this as unknown as Internals;
    }

    override update(): void {
      if (!this.paused) super.update();
    }

    pause(): void {
      const r = this.internals;
      if (this.paused || !r.updater) return;
      this.paused = true;
      r.spinner.stop();
      r.updater.clear();
      r.logger.process.release();
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
    },
  };
}
