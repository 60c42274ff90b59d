// What a bug report may show. By default no identifier at all: account ids become letters
// (A, B, …), and emails, paths, the home folder and the user name are replaced wherever they
// appear in free text. --include-emails shows real account ids and their emails (so a
// maintainer can match events to accounts on a support ticket); paths, the home folder, the
// user name, tokens and token fingerprints are never shown. Pure.
import { redact as redactTokens } from './redact.js';

export interface RedactionContext {
  /** Account ids in the order they should get letters. */
  accountIds: string[];
  /** id → email, for --include-emails and for scrubbing. */
  emails: Record<string, string | null>;
  /** Account folders and other paths to hide. */
  paths: string[];
  home: string | null;
  userName: string | null;
  includeEmails: boolean;
}

export interface Redactor {
  /** How an account is named in the report. */
  account(id: string): string;
  /** Any free text (history reasons, tool output) with identifiers removed. */
  text(s: string): string;
}

/** A, B, …, Z, AA, AB, … */
export function letterAlias(index: number): string {
  let n = index;
  let s = '';
  do {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Absolute POSIX paths (two or more segments) and Windows drive or UNC paths.
const POSIX_PATH_RE = /(?<![\w.~-])\/(?:[^\s/'"`()<>|]+\/)+[^\s/'"`()<>|,;:]*/g;
const WIN_PATH_RE = /(?:\b[A-Za-z]:\\|\\\\)[^\s'"`<>|]*/g;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function makeRedactor(ctx: RedactionContext): Redactor {
  const alias = new Map<string, string>();
  ctx.accountIds.forEach((id) => alias.set(id, letterAlias(alias.size)));
  const account = (id: string): string => {
    if (ctx.includeEmails) {
      const email = ctx.emails[id];
      return email ? `${id} <${email}>` : id;
    }
    if (!alias.has(id)) alias.set(id, letterAlias(alias.size));
    return alias.get(id)!;
  };
  const paths = [...new Set(ctx.paths.filter((p) => p && p.length > 1))].sort((a, b) => b.length - a.length);
  const text = (input: string): string => {
    let s = redactTokens(input);
    for (const p of paths) s = s.split(p).join('<path>');
    if (ctx.home && ctx.home.length > 1) s = s.split(ctx.home).join('~');
    s = s.replace(POSIX_PATH_RE, '<path>').replace(WIN_PATH_RE, '<path>');
    if (!ctx.includeEmails) {
      s = s.replace(EMAIL_RE, '<email>');
      for (const id of ctx.accountIds) {
        // Numeric ids ("12") are only recognisable where the text names an account.
        const re = /^\d+$/.test(id)
          ? new RegExp(`\\b(account|accounts|refresh|id)( +)${escapeRe(id)}\\b`, 'gi')
          : new RegExp(`(^|[^\\w.-])()${escapeRe(id)}(?![\\w-])`, 'g');
        s = s.replace(re, (_m, pre: string, gap: string) => `${pre}${gap}${account(id)}`);
      }
    }
    if (ctx.userName && ctx.userName.length >= 2) {
      // Shown emails stay whole: the user name is scrubbed only between them.
      const user = new RegExp(`(?<![\\w.-])${escapeRe(ctx.userName)}(?![\\w-])`, 'g');
      s = s
        .split(new RegExp(`(${EMAIL_RE.source})`))
        .map((part, i) => (i % 2 === 1 ? part : part.replace(user, '<user>')))
        .join('');
    }
    return s;
  };
  return { account, text };
}
