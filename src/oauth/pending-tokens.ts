// The write-ahead record of a refresh: tokens the server has issued but that are not yet in
// Claude Code's credentials. The server rotates the refresh token the moment it answers, so from
// then on the reply is the only copy of the account's login; it is made durable here, in ctk's
// state folder (0600 in 0700), before anything else happens, and removed once the credentials
// hold it. A later ctk command that reads the account recovers it (DESIGN §5).
//
// The file is created and filled to its full size *before* the POST: that is the preflight for
// ctk's state folder (read-only, full), and it means committing the reply only overwrites blocks
// that are already allocated, which works on a disk that filled up meanwhile.
import fs from 'node:fs';
import path from 'node:path';
import { stateDir } from '../config/paths.js';
import type { GrantedTokens } from '../domain/oauth-grant.js';
import { ID_PATTERN } from '../domain/ids.js';
import { rememberSecretsIn } from '../domain/redact.js';
import { ensurePrivateDir, fsyncDir } from '../util/private-fs.js';
import { readStateText } from '../util/fs.js';

export const RECORD_BYTES = 16 * 1024;

export interface PendingTokens {
  v: 1;
  state: 'obtained';
  account: string;
  /** The credentials folder the tokens belong to (checked on recovery). */
  credentialsDir: string;
  /** sha256 of the refresh token that was posted: the compare-and-swap key. */
  postedHash: string;
  obtainedAt: number;
  tokens: GrantedTokens;
}

type Record = PendingTokens | { v: 1; state: 'posting'; account: string; credentialsDir: string; postedHash: string; startedAt: number };

export function pendingDir(env: NodeJS.ProcessEnv): string {
  return path.join(stateDir(env), 'pending');
}

/** The record's file; an id that is not a valid id never becomes part of a path. */
export function pendingFile(env: NodeJS.ProcessEnv, accountId: string): string {
  if (!ID_PATTERN.test(accountId)) throw new Error(`account id ${JSON.stringify(accountId).slice(0, 40)} is not a valid id`);
  return path.join(pendingDir(env), `${accountId}.json`);
}

export class PreflightError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreflightError';
  }
}

function why(err: any): string {
  switch (err?.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'is full';
    case 'EROFS':
      return 'is on a read-only file system';
    case 'EACCES':
    case 'EPERM':
      return 'is not writable (permission denied)';
    default:
      return `cannot be written (${err?.code ?? err?.message ?? 'error'})`;
  }
}

function padded(rec: Record): Buffer {
  const json = JSON.stringify(rec);
  const len = Math.max(RECORD_BYTES, Buffer.byteLength(json) + 1);
  const buf = Buffer.alloc(len, 0x20);
  buf.write(json, 0, 'utf8');
  buf[len - 1] = 0x0a;
  return buf;
}


/** One refresh's record, open from before the POST until the credentials hold the reply. */
export class PendingRecord {
  private constructor(
    readonly file: string,
    private fd: number | null,
    private readonly base: { account: string; credentialsDir: string; postedHash: string },
  ) {}

  /** Creates the record at full size and fsyncs it; a state folder that cannot take it throws PreflightError. */
  static prepare(env: NodeJS.ProcessEnv, accountId: string, credentialsDir: string, postedHash: string, now: number): PendingRecord {
    const file = pendingFile(env, accountId);
    const dir = path.dirname(file);
    let fd: number | null = null;
    try {
      ensurePrivateDir(dir);
      fs.accessSync(dir, fs.constants.W_OK);
      fd = fs.openSync(file, 'w', 0o600);
      const buf = padded({ v: 1, state: 'posting', account: accountId, credentialsDir, postedHash, startedAt: now });
      let off = 0;
      while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off, off);
      fs.fsyncSync(fd);
      fsyncDir(dir);
    } catch (err: any) {
      if (fd !== null) {
        fs.closeSync(fd);
        try {
          fs.unlinkSync(file);
        } catch {
          /* nothing was made */
        }
      }
      throw new PreflightError(`ctk's state folder ${dir} ${why(err)}; nothing was sent, the credentials are untouched`);
    }
    return new PendingRecord(file, fd, { account: accountId, credentialsDir, postedHash });
  }

  /** Makes the reply durable: overwrites the allocated record in place and syncs it. */
  commit(tokens: GrantedTokens, obtainedAt: number): void {
    if (this.fd === null) throw new Error('pending record already closed');
    const buf = padded({ v: 1, state: 'obtained', ...this.base, obtainedAt, tokens });
    fs.writeSync(this.fd, buf, 0, buf.length, 0);
    fs.fdatasyncSync(this.fd);
  }

  /** The credentials hold the tokens (or they were not needed): the record goes. */
  remove(): void {
    this.close();
    removePending(this.file);
  }

  close(): void {
    if (this.fd === null) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      /* already closed */
    }
    this.fd = null;
  }
}

export function removePending(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (err: any) {
    if (err?.code !== 'ENOENT') throw err;
  }
}

/** The tokens an earlier, interrupted refresh of this account obtained, if any. */
export function readPending(env: NodeJS.ProcessEnv, accountId: string): { file: string; record: PendingTokens | null } | null {
  let file: string;
  try {
    file = pendingFile(env, accountId);
  } catch {
    return null;
  }
  const text = readStateText(file);
  if (text === null) return null;
  let rec: any;
  try {
    rec = JSON.parse(text);
  } catch {
    // A record torn by a crash while it was being prepared holds no tokens.
    return { file, record: null };
  }
  if (rec?.v !== 1 || rec.state !== 'obtained' || rec.account !== accountId || typeof rec.postedHash !== 'string' || !rec.tokens) return { file, record: null };
  rememberSecretsIn(rec.tokens);
  return { file, record: rec as PendingTokens };
}

/** Ids with a record waiting, from one readdir (status checks this on every run). */
export function pendingAccountIds(env: NodeJS.ProcessEnv): Set<string> {
  try {
    return new Set(
      fs
        .readdirSync(pendingDir(env))
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5)),
    );
  } catch {
    return new Set();
  }
}
