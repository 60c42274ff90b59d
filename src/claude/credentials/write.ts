// Writing a credentials payload where Claude Code keeps it, the way Claude Code does (§2a):
// a temp file `.credentials.json.tmp.<8 hex>` opened O_CREAT|O_EXCL 0600 in the same folder,
// fsync, rename, chmod 0600, then the folder itself fsynced. A credentials file that is a
// symlink is written through to its target, never replaced by a plain file. On macOS the
// payload goes to the Keychain through `security -i` on stdin, so the secret never appears in
// argv. Callers hold `.storage-write.lock` (see ../../oauth/save-tokens.ts); only the refresh
// path loads this module.
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir, renameWithRetry } from '../../util/private-fs.js';
import { CREDENTIALS_FILE } from './file.js';
import type { CredentialsLocation } from './store.js';

/** Where a write must land: the symlink's target when the credentials file is a link. */
export function writeTarget(file: string): string {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    return file;
  }
  if (!st.isSymbolicLink()) return file;
  try {
    return fs.realpathSync(file);
  } catch {
    // A dangling link: write where it points, relative to the link's own folder.
    const to = fs.readlinkSync(file);
    return path.resolve(path.dirname(file), to);
  }
}


/** temp (0600, O_EXCL) → write → fsync → rename → chmod 0600; the file is always the old or the new JSON. */
export function writeCredentialsFileAtomic(file: string, text: string): void {
  const target = writeTarget(file);
  const dir = path.dirname(target);
  const tmp = path.join(dir, `${CREDENTIALS_FILE}.tmp.${randomBytes(4).toString('hex')}`);
  const fd = fs.openSync(tmp, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600);
  try {
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    // Our own temp file: the tokens it was to hold are in the write-ahead record.
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  renameWithRetry(tmp, target);
  try {
    fs.chmodSync(target, 0o600);
  } catch {
    /* best effort (Windows) */
  }
  fsyncDir(dir);
}

/** Claude Code writes its JSON indented; keep whichever layout the file had. */
export function serializeLike(previousText: string | null, obj: Record<string, unknown>): string {
  return previousText !== null && /^\s*\{\s*\n/.test(previousText) ? JSON.stringify(obj, null, 2) : JSON.stringify(obj);
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

export interface WriteDeps {
  keychainWriter?: KeychainWriter;
}

/** Replaces the stored payload at `location`. The caller holds `.storage-write.lock`. */
export function writeCredentialsPayload(location: CredentialsLocation, text: string, deps: WriteDeps = {}): void {
  switch (location.kind) {
    case 'file':
      writeCredentialsFileAtomic(location.file, text);
      return;
    case 'keychain': {
      const res = (deps.keychainWriter ?? new MacKeychainWriter()).run(securityAddScript(location.keychainAccount, location.service, text));
      if ('error' in res) throw new Error(res.error);
      return;
    }
    case 'windows-credential-manager':
      throw new Error('ctk does not write Windows Credential Manager');
  }
}
