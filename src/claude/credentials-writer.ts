// Writing refreshed credentials back where Claude Code keeps them, the way Claude Code does:
// under <dir>/.storage-write.lock, temp file `.credentials.json.tmp.<8 hex>` (0600) in the same
// folder, fsync, rename, chmod 0600 — after a backup of the previous contents in ctk's state
// folder. On macOS the same payload goes to the Keychain through `security -i` on stdin, so the
// secret never appears in argv. Only the refresh path uses this module.
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedAccount } from '../accounts/types.js';
import { stateDir } from '../config/paths.js';
import { ensurePrivateDir, renameWithRetry, writePrivateFileAtomic } from '../util/private-fs.js';
import { CREDENTIALS_FILE, credentialsFilePath } from './credentials-file.js';
import { MAX_CREDENTIALS_BYTES } from './credentials-parse.js';
import { credentialsDirOf } from './credentials-store.js';
import { decodeKeychainPayload, keychainAccount, keychainService, MacSecurityRunner, type SecurityRunner } from './keychain.js';
import { withStorageWriteLock, type LockWaitOptions } from './locks.js';

/** The full stored object (tokens included): only for merging, never for display. */
export type RawCredentials = { ok: true; obj: Record<string, unknown> } | { ok: false; state: 'missing' | 'invalid'; reason: string };

export interface CredentialsBackend {
  readonly kind: 'file' | 'keychain';
  /** The folder whose locks guard this account's credentials. */
  readonly credentialsDir: string;
  /** Where the credentials are, for messages (never their content). */
  describe(): string;
  readRaw(): RawCredentials;
  /** Replaces the stored credentials under .storage-write.lock, after backing up the old ones. */
  write(obj: Record<string, unknown>, lock?: LockWaitOptions): Promise<void>;
}

export const KEEP_BACKUPS = 5;

function parseRaw(text: string, where: string): RawCredentials {
  if (text.trim() === '') return { ok: false, state: 'invalid', reason: `${where} is empty` };
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    return { ok: false, state: 'invalid', reason: `${where} is not valid JSON` };
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return { ok: false, state: 'invalid', reason: `${where} is not a JSON object` };
  return { ok: true, obj: obj as Record<string, unknown> };
}

/** Keeps the previous credentials in `<state>/backups/<id>/`, 0600, the last KEEP_BACKUPS. */
export function backupCredentials(backupDir: string, previous: string, now = new Date()): string {
  ensurePrivateDir(backupDir);
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const file = path.join(backupDir, `credentials-${stamp}-${randomBytes(2).toString('hex')}.json`);
  writePrivateFileAtomic(file, previous);
  const old = fs
    .readdirSync(backupDir)
    .filter((f) => /^credentials-.*\.json$/.test(f))
    .sort();
  for (const f of old.slice(0, Math.max(0, old.length - KEEP_BACKUPS))) {
    try {
      fs.unlinkSync(path.join(backupDir, f));
    } catch {
      /* another ctk pruned it */
    }
  }
  return file;
}

export function backupDirFor(account: ResolvedAccount, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(stateDir(env), 'backups', account.id);
}

/** Temp files orphaned by a killed writer (ours or Claude Code's) older than this are removed. */
const ORPHAN_TEMP_MS = 60_000;
const TEMP_RE = new RegExp(`^${CREDENTIALS_FILE.replace('.', '\\.')}\\.tmp\\.[0-9a-f]{8}$`);

function removeOrphanTemps(dir: string): void {
  try {
    for (const f of fs.readdirSync(dir)) {
      if (!TEMP_RE.test(f)) continue;
      const p = path.join(dir, f);
      if (Date.now() - fs.statSync(p).mtimeMs > ORPHAN_TEMP_MS) fs.unlinkSync(p);
    }
  } catch {
    /* best effort */
  }
}

/** temp (0600) → write → fsync → rename → chmod 0600; the file is always the old or the new JSON. */
export function writeCredentialsFileAtomic(file: string, text: string): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `${CREDENTIALS_FILE}.tmp.${randomBytes(4).toString('hex')}`);
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* ignore */
    }
    throw err;
  }
  fs.closeSync(fd);
  renameWithRetry(tmp, file);
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    /* best effort (Windows) */
  }
  if (process.platform !== 'win32') {
    // Make the rename itself durable.
    try {
      const dfd = fs.openSync(dir, 'r');
      try {
        fs.fsyncSync(dfd);
      } finally {
        fs.closeSync(dfd);
      }
    } catch {
      /* some file systems refuse directory fsync */
    }
  }
}

