// Who an account is signed in as, from .claude.json's oauthAccount (read-only).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResolvedAccount } from '../domain/account.js';
import { childPath } from '../util/child-path.js';

export interface Identity {
  email: string | null;
  displayName: string | null;
  organizationName: string | null;
  accountUuid: string | null;
}

/** Candidate files, most authoritative first (a legacy .config.json wins). */
export function identityFiles(account: ResolvedAccount): string[] {
  const files = [childPath(account.dir, '.config.json'), childPath(account.dir, '.claude.json')];
  if (account.implicit || isDefaultDir(account.dir)) files.push(path.join(os.homedir(), '.claude.json'));
  return files;
}

let defaultDir: string | undefined;
function isDefaultDir(dir: string): boolean {
  defaultDir ??= path.join(os.homedir(), '.claude');
  return dir === defaultDir || path.resolve(dir) === defaultDir;
}

/**
 * .claude.json grows with project history (often megabytes), so find the oauthAccount
 * object by scanning instead of parsing the whole file.
 */
export function extractObject(text: string, key: string): unknown {
  const needle = `"${key}"`;
  let idx = text.indexOf(needle);
  while (idx !== -1) {
    let i = idx + needle.length;
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text[i] === ':') {
      i++;
      while (i < text.length && /\s/.test(text[i])) i++;
      if (text[i] === '{') {
        const end = matchBrace(text, i);
        if (end !== -1) {
          try {
            return JSON.parse(text.slice(i, end + 1));
          } catch {
            return undefined;
          }
        }
      } else if (text.startsWith('null', i)) {
        return null;
      }
    }
    idx = text.indexOf(needle, idx + 1);
  }
  return undefined;
}

function matchBrace(text: string, start: number): number {
  let depth = 0;
  let inStr = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inStr) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inStr = false;
    } else if (c === 34) inStr = true;
    else if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * Long-running commands (ctk watch) re-check every account each interval; .claude.json can be
 * megabytes, so they remember what each file said and re-read it only when it changed.
 * One-shot commands leave this off: the extra stat would cost more than it saves.
 */
let cache: Map<string, { mtimeMs: number; size: number; identity: Identity | null }> | null = null;

export function enableIdentityCache(): void {
  cache ??= new Map();
}

function identityFromText(text: string): Identity | null {
  const o = extractObject(text, 'oauthAccount');
  if (!o || typeof o !== 'object') return null;
  const a = o as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  return {
    email: str(a.emailAddress),
    displayName: str(a.displayName),
    organizationName: str(a.organizationName),
    accountUuid: str(a.accountUuid),
  };
}

function identityOfFile(file: string): Identity | null | undefined {
  if (cache) {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st || !st.isFile()) {
      cache.delete(file);
      return undefined;
    }
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.identity;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    const identity = identityFromText(text);
    cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, identity });
    return identity;
  }
  // The legacy file rarely exists: checking is cheaper than a thrown ENOENT per account.
  if (file.endsWith('.config.json') && !fs.existsSync(file)) return undefined;
  try {
    return identityFromText(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export function readIdentity(account: ResolvedAccount): Identity | null {
  for (const file of identityFiles(account)) {
    const identity = identityOfFile(file);
    if (identity) return identity;
    // A file without oauthAccount: a legacy .config.json may just lack it; keep looking.
  }
  return null;
}

/**
 * A boolean flag anywhere in the account's .claude.json (e.g. a feature gate Claude Code caches),
 * found by scanning: true/false when present, undefined otherwise. Only Windows asks.
 */
export function claudeJsonFlag(account: ResolvedAccount, key: string): boolean | undefined {
  for (const file of identityFiles(account)) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const m = new RegExp(`"${key}"\\s*:\\s*(true|false)`).exec(text);
    if (m) return m[1] === 'true';
  }
  return undefined;
}
