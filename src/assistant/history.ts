// The assistant's line history: one line per entry in ctk's state folder (0600 in a 0700 folder),
// oldest first, capped. A line that looks like a token is never written (nor read back).
import fs from 'node:fs';
import path from 'node:path';
import { stateDir } from '../config/paths.js';
import { looksLikeSecret } from '../domain/assistant.js';
import { appendPrivateLine, writePrivateFileAtomic } from '../util/private-fs.js';

export const HISTORY_SIZE = 500;

export function historyPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(stateDir(env), 'assistant-history');
}

/** The kept lines, newest first (the order node:readline wants). */
export function loadHistory(file: string): string[] {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !looksLikeSecret(l));
  return lines.slice(-HISTORY_SIZE).reverse();
}

/**
 * Keeps a line (not a repeat of the newest); false when it looks like a token and was refused.
 * `history` (newest first) is updated in place.
 */
export function remember(file: string, history: string[], line: string): boolean {
  if (looksLikeSecret(line)) return false;
  if (history[0] === line) return true;
  history.unshift(line);
  if (history.length > HISTORY_SIZE) history.length = HISTORY_SIZE;
  try {
    appendPrivateLine(file, line.replace(/[\r\n]/g, ' '));
    // Now and then the file is cut back to the newest entries.
    if (fs.statSync(file).size > HISTORY_SIZE * 200) writePrivateFileAtomic(file, [...history].reverse().join('\n') + '\n');
  } catch {
    /* a history that cannot be saved is not worth stopping for */
  }
  return true;
}
