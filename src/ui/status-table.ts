// The status view: one row per account, then the counts and what to do next.
import type { AccountStatus } from '../domain/account.js';
import { formatTimeLeft } from '../domain/duration.js';
import { printable } from '../domain/text.js';
import { STATES, type Summary } from '../domain/token-state.js';
import { type Colors, paintState, STATE_ICON } from './colors.js';
import { plainTable } from './table.js';
import { formatLocalTime } from './time.js';

export function renderStatusTable(rows: AccountStatus[], c: Colors, now: number): string {
  const table = plainTable(['', 'state', 'id', 'account', 'plan', 'left', 'expires'], c);
  for (const r of rows) {
    table.push([
      r.current ? c.cyan('▶') : ' ',
      paintState(c, r.state, `${STATE_ICON[r.state]} ${r.state}`),
      r.current ? c.bold(printable(r.id)) : printable(r.id),
      r.label || r.email ? printable((r.label || r.email)!) : c.dim('—'),
      r.subscriptionType ?? c.dim('—'),
      r.state === 'healthy' || r.state === 'expiring' ? formatTimeLeft(r.msLeft) : c.dim(formatTimeLeft(r.msLeft)),
      formatLocalTime(r.expiresAt, now),
    ]);
  }
  return table.toString();
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
  const dead = ids((r) => r.state === 'expired' || r.state === 'revoked' || r.state === 'missing');
  const soon = ids((r) => r.state === 'expiring');
  if (dead.length) lines.push(`${c.bold('Log in again:')} ctk refresh ${dead.join(' ')}`);
  if (soon.length) lines.push(`${c.bold('Expiring soon:')} ctk morning (or ctk refresh ${soon.join(' ')})`);
  const wrong = ids((r) => r.state === 'wrong-account');
  if (wrong.length) lines.push(`${c.bold('Wrong account:')} ctk refresh ${wrong.join(' ')} --method login  (signs in as the pinned email)`);
  const ending = ids((r) => r.loginEnding);
  if (ending.length) lines.push(`${c.bold('Logins ending:')} ctk refresh ${ending.join(' ')} --method login  (a browser sign-in renews the ~30-day login; ctk logins plans it)`);
  const bad = ids((r) => r.state === 'invalid');
  if (bad.length) lines.push(`${c.bold('Unreadable:')} ctk accounts validate shows what is wrong with ${bad.join(', ')}`);
  return lines;
}
