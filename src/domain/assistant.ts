// The assistant's pure parts: splitting a typed line into arguments, telling a line that holds a
// secret from one that may be kept in the history, and what is worth doing now (the header's
// question and the menu behind an empty line), read off the accounts' rows.
import type { AccountStatus } from './account.js';
import { redact } from './redact.js';

/** Splits a line the way a POSIX shell splits words: spaces, 'single' and "double" quotes, \. */
export function splitLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`the ${quote === '"' ? 'double' : 'single'} quote is not closed`);
  if (inWord) words.push(word);
  return words;
}

/** A long run of token-like characters: an opaque secret, whatever its prefix. */
const OPAQUE = /[A-Za-z0-9_-]{40,}/;

/** True when a line holds something shaped like a token (or a part of one ctk read): never stored. */
export function looksLikeSecret(line: string): boolean {
  return redact(line) !== line || OPAQUE.test(line);
}

export interface Suggestion {
  /** What the header says, ending in a question. */
  text: string;
  /** The ctk command line it runs on "yes". */
  args: string[];
}

const DEAD = new Set(['expired', 'revoked', 'missing', 'wrong-account']);

function idsOf(rows: AccountStatus[], pred: (r: AccountStatus) => boolean): string[] {
  return rows.filter(pred).map((r) => r.id);
}

/** "4 9 17", or "4 9 17 20 21 … (9)" when long. */
export function idsText(ids: string[], max = 6): string {
  return ids.length <= max ? ids.join(' ') : `${ids.slice(0, max).join(' ')} … (${ids.length})`;
}

const accountsWord = (n: number) => `${n} account${n === 1 ? '' : 's'}`;

export interface Attention {
  expiring: string[];
  dead: string[];
  loginEnding: string[];
}

export function attention(rows: AccountStatus[]): Attention {
  return {
    expiring: idsOf(rows, (r) => r.state === 'expiring'),
    dead: idsOf(rows, (r) => DEAD.has(r.state)),
    loginEnding: idsOf(rows, (r) => r.loginEnding && !DEAD.has(r.state)),
  };
}

/** The one or two things that matter now, most urgent first, each with the command that does it. */
export function suggestions(rows: AccountStatus[], warningHours: number, loginWarningDays: number): Suggestion[] {
  const a = attention(rows);
  const out: Suggestion[] = [];
  if (a.expiring.length) {
    const n = a.expiring.length;
    out.push({ text: `${accountsWord(n)} expire${n === 1 ? 's' : ''} within ${warningHours} h (${idsText(a.expiring)}) — refresh ${n === 1 ? 'it' : 'them'}?`, args: ['refresh', ...a.expiring, '--yes'] });
  }
  if (a.dead.length) {
    const n = a.dead.length;
    out.push({ text: `${accountsWord(n)} need${n === 1 ? 's' : ''} a login (${idsText(a.dead)}) — log in now?`, args: ['refresh', ...a.dead, '--yes'] });
  }
  if (a.loginEnding.length) {
    const n = a.loginEnding.length;
    out.push({
      text: `${n} login${n === 1 ? ' ends' : 's end'} within ${loginWarningDays} d (${idsText(a.loginEnding)}) — renew with a browser sign-in?`,
      args: ['refresh', ...a.loginEnding, '--method', 'login', '--yes'],
    });
  }
  return out.slice(0, 2);
}

/** One entry of the menu behind an empty line. */
export interface MenuItem {
  name: string;
  description: string;
  /** A ctk command line to run, … */
  args?: string[];
  /** … or an account to pick first: for `run <id>`, or to say the `c <id>` that switches the shell. */
  pick?: 'run' | 'switch';
  exit?: true;
}

/** The actions that make sense now, the urgent ones first. */
export function menuItems(rows: AccountStatus[], warningHours: number): MenuItem[] {
  const a = attention(rows);
  const items: MenuItem[] = [];
  if (a.expiring.length) items.push({ name: `Refresh the ${accountsWord(a.expiring.length)} expiring soon`, description: `ctk refresh ${a.expiring.join(' ')}`, args: ['refresh', ...a.expiring] });
  if (a.dead.length) items.push({ name: `Log in the ${accountsWord(a.dead.length)} that need${a.dead.length === 1 ? 's' : ''} it`, description: `ctk refresh ${a.dead.join(' ')}`, args: ['refresh', ...a.dead] });
  if (a.loginEnding.length) {
    items.push({ name: `Renew the ${a.loginEnding.length === 1 ? 'login that ends' : 'logins that end'} soon`, description: `ctk refresh ${a.loginEnding.join(' ')} --method login`, args: ['refresh', ...a.loginEnding, '--method', 'login'] });
  }
  items.push(
    { name: 'Run the morning routine', description: `ctk morning: refresh what expires within ${warningHours} h, log in what needs it`, args: ['morning'] },
    { name: 'Start Claude Code in an account', description: 'pick an account, then ctk run <id>', pick: 'run' },
    { name: 'Switch this shell to an account', description: 'pick an account; the assistant says what to type (c <id>)', pick: 'switch' },
    { name: 'Show usage', description: 'ctk usage: 5-hour and 7-day limits of every account', args: ['usage'] },
    { name: 'Renewal calendar', description: 'ctk logins: every login deadline and the day to renew it', args: ['logins'] },
    { name: 'Status of every account', description: 'ctk status', args: ['status'] },
    { name: 'Leave the assistant', description: 'exit (or Ctrl-D)', exit: true },
  );
  return items;
}

/** The soonest expiry still ahead: the account and its time. */
export function nextExpiry(rows: AccountStatus[], now: number): { id: string; at: number } | null {
  let best: { id: string; at: number } | null = null;
  for (const r of rows) {
    if (r.expiresAt === null || r.expiresAt <= now || DEAD.has(r.state)) continue;
    if (!best || r.expiresAt < best.at) best = { id: r.id, at: r.expiresAt };
  }
  return best;
}