export class FileCredentialsBackend implements CredentialsBackend {
  readonly kind = 'file' as const;
  constructor(
    readonly credentialsDir: string,
    private readonly backupDir: string,
  ) {}
  get file(): string {
    return credentialsFilePath(this.credentialsDir);
  }
  describe(): string {
    return this.file;
  }
  private readText(): { text: string } | RawCredentials {
    try {
      const st = fs.statSync(this.file);
      if (!st.isFile()) return { ok: false, state: 'invalid', reason: `${this.file} is not a regular file` };
      if (st.size > MAX_CREDENTIALS_BYTES) return { ok: false, state: 'invalid', reason: `${this.file} is too large to be a credentials file` };
      return { text: fs.readFileSync(this.file, 'utf8') };
    } catch (err: any) {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return { ok: false, state: 'missing', reason: `no credentials file (${this.file})` };
      return { ok: false, state: 'invalid', reason: `${this.file}: ${err.code ?? 'unreadable'}` };
    }
  }
  readRaw(): RawCredentials {
    const r = this.readText();
    return 'text' in r ? parseRaw(r.text, this.file) : r;
  }
  async write(obj: Record<string, unknown>, lock: LockWaitOptions = {}): Promise<void> {
    const text = JSON.stringify(obj);
    await withStorageWriteLock(this.credentialsDir, () => {
      const prev = this.readText();
      if ('text' in prev) backupCredentials(this.backupDir, prev.text);
      removeOrphanTemps(this.credentialsDir);
      writeCredentialsFileAtomic(this.file, text);
    }, lock);
  }
}

/** Runs `security -i` with a script on stdin, so secrets never appear in a process list. */
export interface KeychainWriter {
  run(script: string): { ok: true } | { error: string };
}

export class MacKeychainWriter implements KeychainWriter {
  constructor(private readonly bin = '/usr/bin/security') {}
  run(script: string): { ok: true } | { error: string } {
    const r = spawnSync(this.bin, ['-i'], { input: script, encoding: 'utf8', timeout: 10_000 });
    if (r.error) return { error: `cannot run ${this.bin}: ${(r.error as any).code ?? 'error'}` };
    if (r.status !== 0) return { error: `security -i exited with ${r.status}` };
    // `security -i` keeps going after a failed command; it reports on stderr.
    if (/error|fail/i.test(r.stderr ?? '')) return { error: 'security could not update the Keychain entry' };
    return { ok: true };
  }
}

function quoteSecurityArg(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The `security -i` input that replaces (-U) the entry; the payload goes hex-encoded (-X). */
export function securityAddScript(account: string, service: string, payload: string): string {
  const hex = Buffer.from(payload, 'utf8').toString('hex');
  return `add-generic-password -U -a ${quoteSecurityArg(account)} -s ${quoteSecurityArg(service)} -X ${quoteSecurityArg(hex)}\n`;
}

export class KeychainCredentialsBackend implements CredentialsBackend {
  readonly kind = 'keychain' as const;
  private readonly service: string;
  private readonly account: string;
  constructor(
    readonly credentialsDir: string,
    configDirString: string | undefined,
    private readonly backupDir: string,
    private readonly reader: SecurityRunner = new MacSecurityRunner(),
    private readonly writer: KeychainWriter = new MacKeychainWriter(),
    user?: string,
  ) {
    this.service = keychainService(configDirString);
    this.account = keychainAccount(user);
  }
  describe(): string {
    return `Keychain entry "${this.service}"`;
  }
  private lookup(): { text: string } | RawCredentials {
    const r = this.reader.findGenericPassword(this.account, this.service);
    if ('error' in r) return { ok: false, state: 'invalid', reason: `${this.describe()}: ${r.error}` };
    if (!r.found) return { ok: false, state: 'missing', reason: `no ${this.describe()}` };
    return { text: decodeKeychainPayload(r.secret) };
  }
  /** True when the Keychain holds this account (else Claude Code uses the file). */
  exists(): boolean {
    const r = this.reader.findGenericPassword(this.account, this.service);
    return !('error' in r) && r.found;
  }
  readRaw(): RawCredentials {
    const r = this.lookup();
    return 'text' in r ? parseRaw(r.text, this.describe()) : r;
  }
  async write(obj: Record<string, unknown>, lock: LockWaitOptions = {}): Promise<void> {
    const payload = JSON.stringify(obj);
    await withStorageWriteLock(this.credentialsDir, () => {
      const prev = this.lookup();
      if ('text' in prev) backupCredentials(this.backupDir, prev.text);
      const res = this.writer.run(securityAddScript(this.account, this.service, payload));
      if ('error' in res) throw new Error(res.error);
    }, lock);
  }
}

export interface BackendOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  securityReader?: SecurityRunner;
  keychainWriter?: KeychainWriter;
}

/** Where this account's credentials live and can be written: the Keychain on macOS when it has them, else the file. */
export function credentialsBackendFor(account: ResolvedAccount, opts: BackendOptions = {}): CredentialsBackend {
  const env = opts.env ?? process.env;
  const dir = credentialsDirOf(account, env);
  const backups = backupDirFor(account, env);
  if ((opts.platform ?? process.platform) === 'darwin') {
    // The implicit default runs without CLAUDE_CONFIG_DIR, so its service has no suffix.
    const kc = new KeychainCredentialsBackend(dir, account.implicit ? undefined : dir, backups, opts.securityReader, opts.keychainWriter, env.USER);
    if (kc.exists()) return kc;
  }
  return new FileCredentialsBackend(dir, backups);
}
