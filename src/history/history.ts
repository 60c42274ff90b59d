// history.jsonl in ctk's config folder: one line per refresh or login attempt. Never a token.
import { historyFile } from '../config/paths.js';
import type { HistoryEntry } from '../domain/history.js';
import { appendPrivateLine } from '../util/private-fs.js';
import { readStateText } from '../util/fs.js';

export type { HistoryEntry, HistoryMethod, HistoryResult } from '../domain/history.js';

export function appendHistory(entry: HistoryEntry, env: NodeJS.ProcessEnv = process.env): void {
  appendPrivateLine(historyFile(env), JSON.stringify(entry));
}

/** Reads every well-formed entry; broken lines (a crash mid-append) are skipped. */
export function readHistory(env: NodeJS.ProcessEnv = process.env): HistoryEntry[] {
  const text = readStateText(historyFile(env));
  if (text === null) return [];
  const out: HistoryEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line);
      if (e && typeof e.account === 'string' && typeof e.at === 'string') out.push(e);
    } catch {
      /* skip a torn line */
    }
  }
  return out;
}
