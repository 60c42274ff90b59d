// The commands people and shells run many times a day, recognised without loading commander
// (~25 ms): `status` and bare `ctk`, `accounts list --ids` and `completion --accounts` (every
// TAB), `use --shell <sh> [--] <id>` (every `c <id>`), `current [--pinned]` (every `ct`, prompts, the
// cd hook), `statusline` and `hook session-start` (Claude Code's status line and hook). Only these
// exact shapes qualify; anything else (help, other flags, typos) takes the full command line,
// which runs the same code.
import { isatty } from 'node:tty';
import { ID_PATTERN } from './domain/ids.js';
import { SHELLS } from './domain/shells.js';

// The fast path's own error reporter: in the bundle it is the one whose redactor knows the tokens
// these commands read (a second copy loaded from dist/ would not).
export { reportError } from './util/report-error.js';

type Job = () => Promise<number>;

const isShell = (s: string | undefined): s is string => s !== undefined && (SHELLS as readonly string[]).includes(s);
const isId = (s: string | undefined): s is string => s !== undefined && !s.startsWith('-') && ID_PATTERN.test(s);

/** An id, or `-` (the previous account, for `c -`). */
const isTarget = (s: string | undefined): s is string => s === '-' || isId(s);

/** `use --shell <sh> -- <id>` (what ctk init's functions run), `use --shell <sh> <id>`, `use <id> --shell <sh>`. */
function useShape(rest: string[]): { shell: string; id: string } | null {
  const [a, b, c, d] = rest;
  if (rest.length === 4 && a === '--shell' && c === '--' && isShell(b) && isTarget(d)) return { shell: b, id: d };
  if (rest.length === 3 && a === '--shell' && isShell(b) && isTarget(c)) return { shell: b, id: c };
  if (rest.length === 3 && b === '--shell' && isId(a) && isShell(c)) return { shell: c, id: a };
  return null;
}

function statusShape(rest: string[]): { ids: string[]; json: boolean } | null {
  const ids: string[] = [];
  let json = false;
  for (const a of rest) {
    if (a === '--json') json = true;
    else if (isId(a)) ids.push(a);
    else return null;
  }
  return { ids, json };
}

export function matchFastPath(args: string[]): Job | null {
  const [verb, ...rest] = args;
  const exactly = (...words: string[]) => rest.length === words.length && words.every((w, i) => rest[i] === w);
  // On a terminal bare `ctk` is the assistant; through a pipe or in a script it is `ctk status`.
  if (verb === undefined && isatty(0) && isatty(1)) return async () => (await import('./commands/shell/assistant.js')).run();
  if (verb === undefined || verb === 'status') {
    const s = statusShape(rest);
    return s && (async () => (await import('./commands/status.js')).run(s.ids, { json: s.json }));
  }
  if (verb === 'accounts' && exactly('list', '--ids')) return async () => (await import('./commands/accounts/list.js')).list({ ids: true });
  if (verb === 'completion' && exactly('--accounts')) return async () => (await import('./commands/shell/completion.js')).run(undefined, { accounts: true });
  if (verb === 'current' && rest.length === 0) return async () => (await import('./commands/shell/current.js')).current({});
  if (verb === 'current' && exactly('--pinned')) return async () => (await import('./commands/shell/current.js')).current({ pinned: true });
  // Claude Code runs these on every status-line render and at every session start.
  if (verb === 'statusline' && rest.length === 0) return async () => (await import('./commands/inside/statusline.js')).run();
  if (verb === 'hook' && exactly('session-start')) return async () => (await import('./commands/inside/hook.js')).sessionStart();
  if (verb === 'use') {
    const u = useShape(rest);
    return u && (async () => (await import('./commands/shell/use.js')).use(u.id, { shell: u.shell }));
  }
  return null;
}
