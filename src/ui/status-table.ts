// The status view: one row per account, then the counts and what to do next.
import type { AccountStatus } from '../domain/account.js';
import { formatTimeLeft } from '../domain/duration.js';
import { printable } from '../domain/text.js';
import { STATES, type Summary } from '../domain/token-state.js';
import { type Colors, paintState, STATE_ICON } from './colors.js';
import { renderColumns, type Cell, type Column } from './columns.js';
import { formatLocalTime } from './time.js';
import { tableWidth } from './wrap.js';

export function renderStatusTable(rows: AccountStatus[], c: Colors, now: number, width = tableWidth()): string {
  const cols: Column[] = [
    { header: '' },
    { header: 'state' },
    { header: 'id', minWidth: 4, shrink: false },
    { header: 'account', shrink: true, minWidth: 12 },
    { header: 'plan', drop: 2 },
    { header: 'left' },
    { header: 'expires', drop: 1 },
  ];
  const cells: Cell[][] = rows.map((r) => [
    r.current ? { text: '▶', paint: c.cyan } : ' ',
    { text: `${STATE_ICON[r.state]} ${r.state}`, paint: (t) => paintState(c, r.state, t) },
    r.current ? { text: printable(r.id), paint: c.bold } : printable(r.id),
    r.label || r.email ? printable((r.label || r.email)!) : { text: '—', paint: c.dim },
    r.subscriptionType ? printable(r.subscriptionType) : { text: '—', paint: c.dim },
    r.state === 'healthy' || r.state === 'expiring' ? formatTimeLeft(r.msLeft) : { text: formatTimeLeft(r.msLeft), paint: c.dim },
    formatLocalTime(r.expiresAt, now),
  ]);
  return renderColumns(cols, cells, { width, bold: c.bold });
}

export function renderSummaryLine(summary: Summary & { loginEnding?: number }, total: number, c: Colors): string {
  const parts = STATES.filter((s) => summary[s] > 0).map((s) => paintState(c, s, `${summary[s]} ${s}`));
  const logins = summary.loginEnding ? `; ${c.yellow(`${summary.loginEnding} login${summary.loginEnding === 1 ? '' : 's'} ending`)}` : '';
  return `${total} account${total === 1 ? '' : 's'}: ${parts.join(', ') || 'none'}${logins}`;
}

export function renderProblems(rows: AccountStatus[], c: Colors): string[] {
  const lines: string[] = [];
  for (const r of rows) {
    if (r.error) lines.push(`  ${paintState(c, r.state, printable(r.id))}: ${printable(r.error)}`);
    if (r.note) lines.push(`  ${printable(r.id)}: ${c.dim(printable(r.note))}`);
  }
  return lines;
}

/** One next step per kind of problem, naming the accounts. */
export function renderNextSteps(rows: AccountStatus[], c: Colors): string[] {
  const ids = (pred: (r: AccountStatus) => boolean) => rows.filter(pred).map((r) => r.id);
  const lines: string[] = [];
  const dead = ids((r) => r.state === 'expired' || r.state === 'revoked');
  const never = ids((r) => r.state === 'missing');
  const soon = ids((r) => r.state === 'expiring');
  if (dead.length) lines.push(`${c.bold('Log in again:')} ctk refresh ${dead.join(' ')}`);
  if (never.length) lines.push(`${c.bold('Not logged in:')} ctk refresh ${never.join(' ')}  (a guided claude auth login)`);
  if (soon.length) lines.push(`${c.bold('Expiring soon:')} ctk morning (or ctk refresh ${soon.join(' ')})`);
  const wrong = ids((r) => r.state === 'wrong-account');
  if (wrong.length) lines.push(`${c.bold('Wrong account:')} ctk refresh ${wrong.join(' ')} --method login  (signs in as the pinned email)`);
  const ending = ids((r) => r.loginEnding);
  if (ending.length) lines.push(`${c.bold('Logins ending:')} ctk refresh ${ending.join(' ')} --method login  (a browser sign-in renews the ~30-day login; ctk logins plans it)`);
  const bad = ids((r) => r.state === 'invalid');
  if (bad.length) lines.push(`${c.bold('Unreadable:')} ctk accounts validate shows what is wrong with ${bad.join(', ')}`);
  return lines;
}
