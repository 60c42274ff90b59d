// Driving the built CLI through a real pseudo-terminal (@lydell/node-pty: prebuilt, no compiler).
import * as pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { CLI } from './helpers.js';

export interface PtySession {
  /** Everything the terminal has shown so far (ANSI included). */
  output(): string;
  /** Output with ANSI escapes removed. */
  text(): string;
  /**
   * What the user sees, scrollback included: the output played into a headless xterm of the same
   * size, so redrawn frames count once, where they ended up.
   */
  screenLines(): Promise<string[]>;
  write(data: string): void;
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<void>;
  exited: Promise<{ exitCode: number; signal?: number }>;
  kill(signal?: string): void;
}

export const KEYS = {
  enter: '\r',
  up: '\x1b[A',
  down: '\x1b[B',
  space: ' ',
  esc: '\x1b',
  ctrlC: '\x03',
  tab: '\t',
};

export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;?]*[ -\/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][A-Za-z0-9]|\x1b[=>78]/g, '');
}

export function spawnPty(args: string[], env: NodeJS.ProcessEnv, opts: { cols?: number; rows?: number; file?: string } = {}): PtySession {
  const cols = opts.cols ?? 120;
  const rows = opts.rows ?? 40;
  const proc = pty.spawn(opts.file ?? process.execPath, opts.file ? args : [CLI, ...args], {
    name: 'xterm-256color',
    cols,
    rows,
    env: env as Record<string, string>,
  });
  let buf = '';
  const waiters: (() => void)[] = [];
  proc.onData((d) => {
    buf += d;
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => proc.onExit((e) => resolve(e)));
  const session: PtySession = {
    output: () => buf,
    text: () => stripAnsi(buf),
    screenLines: () => playScreen(buf, cols, rows),
    write: (d) => proc.write(d),
    kill: (sig) => proc.kill(sig),
    exited,
    waitFor(pattern, timeoutMs = 10_000) {
      const test = () => (typeof pattern === 'string' ? stripAnsi(buf).includes(pattern) : pattern.test(stripAnsi(buf)));
      return new Promise((resolve, reject) => {
        if (test()) return resolve();
        const timer = setTimeout(() => {
          reject(new Error(`timed out waiting for ${pattern}; screen so far:\n${stripAnsi(buf).slice(-3000)}`));
        }, timeoutMs);
        const check = () => {
          if (test()) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        waiters.push(check);
        void exited.then(() => {
          if (!test()) {
            clearTimeout(timer);
            reject(new Error(`process exited before ${pattern}; screen:\n${stripAnsi(buf).slice(-3000)}`));
          }
        });
      });
    },
  };
  return session;
}

/** The lines a terminal of this size shows after `output`, scrollback first, trailing blanks cut. */
export function playScreen(output: string, cols: number, rows: number): Promise<string[]> {
  const term = new xterm.Terminal({ cols, rows, scrollback: 10_000, allowProposedApi: true });
  return new Promise((resolve) => {
    // A pty turns \n into \r\n; the raw stream here still has bare \n from the child.
    term.write(output.replace(/\r?\n/g, '\r\n'), () => {
      const b = term.buffer.active;
      const lines: string[] = [];
      for (let i = 0; i < b.length; i++) lines.push(b.getLine(i)?.translateToString(true) ?? '');
      while (lines.length && lines[lines.length - 1] === '') lines.pop();
      term.dispose();
      resolve(lines);
    });
  });
}
