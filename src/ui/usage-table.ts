// The usage view: one row per account, most headroom first, with small bar graphs.
import { bar, effectiveUtilization, formatPercent, PRIMARY_WINDOWS, WINDOW_LABELS, type UsageRow, type UsageWindow } from '../domain/usage.js';
import { type Colors, paintState } from './colors.js';
import { plainTable } from './table.js';
import { formatLocalTime } from './time.js';

function paintUsed(c: Colors, used: number, text: string): string {
  if (used >= 90) return c.red(text);
  if (used >= 70) return c.yellow(text);
  return c.green(text);
}

function windowCell(c: Colors, w: UsageWindow | undefined, now: number, fetchedAt: number | null): string {
  const used = effectiveUtilization(w, now, fetchedAt);
  if (!w || used === null) return c.dim('—');
  const reset = w.resetsAt ? c.dim(` ↻ ${formatLocalTime(Date.parse(w.resetsAt), now)}`) : '';
  return `${paintUsed(c, used, bar(used))} ${formatPercent(used).padStart(4)}${reset}`;
}

function otherWindows(c: Colors, row: UsageRow, now: number): string {
  if (!row.windows) return '';
  const parts: string[] = [];
  for (const [key, w] of Object.entries(row.windows)) {
    if ((PRIMARY_WINDOWS as readonly string[]).includes(key)) continue;
    const used = effectiveUtilization(w, now, row.fetchedAt);
    if (used === null) continue;
    parts.push(`${WINDOW_LABELS[key] ?? key.replace(/_/g, ' ')} ${formatPercent(used)}`);
  }
  return c.dim(parts.join(' · '));
}

export function renderUsageTable(rows: UsageRow[], c: Colors, now: number): string {
  const table = plainTable(['id', 'account', 'left', '5 hours', '7 days', 'other'], c);
  for (const r of rows) {
    const left = r.headroom === null ? c.dim('—') : paintUsed(c, 100 - r.headroom, formatPercent(r.headroom));
    const account = r.label ?? r.email ?? c.dim('—');
    if (!r.windows) {
      const what = r.status === 'skipped' ? `skipped (${r.state})` : r.status;
      table.push([r.id, account, left, { colSpan: 3, content: paintState(c, r.status === 'skipped' ? r.state : 'invalid', what) }]);
      continue;
    }
    table.push([r.id, account, left, windowCell(c, r.windows.five_hour, now, r.fetchedAt), windowCell(c, r.windows.seven_day, now, r.fetchedAt), otherWindows(c, r, now)]);
  }
  return table.toString();
}

/** Notes under the table: what was refreshed, what is stale or failed, and the best pick. */
export function renderUsageNotes(rows: UsageRow[], best: UsageRow | null, c: Colors): string[] {
  const lines: string[] = [];
  for (const r of rows) {
    if (r.message) lines.push(`  ${c.bold(r.id)}: ${r.message}`);
  }
  const relog = rows.filter((r) => r.status === 'skipped' && r.state !== 'invalid').map((r) => r.id);
  if (relog.length) lines.push(`${c.bold('Log in again:')} ctk refresh ${relog.join(' ')}`);
  const cached = rows.filter((r) => r.status === 'cached').length;
  if (cached) lines.push(c.dim(`${cached} from the cache (at most 5 min old; --no-cache asks again)`));
  if (best) lines.push(`${c.bold('Most headroom:')} ${best.id} (${formatPercent(best.headroom!)} left) — switch with: c ${best.id}`);
  return lines;
}
