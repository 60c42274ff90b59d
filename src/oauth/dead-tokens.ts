// Refresh tokens the server rejected with invalid_grant, remembered by fingerprint only, so
// `--method auto` goes straight to a login next time instead of asking the server again.
import path from 'node:path';
import { stateDir } from '../config/paths.js';
import { writePrivateFileAtomic } from '../util/private-fs.js';
import { readStateText } from '../util/fs.js';

const FILE = 'oauth-dead-tokens.json';
const KEEP = 500;

interface DeadEntry {
  fp: string;
  account: string;
  at: string;
}

function file(env: NodeJS.ProcessEnv): string {
  return path.join(stateDir(env), FILE);
}

function load(env: NodeJS.ProcessEnv): DeadEntry[] {
  try {
    const data = JSON.parse(readStateText(file(env)) ?? 'null');
    return Array.isArray(data?.entries) ? data.entries.filter((e: any) => e && typeof e.fp === 'string') : [];
  } catch {
    return [];
  }
}

export function isDeadFingerprint(fp: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return load(env).some((e) => e.fp === fp);
}

export function rememberDeadFingerprint(fp: string, account: string, env: NodeJS.ProcessEnv = process.env, now = Date.now()): void {
  const entries = load(env).filter((e) => e.fp !== fp);
  entries.push({ fp, account, at: new Date(now).toISOString() });
  writePrivateFileAtomic(file(env), JSON.stringify({ version: 1, entries: entries.slice(-KEEP) }, null, 1) + '\n');
}
