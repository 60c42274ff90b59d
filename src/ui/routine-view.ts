// What the routines show: the queue's checkbox labels, the summary table and the next steps.
import { formatDurationShort, formatTimeLeft } from '../domain/duration.js';
import type { AttemptResult, MethodChoice, ResultKind } from '../domain/routine.js';
import { countResults, queueReason, type QueueRow } from '../domain/routine.js';
import { groupNextSteps } from '../domain/routine-text.js';
import type { Colors } from './colors.js';
import { renderColumns, type Cell, type Column } from './columns.js';
import { tableWidth } from './wrap.js';
import { formatLocalTime } from './time.js';

/** One summary row: an attempt plus who the account is. */
export interface SummaryRow extends AttemptResult {
  label: string | null;
  email: string | null;
  /** The email found after the attempt, when it differs from the expected one. */
  signedInAs: string | null;
  wrongAccount: boolean;
  /** --dry-run: the command that would run. */
  command: string | null;
}

/** "4    dev4@example.com   1.2 h left (expires soon)" for the checkbox. */
export function queueChoiceLabel(
  row: QueueRow & { email: string | null; label: string | null },
  method: string,
  idWidth: number,
  c: Colors,
  now?: number,
): string {
  const who = row.label ?? row.email ?? '—';
  const usable = row.state === 'healthy' || row.state === 'expiring';
  const left = usable && row.loginEnding && now !== undefined ? c.yellow(queueReason(row, now)) : usable ? `${formatTimeLeft(row.msLeft)} left` : c.red(queueReason(row));
  return `${row.id.padEnd(idWidth)}  ${who.padEnd(28)}  ${left}${c.dim(`  · ${method}`)}`;
}

function resultCell(c: Colors, r: ResultKind, wrong: boolean): Cell {
  switch (r) {
    case 'refreshed':
      return { text: '✔ refreshed', paint: c.green };
    case 'failed':
      return wrong ? { text: '✖ WRONG ACCOUNT', paint: (s) => c.bold(c.red(s)) } : { text: '✖ failed', paint: c.red };
    case 'skipped':
      return { text: '↓ skipped', paint: c.yellow };
    case 'planned':
      return { text: '· planned', paint: c.cyan };
  }
}

export function renderSummaryTable(rows: SummaryRow[], c: Colors, now: number, width = tableWidth()): string {
  const cols: Column[] = [
    { header: 'id' },
    { header: 'account', shrink: true, minWidth: 12 },
    { header: 'method', drop: 2 },
    { header: 'result' },
    { header: 'expiry before → after', drop: 3 },
    { header: 'lifespan', drop: 1 },
    // The note gives way first; --json and a piped summary carry it whole.
    { header: 'note', shrink: true, minWidth: 16 },
  ];
  const cells: Cell[][] = rows.map((r) => {
    const before = formatLocalTime(r.oldExpiresAt, now);
    const after = r.newExpiresAt === null ? '—' : formatLocalTime(r.newExpiresAt, now);
    return [
      r.id,
      r.label ?? r.email ?? { text: '—', paint: c.dim },
      r.method ?? { text: '—', paint: c.dim },
      resultCell(c, r.result, r.wrongAccount),
      `${before} → ${after}`,
      r.lifespanMs === null ? { text: '—', paint: c.dim } : formatDurationShort(r.lifespanMs),
      r.reason ?? '',
    ];
  });
  return renderColumns(cols, cells, { width, bold: c.bold });
}

export function renderCounts(counts: Record<ResultKind, number>, total: number, c: Colors): string {
  const parts: string[] = [];
  if (counts.refreshed) parts.push(c.green(`${counts.refreshed} refreshed`));
  if (counts.failed) parts.push(c.red(`${counts.failed} failed`));
  if (counts.skipped) parts.push(c.yellow(`${counts.skipped} skipped`));
  if (counts.planned) parts.push(c.cyan(`${counts.planned} planned`));
  return `${total} queued: ${parts.join(', ') || 'nothing done'}`;
}

export function renderNextExpiry(next: { id: string; expiresAt: number | null; email?: string | null } | null, c: Colors, now: number): string {
  if (!next || next.expiresAt === null) return `${c.bold('Next expiry:')} none ahead (no account has a live token)`;
  const who = next.email ? ` (${next.email})` : '';
  return `${c.bold('Next expiry:')} ${next.id}${who} at ${formatLocalTime(next.expiresAt, now)}, in ${formatTimeLeft(next.expiresAt - now)}`;
}

/** One line per action for the accounts that are not done: "  4, 9, 12: log in: ctk refresh 4 9 12 --method login". */
export function renderWhatToDo(rows: SummaryRow[], c: Colors): string[] {
  const todo = rows.filter((r): r is SummaryRow & { nextStep: string } => Boolean(r.nextStep) && (r.result === 'failed' || r.result === 'skipped'));
  if (todo.length === 0) return [];
  const lines = [c.bold('What to do:')];
  for (const g of groupNextSteps(todo)) {
    const line = `  ${g.ids.join(', ')}: ${g.nextStep}`;
    lines.push(g.wrongAccount ? c.bold(c.red(line)) : line);
  }
  return lines;
}

/** Everything the end of a routine reports, for the table and for --json. */
export interface RoutineReport {
  command: string;
  method: MethodChoice;
  windowHours: number | null;
  dryRun: boolean;
  stopped: boolean;
  results: SummaryRow[];
  next: { id: string; email: string | null; expiresAt: number | null; msLeft: number | null } | null;
  needsAttention: { id: string; state: string; error: string | null }[];
  exitCode: number;
  /** Run in the demo sandbox (its "nothing to do" points at ctk demo reset). */
  demo?: boolean;
}

/** The --json shape (schemaVersion 1). */
export function routineJson(r: RoutineReport, now: number): Record<string, unknown> {
  return {
    schemaVersion: 1,
    command: r.command,
    generatedAt: new Date(now).toISOString(),
    dryRun: r.dryRun,
    stopped: r.stopped,
    method: r.method,
    windowHours: r.windowHours,
    results: r.results,
    summary: { queued: r.results.length, ...countResults(r.results) },
    nextExpiry: r.next,
    needsAttention: r.needsAttention,
    exitCode: r.exitCode,
  };
}

export function renderRoutineReport(r: RoutineReport, c: Colors, now: number): string[] {
  const lines: string[] = [];
  if (r.dryRun) {
    if (r.results.length === 0) lines.push('Nothing to do.');
    for (const row of r.results) lines.push(`${c.dim('Not executed:')} ${row.command}`);
    lines.push('', c.dim('Dry run: nothing was changed.'));
    return lines;
  }
  if (r.results.length === 0) {
    lines.push(`Nothing to refresh: no account expires${r.windowHours === null ? '' : ` within ${r.windowHours} h`}.`);
    if (r.demo) lines.push('This is the demo sandbox: start it over with ctk demo reset.');
  } else {
    lines.push(renderSummaryTable(r.results, c, now), '');
    lines.push(renderCounts(countResults(r.results), r.results.length, c) + (r.stopped ? c.yellow(' (stopped)') : ''));
  }
  lines.push(renderNextExpiry(r.next, c, now));
  for (const a of r.needsAttention) {
    lines.push(c.magenta(`Not queued: ${a.id} is ${a.state} (${a.error ?? 'unreadable'}); ctk accounts validate shows why`));
  }
  const todo = renderWhatToDo(r.results, c);
  if (todo.length) lines.push('', ...todo);
  return lines;
}
