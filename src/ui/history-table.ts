// The history view: one row per refresh or login attempt, newest last.
import { formatDurationShort } from '../domain/duration.js';
import { printable } from '../domain/text.js';
import type { HistoryEntry } from '../domain/history.js';
import type { Colors } from './colors.js';
import { plainTable } from './table.js';
import { formatLocalTime } from './time.js';

function paint(c: Colors, result: string): string {
  if (result === 'refreshed' || result === 'already-refreshed') return c.green(result);
  if (result === 'failed') return c.red(result);
  return c.yellow(result);
}

export function renderHistoryTable(entries: HistoryEntry[], c: Colors, now: number): string {
  const table = plainTable(['when', 'id', 'via', 'method', 'result', 'expiry before → after', 'lifespan', 'reason'], c);
  for (const e of entries) {
    const at = Date.parse(e.at);
    table.push([
      Number.isNaN(at) ? e.at : formatLocalTime(at, now),
      printable(e.account),
      e.via ?? c.dim('—'),
      e.method,
      paint(c, e.result),
      `${formatLocalTime(e.oldExpiresAt ?? null, now)} → ${formatLocalTime(e.newExpiresAt ?? null, now)}`,
      typeof e.lifespanMs === 'number' ? formatDurationShort(e.lifespanMs) : c.dim('—'),
      printable(e.reason ?? ''),
    ]);
  }
  return table.toString();
}
