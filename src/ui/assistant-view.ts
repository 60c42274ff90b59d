// What the assistant prints around the prompt: the header (counts, logins ending, the next expiry)
// and its help. Wrapped to the terminal.
import type { AccountStatus } from '../domain/account.js';
import { nextExpiry } from '../domain/assistant.js';
import { DAY_MS, formatTimeLeft } from '../domain/duration.js';
import { printable } from '../domain/text.js';
import type { Summary } from '../domain/token-state.js';
import type { Colors } from './colors.js';
import { renderSummaryLine } from './status-table.js';
import { formatLocalTime } from './time.js';
import { terminalWidth, wrapText } from './wrap.js';

export const PROMPT = 'ctk› ';

export interface HeaderFacts {
  rows: AccountStatus[];
  summary: Summary & { loginEnding: number };
  now: number;
}

/** "3.5 d", or the hours and minutes within two days. */
const daysLeft = (ms: number) => (ms < 2 * DAY_MS ? formatTimeLeft(ms) : `${(ms / DAY_MS).toFixed(1)} d`);

const wrap = (text: string) => wrapText(text, terminalWidth(), '  ');

/** The counts by state and the logins ending: one line, also printed again when it changes. */
export function renderCounts(f: HeaderFacts, c: Colors): string {
  return renderSummaryLine(f.summary, f.rows.length, c);
}

/** When the next token expires, and the soonest login deadline among the logins ending. */
export function renderNext(f: HeaderFacts, c: Colors): string[] {
  const lines: string[] = [];
  const next = nextExpiry(f.rows, f.now);
  if (next) lines.push(`Next expiry: ${c.bold(printable(next.id))} in ${formatTimeLeft(next.at - f.now)} (${formatLocalTime(next.at, f.now)})`);
  const ending = f.rows.filter((r) => r.loginEnding && r.loginExpiresAt !== null).sort((a, b) => a.loginExpiresAt! - b.loginExpiresAt!);
  if (ending.length) {
    const first = ending[0];
    const more = ending.length > 1 ? ` (${ending.length} logins end soon: ctk logins plans them)` : '';
    lines.push(`Login ends soonest: ${c.bold(printable(first.id))} in ${daysLeft(first.loginExpiresAt! - f.now)}${more}`);
  }
  return lines.flatMap(wrap);
}

export function renderHeader(f: HeaderFacts, c: Colors): string[] {
  return [c.bold('ctk assistant'), ...wrap(renderCounts(f, c)), ...renderNext(f, c)];
}

export function renderGreeting(c: Colors): string[] {
  return wrap(c.dim('Type a ctk command without "ctk" (status 12, refresh 4 9-12, morning, help refresh). Tab completes, Enter on an empty line opens the menu, exit or Ctrl-D leaves.'));
}

export function renderHelp(commands: { name: string; description: string }[], c: Colors): string[] {
  const width = Math.max(...commands.map((x) => x.name.length));
  const lines = [
    'Any ctk command works here without "ctk": status 12, refresh 4 9-12, logins, usage, history 12.',
    '',
    ...commands.map((x) => `  ${x.name.padEnd(width)}  ${x.description}`),
    '',
    `  ${'help <command>'.padEnd(width)}  that command's options`,
    `  ${'clear'.padEnd(width)}  clear the screen`,
    `  ${'exit'.padEnd(width)}  leave (also Ctrl-D)`,
    '',
    'Enter on an empty line: a menu of what makes sense now. Tab completes commands, flags and ids;',
    '↑/↓ and Ctrl-R search the history. Ctrl-C stops the running command and returns here.',
  ];
  const hang = ' '.repeat(width + 4);
  return lines.flatMap((l) => (l.startsWith('  ') ? wrapText(l, terminalWidth(), hang) : wrap(l).map((x) => c.dim(x))));
}
