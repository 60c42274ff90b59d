// One line from the terminal through node:readline: the line editor, Tab completion and the
// history (↑/↓, Ctrl-R). A fresh interface per line, closed before a command gets the terminal.
import readline from 'node:readline';

export type Completer = (line: string) => [string[], string];

export type ReadResult = { kind: 'line'; line: string } | { kind: 'interrupt' } | { kind: 'end' };

export interface ReadOptions {
  prompt: string;
  /** Newest first; readline adds to a copy, the caller decides what is kept. */
  history?: string[];
  completer?: Completer;
}

export function readLine(opts: ReadOptions): Promise<ReadResult> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({
      input: process.stdin,
      output: process.stdout,
      terminal: true,
      prompt: opts.prompt,
      history: [...(opts.history ?? [])],
      historySize: opts.history ? Math.max(opts.history.length + 1, 100) : 0,
      removeHistoryDuplicates: true,
      ...(opts.completer ? { completer: opts.completer } : {}),
    });
    let result: ReadResult | null = null;
    const finish = (r: ReadResult) => {
      if (result) return;
      result = r;
      rl.close();
    };
    rl.on('line', (line) => finish({ kind: 'line', line }));
    // Ctrl-C on the prompt drops the line, as in a shell.
    rl.on('SIGINT', () => {
      process.stdout.write('^C\n');
      finish({ kind: 'interrupt' });
    });
    rl.on('close', () => {
      // Ctrl-D on an empty line.
      if (!result) {
        result = { kind: 'end' };
        process.stdout.write('\n');
      }
      resolve(result);
    });
    rl.prompt();
  });
}
