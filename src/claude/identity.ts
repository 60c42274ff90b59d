// Who an account is signed in as, from .claude.json's oauthAccount (read-only).
//
// .claude.json holds every project's history and is often megabytes, with oauthAccount after
// `projects`. So the file is read as bytes into one reused buffer and only the oauthAccount block
// is decoded and parsed. An identity cache (in memory for watch, or in ctk's state folder for
// one-shot commands) remembers each file's answer by size, mtime, ctime and inode: an unchanged
// 2 MB file then costs one stat, and any change at all is re-read. Special files (a FIFO where the
// file should be) are never opened for a blocking read.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResolvedAccount } from '../domain/account.js';
import { childPath } from '../util/child-path.js';
import { writePrivateFileAtomic } from '../util/private-fs.js';

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

/** Larger than this, a .claude.json is not read for its identity at all. */
const MAX_BYTES = 64 * 1024 * 1024;
let shared = Buffer.allocUnsafe(256 * 1024);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

function matchBrace(bytes: Buffer, start: number): number {
  let depth = 0;
  let inStr = false;
  for (let i = start; i < bytes.length; i++) {
    const c = bytes[i];
    if (inStr) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inStr = false;
    } else if (c === QUOTE) inStr = true;
    else if (c === OPEN) depth++;
    else if (c === CLOSE && --depth === 0) return i;
  }
  return -1;
}

/** The value after `"key":` in JSON bytes: an object's bytes, or 'null'/'true'/'false', or undefined. */
export function findValue(bytes: Buffer, key: string): Buffer | 'null' | 'true' | 'false' | undefined {
  const needle = Buffer.from(`"${key}"`);
  for (let idx = bytes.indexOf(needle); idx !== -1; idx = bytes.indexOf(needle, idx + 1)) {
    // Inside a JSON string the quote would be escaped: that is text, not a key.
    if (idx > 0 && bytes[idx - 1] === BACKSLASH) continue;
    let i = idx + needle.length;
    while (i < bytes.length && isSpace(bytes[i])) i++;
    if (bytes[i] !== 0x3a /* : */) continue;
    i++;
    while (i < bytes.length && isSpace(bytes[i])) i++;
    if (bytes[i] === OPEN) {
      const end = matchBrace(bytes, i);
      return end === -1 ? undefined : bytes.subarray(i, end + 1);
    }
    for (const word of ['null', 'true', 'false'] as const) if (bytes.toString('latin1', i, i + word.length) === word) return word;
  }
  return undefined;
}

/** The object after `"key":` in JSON text (tests and small callers). */
export function extractObject(text: string, key: string): unknown {
  const v = findValue(Buffer.from(text, 'utf8'), key);
  if (v === undefined || v === 'true' || v === 'false') return undefined;
  if (v === 'null') return null;
  try {
    return JSON.parse(v.toString('utf8'));
  } catch {
    return undefined;
  }
}

function identityOf(bytes: Buffer): Identity | null {
  const v = findValue(bytes, 'oauthAccount');
  if (!v || typeof v === 'string') return null;
  let a: Record<string, unknown>;
  try {
    a = JSON.parse(v.toString('utf8'));
  } catch {
    return null;
  }
  const str = (x: unknown) => (typeof x === 'string' && x.length > 0 ? x : null);
  return { email: str(a.emailAddress), displayName: str(a.displayName), organizationName: str(a.organizationName), accountUuid: str(a.accountUuid) };
}

interface Entry {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  identity: Identity | null;
  /** tengu_windows_credman, only ever asked on Windows. */
  credman?: boolean | null;
}

/** What one file says, or undefined when it is absent, special or unreadable. */
function scan(file: string, want: { credman: boolean }): Entry | undefined {
  const hit = cache?.get(file);
  if (hit && (!want.credman || hit.credman !== undefined)) {
    // One stat, no open: the common case of an unchanged file.
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (st && st.isFile() && same(hit, st)) return hit;
  }
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > MAX_BYTES) return undefined;
    if (hit && same(hit, st) && (!want.credman || hit.credman !== undefined)) return hit;
    if (shared.length < st.size) shared = Buffer.allocUnsafe(Math.max(st.size, shared.length * 2));
    let off = 0;
    while (off < st.size) {
      const n = fs.readSync(fd, shared, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    const bytes = shared.subarray(0, off);
    const entry: Entry = { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, identity: identityOf(bytes) };
    if (want.credman) {
      const f = findValue(bytes, 'tengu_windows_credman');
      entry.credman = f === 'true' ? true : f === 'false' ? false : null;
    }
    cache?.set(file, entry);
    return entry;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

let cache: IdentityCache | null = null;

const same = (e: Entry, st: fs.Stats) => e.size === st.size && e.mtimeMs === st.mtimeMs && e.ctimeMs === st.ctimeMs && e.ino === st.ino;

class IdentityCache {
  private readonly entries: Map<string, Entry>;
  private dirty = false;
  constructor(
    readonly file: string | null,
    initial: Record<string, Entry> = {},
  ) {
    this.entries = new Map(Object.entries(initial));
  }
  get(file: string): Entry | undefined {
    return this.entries.get(file);
  }
  set(file: string, e: Entry): void {
    this.entries.set(file, e);
    this.dirty = true;
  }
  save(): void {
    if (!this.file || !this.dirty) return;
    try {
      writePrivateFileAtomic(this.file, JSON.stringify({ version: 1, files: Object.fromEntries(this.entries) }));
      this.dirty = false;
    } catch {
      /* only a cache: a read-only state folder costs the next run a read */
    }
  }
}

/** Long-running commands (ctk watch): remember each file's answer in memory. */
export function enableIdentityCache(): void {
  cache ??= new IdentityCache(null);
}

/** One-shot commands over many accounts: the cache lives in `file` (ctk's state folder) between runs. */
export function useIdentityCacheFile(file: string): void {
  if (cache?.file === file) return;
  let files: Record<string, Entry> = {};
  try {
    const st = fs.statSync(file);
    if (st.isFile() && st.size < 32 * 1024 * 1024) {
      const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (raw?.version === 1 && raw.files && typeof raw.files === 'object') files = raw.files;
    }
  } catch {
    /* no cache yet, or a broken one: start empty */
  }
  cache = new IdentityCache(file, files);
}

export function saveIdentityCache(): void {
  cache?.save();
}

export function readIdentity(account: ResolvedAccount): Identity | null {
  for (const file of identityFiles(account)) {
    // The legacy file rarely exists: asking is cheaper than a thrown ENOENT per account.
    if (file.endsWith('.config.json') && !fs.existsSync(file)) continue;
    const identity = scan(file, { credman: false })?.identity;
    if (identity) return identity;
    // A file without oauthAccount: a legacy .config.json may just lack it; keep looking.
  }
  return null;
}

/** tengu_windows_credman in the account's .claude.json: true/false when present, else undefined. */
export function claudeJsonFlag(account: ResolvedAccount, key: 'tengu_windows_credman'): boolean | undefined {
  for (const file of identityFiles(account)) {
    const v = scan(file, { credman: key === 'tengu_windows_credman' })?.credman;
    if (v === true || v === false) return v;
  }
  return undefined;
}
