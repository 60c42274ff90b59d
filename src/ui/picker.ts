// The account picker: an @inquirer/prompts search drawn on the terminal (stderr or /dev/tty),
// so that stdout stays free for the chosen id. Esc or Ctrl-C cancels.
import fs from 'node:fs';
import tty from 'node:tty';
import { filterRows, layoutOf, orderRows, rowParts, type PickRow } from '../domain/picker.js';
import { colors, colorWanted, paintState } from './colors.js';

export interface PickerRow extends PickRow {
  dir: string;
  error: string | null;
}

export class PickCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'PickCancelled';
  }
}

export class NoTerminal extends Error {}

interface Terminal {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  close(): void;
}

/** The terminal to draw on: stdin + stderr when both are one, else the controlling /dev/tty. */
function openTerminal(): Terminal {
  if (process.stdin.isTTY && process.stderr.isTTY) {
    return { input: process.stdin, output: process.stderr, close: () => {} };
  }
  if (process.platform !== 'win32') {
    try {
      const fd = fs.openSync('/dev/tty', 'r+');
      const input = new tty.ReadStream(fd);
      const output = new tty.WriteStream(fd);
      return {
        input: input as unknown as NodeJS.ReadStream,
        output: output as unknown as NodeJS.WriteStream,
        close: () => {
          input.destroy();
          output.destroy();
        },
      };
    } catch {
      /* no controlling terminal */
    }
  }
  throw new NoTerminal('no terminal to draw the picker on');
}

export interface PickerOptions {
  rows: PickerRow[];
  message?: string;
}

/** Resolves with the chosen id; rejects with PickCancelled on Esc or Ctrl-C. */
export async function pickAccount(opts: PickerOptions): Promise<string> {
  const term = openTerminal();
  const { search } = await import('@inquirer/prompts');
  const c = colors(term.output);
  const useColor = colorWanted(term.output);
  const rows = orderRows(opts.rows);
  const layout = layoutOf(rows);
  const choice = (r: PickerRow) => {
    const p = rowParts(r, layout);
    return {
      value: r.id,
      name: `${c.cyan(p.mark)} ${r.current ? c.bold(p.id) : p.id}  ${paintState(c, r.state, p.state)}  ${c.dim(p.who)}`,
      short: r.id,
      description: r.error ? `${r.dir}  (${r.error})` : r.dir,
    };
  };
  const controller = new AbortController();
  // Esc arrives as a lone escape key once readline's escape-sequence timeout has passed.
  const onKey = (_s: string, key: { name?: string } | undefined) => {
    if (key?.name === 'escape') controller.abort();
  };
  term.input.on('keypress', onKey);
  const height = term.output.rows ?? 24;
  try {
    return await search<string>(
      {
        message: opts.message ?? 'Account (type to filter by id, label or email; Esc cancels)',
        source: async (input) => filterRows(rows, input).map(choice),
        pageSize: Math.max(3, Math.min(15, height - 6, rows.length)),
        ...(useColor ? {} : { theme: { style: { highlight: (t: string) => t, answer: (t: string) => t } } }),
      },
      { input: term.input, output: term.output, signal: controller.signal, clearPromptOnDone: true },
    );
  } catch (err: any) {
    if (err?.name === 'AbortPromptError' || err?.name === 'ExitPromptError' || err?.name === 'CancelPromptError') {
      throw new PickCancelled();
    }
    throw err;
  } finally {
    term.input.removeListener('keypress', onKey);
    term.close();
  }
}
