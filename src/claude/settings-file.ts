// An account's Claude Code settings (`<dir>/settings.json`): read without changing it, and
// write back atomically (temp file in the same folder, fsync, rename; the file's mode kept;
// a symlink written through to its target) after a backup into ctk's state folder.
import fs from 'node:fs';
import path from 'node:path';
import { stateDir } from '../config/paths.js';
import { readRegularFile } from '../util/fs.js';
import { writeFileAtomic, writePrivateFileAtomic } from '../util/private-fs.js';

export type SettingsRead =
  | { ok: true; file: string; obj: Record<string, unknown>; text: string | null }
  | { ok: false; file: string; reason: string };

export function settingsFile(dir: string): string {
  return path.join(dir, 'settings.json');
}

export function readClaudeSettings(dir: string): SettingsRead {
  const file = settingsFile(dir);
  const r = readRegularFile(file, 8 * 1024 * 1024, 'settings.json');
  if (!r.ok && r.state === 'missing') return { ok: true, file, obj: {}, text: null };
  if (!r.ok) return { ok: false, file, reason: r.reason };
  const text = r.text.charCodeAt(0) === 0xfeff ? r.text.slice(1) : r.text;
  if (text.trim() === '') return { ok: true, file, obj: {}, text: r.text };
  try {
    const obj = JSON.parse(text);
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return { ok: false, file, reason: `${file} is not a JSON object` };
    return { ok: true, file, obj, text: r.text };
  } catch (err: any) {
    return { ok: false, file, reason: `${file} is not valid JSON (${String(err.message).split('\n')[0]})` };
  }
}

/** Indentation as the file had it (Claude Code writes two spaces). */
function indentOf(text: string | null): string | number {
  const m = text ? /^\{\s*\n([ \t]+)"/.exec(text) : null;
  return m ? m[1] : 2;
}

/** Writes the new settings; returns the backup's path (null when there was no file before). */
export function writeClaudeSettings(read: Extract<SettingsRead, { ok: true }>, next: Record<string, unknown>, id: string, env: NodeJS.ProcessEnv = process.env, now = Date.now()): string | null {
  let target = read.file;
  try {
    target = fs.realpathSync(read.file);
  } catch {
    /* no file yet */
  }
  let backup: string | null = null;
  let mode = 0o600;
  if (read.text !== null) {
    mode = fs.statSync(target).mode & 0o777;
    const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
    backup = path.join(stateDir(env), 'backups', 'claude-settings', `${id}.${stamp}.json`);
    writePrivateFileAtomic(backup, read.text);
  }
  // The file keeps its mode; a new one is 0600.
  writeFileAtomic(target, JSON.stringify(next, null, indentOf(read.text)) + '\n', { mode });
  return backup;
}
