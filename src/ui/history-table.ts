// The history view: one row per refresh or login attempt, newest last.
import { formatDurationShort } from '../domain/duration.js';
import { printable } from '../domain/text.js';
import type { HistoryEntry } from '../domain/history.js';
import type { Colors } from './colors.js';
import { renderColumns, type Cell, type Column } from './columns.js';
import { formatLocalDateTime, formatLocalTime } from './time.js';
import { tableWidth } from './wrap.js';

function paint(c: Colors, result: string, text: string): string {
  if (result === 'refreshed' || result === 'already-refreshed') return c.green(text);
  if (result === 'failed') return c.red(text);
  return c.yellow(text);
}

export function renderHistoryTable(entries: HistoryEntry[], c: Colors, now: number, width = tableWidth()): string {
  const cols: Column[] = [
    { header: 'when' },
    { header: 'id' },
    { header: 'via', drop: 3 },
    { header: 'method', drop: 1 },
    { header: 'result' },
    { header: 'expiry before → after', drop: 4 },
    { header: 'lifespan', drop: 2 },
    { header: 'reason', shrink: true, minWidth: 16 },
  ];
  const rows: Cell[][] = entries.map((e) => {
    const at = Date.parse(e.at);
    return [
      Number.isNaN(at) ? printable(e.at) : formatLocalDateTime(at, now),
      printable(e.account),
      e.via ? printable(e.via) : { text: '—', paint: c.dim },
      printable(e.method),
      { text: printable(e.result), paint: (t) => paint(c, e.result, t) },
      `${formatLocalTime(e.oldExpiresAt ?? null, now)} → ${formatLocalTime(e.newExpiresAt ?? null, now)}`,
      typeof e.lifespanMs === 'number' ? formatDurationShort(e.lifespanMs) : { text: '—', paint: c.dim },
      printable(e.reason ?? ''),
    ];
  });
  return renderColumns(cols, rows, { width, bold: c.bold });
}
