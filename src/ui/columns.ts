// Tables for the hot paths (status, history, routine summaries): one pass to measure, one to
// print, so 20,000 rows cost milliseconds; they fit the terminal (the shrinkable column gets an
// ellipsis, then the least useful columns go) and have no trailing spaces.
//
// Why not cli-table3 here: measured on this machine it costs ~7.5 ms to load and ~15 ms to lay out
// 32 rows, and its layout is quadratic in rows (layout-manager's conflictExists scans every earlier
// row for every cell: 8,000 rows take 6 s). cli-table3 stays for the tables nobody runs in a loop.

/** A cell: plain text, or text with the colour to paint it after measuring and truncating. */
export type Cell = string | { text: string; paint: (s: string) => string };

export interface Column {
  header: string;
  /** This column gives way first, down to minWidth, with an ellipsis. */
  shrink?: boolean;
  minWidth?: number;
  /** Columns with a drop rank go, highest first, when shrinking is not enough. */
  drop?: number;
  align?: 'left' | 'right';
}

export interface ColumnsOptions {
  width: number;
  bold?: (s: string) => string;
}

// Combining marks and zero-width characters take no cell; East Asian wide ones and emoji take two.
const ZERO = /[\u0300-\u036f\u200b-\u200f\u20d0-\u20ff\ufe00-\ufe0f]/u;
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

export function displayWidth(s: string): number {
  // ASCII is the common case by far: no per-character work.
  // eslint-disable-next-line no-control-regex
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  let w = 0;
  for (const ch of s) w += ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return w;
}

/** The text cut to `width` cells, ending in "…" when it was cut. */
export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  if (width <= 1) return width === 1 ? '…' : '';
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…';
}

const textOf = (c: Cell) => (typeof c === 'string' ? c : c.text);
const GAP = 2;

/** Which columns stay and how wide each is, so the table fits `width`. */
function fit(cols: Column[], natural: number[], width: number): { keep: number[]; widths: number[] } {
  const widths = [...natural];
  let keep = cols.map((_, i) => i);
  const total = () => keep.reduce((n, i) => n + widths[i], 0) + GAP * (keep.length - 1) + 1;
  const shrinkTo = (floor: (i: number) => number) => {
    for (const i of keep) {
      if (!cols[i].shrink) continue;
      const over = total() - width;
      if (over > 0) widths[i] = Math.max(floor(i), widths[i] - over);
    }
  };
  shrinkTo((i) => Math.min(natural[i], cols[i].minWidth ?? 10));
  const droppable = keep.filter((i) => cols[i].drop !== undefined).sort((a, b) => cols[b].drop! - cols[a].drop!);
  for (const i of droppable) {
    if (total() <= width) break;
    keep = keep.filter((k) => k !== i);
  }
  shrinkTo(() => 1);
  return { keep, widths };
}

export function renderColumns(cols: Column[], rows: Cell[][], o: ColumnsOptions): string {
  const natural = cols.map((col, i) => rows.reduce((w, r) => Math.max(w, displayWidth(textOf(r[i] ?? ''))), displayWidth(col.header)));
  const { keep, widths } = fit(cols, natural, o.width);
  const line = (cells: Cell[], header: boolean) => {
    let out = ' ';
    keep.forEach((i, k) => {
      const cell = cells[i] ?? '';
      const text = truncate(textOf(cell), widths[i]);
      const pad = ' '.repeat(Math.max(0, widths[i] - displayWidth(text)));
      const shown = header && o.bold ? o.bold(text) : typeof cell === 'string' ? text : cell.paint(text);
      const last = k === keep.length - 1;
      out += cols[i].align === 'right' ? pad + shown : shown + (last ? '' : pad);
      if (!last) out += ' '.repeat(GAP);
    });
    return out.replace(/ +$/, '');
  };
  return [line(cols.map((c) => c.header), true), ...rows.map((r) => line(r, false))].join('\n');
}
