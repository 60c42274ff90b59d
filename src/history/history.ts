// history.jsonl in ctk's config folder: one line per refresh or login attempt. Never a token.
import fs from 'node:fs';
import { historyFile } from '../config/paths.js';
import { appendPrivateLine } from '../util/private-fs.js';

export type HistoryMethod = 'login' | 'oauth';
export type HistoryResult = 'refreshed' | 'failed' | 'skipped' | 'already-refreshed' | 'needs-login' | 'on-hold';

export interface HistoryEntry {
  /** ISO time of the attempt's end. */
  at: string;
  account: string;
  method: HistoryMethod;
  result: HistoryResult;
  /** expiresAt before and after (ms epoch), null when unknown. */
  oldExpiresAt: number | null;
  newExpiresAt: number | null;
  /** newExpiresAt minus the time the new token was obtained: the lifespan the server granted. */
  lifespanMs: number | null;
  /** Why it failed or was skipped; redacted. */
  reason?: string;
  /** Short sha256 fingerprint of the refresh token used (oauth only). */
  refreshTokenFp?: string;
  /** Which command ran it: refresh, morning, evening, watch, usage, run. */
  via?: string;
}

export function appendHistory(entry: HistoryEntry, env: NodeJS.ProcessEnv = process.env): void {
  appendPrivateLine(historyFile(env), JSON.stringify(entry));
}

/** Reads every well-formed entry; broken lines (a crash mid-append) are skipped. */
export function readHistory(env: NodeJS.ProcessEnv = process.env): HistoryEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(historyFile(env), 'utf8');
  } catch {
    return [];
  }
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
