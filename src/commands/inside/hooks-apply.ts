// What ctk hooks install and remove share: pick the accounts and the parts, merge each
// account's settings.json, report one row per account (one bad file never stops the others).
import { readRegistry, resolveAccounts, selectAccounts } from '../../accounts/registry-file.js';
import { readClaudeSettings, writeClaudeSettings } from '../../claude/settings-file.js';
import type { HookPart, MergeResult } from '../../domain/claude-settings.js';
import { printable } from '../../domain/text.js';
import { writeJson } from '../../ui/json.js';
import { isDirectory } from '../../util/fs.js';

export interface HooksOptions {
  statusline?: boolean;
  sessionStart?: boolean;
  json?: boolean;
}

export interface HookRow {
  id: string;
  file: string;
  result: 'changed' | 'unchanged' | 'error';
  backup: string | null;
  notes: string[];
  error: string | null;
}

export const PART_NAMES: Record<HookPart, string> = { statusline: 'the status line', 'session-start': 'the SessionStart hook' };
export const partsText = (parts: HookPart[]): string => parts.map((p) => PART_NAMES[p]).join(' and ');

export function partsOf(opts: HooksOptions): HookPart[] {
  const parts: HookPart[] = [];
  if (opts.statusline) parts.push('statusline');
  if (opts.sessionStart) parts.push('session-start');
  return parts.length ? parts : ['statusline', 'session-start'];
}

export function applyToAccounts(ids: string[], merge: (settings: Record<string, unknown>) => MergeResult): HookRow[] {
  const accounts = selectAccounts(resolveAccounts(readRegistry()), ids);
  return accounts.map((a): HookRow => {
    const base = { id: a.id, file: a.dir, backup: null, notes: [] as string[] };
    if (!isDirectory(a.dir)) return { ...base, result: 'error', error: `folder ${a.dir} does not exist; nothing written` };
    const read = readClaudeSettings(a.dir);
    if (!read.ok) return { ...base, file: read.file, result: 'error', error: `${read.reason}; left untouched` };
    const m = merge(read.obj);
    if (!m.changed) return { ...base, file: read.file, result: 'unchanged', notes: m.notes, error: null };
    try {
      const backup = writeClaudeSettings(read, m.next, a.id);
      return { ...base, file: read.file, result: 'changed', backup, notes: m.notes, error: null };
    } catch (err: any) {
      return { ...base, file: read.file, result: 'error', notes: m.notes, error: `cannot write ${read.file}: ${err.code ?? err.message}` };
    }
  });
}

/** Rows on stdout, failures on stderr as `ctk:` lines; exit 3 when a file could not be handled. */
export function report(rows: HookRow[], opts: HooksOptions, changedText: string, extra: Record<string, unknown> = {}): number {
  const failed = rows.some((r) => r.result === 'error');
  if (opts.json) {
    writeJson({ schemaVersion: 1, ...extra, accounts: rows });
    return failed ? 3 : 0;
  }
  const width = Math.max(2, ...rows.map((r) => r.id.length));
  for (const r of rows) {
    if (r.result === 'error') {
      process.stderr.write(`ctk: ${r.id}: ${printable(r.error ?? '')}\n`);
      continue;
    }
    const what = r.result === 'changed' ? `${changedText} ${printable(r.file)}` : `nothing to change in ${printable(r.file)}`;
    const notes = r.notes.length ? ` (${r.notes.join('; ')})` : '';
    process.stdout.write(`${r.id.padEnd(width)}  ${what}${notes}\n`);
  }
  return failed ? 3 : 0;
}
