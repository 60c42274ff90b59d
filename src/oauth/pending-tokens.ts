// The write-ahead record of a refresh: tokens the server has issued but that are not yet in
// Claude Code's credentials. The server rotates the refresh token the moment it answers, so from
// then on the reply is the only copy of the account's login; it is made durable here, in ctk's
// state folder (0600 in 0700), before anything else happens, and removed once the credentials
// hold it. A later ctk command that reads the account recovers it (DESIGN §5).
//
// The file is created and filled to its full size *before* the POST: that is the preflight for
// ctk's state folder (read-only, full), and it means committing the reply only overwrites blocks
// that are already allocated, which works on a disk that filled up meanwhile.
//
// The reply's raw bytes go into the record (from RAW_OFFSET on) the moment they arrive, before
// node parses the HTTP response (captureRaw): parsing, classifying and the promise hops back to
// the refresh take ~2 ms in a fresh process, ~5 ms on a busy one, and a SIGKILL in that time used
// to lose the rotated token. A record holding only the raw reply ('posting' + bytes) is decoded
// on recovery; the parsed commit replaces it a moment later.
import fs from 'node:fs';
import path from 'node:path';
import { stateDir } from '../config/paths.js';
import { classifyGrantReply, type GrantedTokens } from '../domain/oauth-grant.js';
import { ID_PATTERN } from '../domain/ids.js';
import { rememberSecretsIn } from '../domain/redact.js';
import { ensurePrivateDir, fsyncDirAsync, fsyncFd } from '../util/private-fs.js';
import { readStateBytes } from '../util/fs.js';

export const RECORD_BYTES = 16 * 1024;
/** Where the raw reply starts in a 'posting' record (after its JSON, a newline and padding). */
export const RAW_OFFSET = 8 * 1024;
/** A token reply is a few KB; bytes beyond this are not captured. */
const MAX_RAW_BYTES = 256 * 1024;

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

/**
 * Node 20's recursive mkdir reports ENOENT, not EROFS or EACCES, when a missing folder cannot be
 * created; the nearest folder that exists tells the real reason.
 */
function realError(dir: string, err: any): any {
  if (err?.code !== 'ENOENT') return err;
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(d)) {
      try {
        fs.accessSync(d, fs.constants.W_OK);
        return err;
      } catch (e) {
        return e;
      }
    }
    if (path.dirname(d) === d) return err;
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
  const n = buf.write(json, 0, 'utf8');
  // A 'posting' record's JSON ends before RAW_OFFSET, so it still parses once raw bytes follow.
  if (n < RAW_OFFSET) buf[RAW_OFFSET - 1] = 0x0a;
  buf[len - 1] = 0x0a;
  return buf;
}


/** One refresh's record, open from before the POST until the credentials hold the reply. */
export class PendingRecord {
  /** Bytes of the raw reply captured so far; null once capturing stopped (or is impossible). */
  private rawLength: number | null;

  private constructor(
    readonly file: string,
    private fd: number | null,
    private readonly base: { account: string; credentialsDir: string; postedHash: string },
    rawPossible: boolean,
  ) {
    this.rawLength = rawPossible ? 0 : null;
  }

  /**
   * Creates the record at full size and fsyncs it; a state folder that cannot take it throws
   * PreflightError. The syncs run off the main thread, so a batch's other refreshes go on meanwhile.
   */
  static async prepare(env: NodeJS.ProcessEnv, accountId: string, credentialsDir: string, postedHash: string, now: number): Promise<PendingRecord> {
    const file = pendingFile(env, accountId);
    const dir = path.dirname(file);
    let fd: number | null = null;
    let rawPossible = false;
    try {
      ensurePrivateDir(dir);
      fs.accessSync(dir, fs.constants.W_OK);
      fd = fs.openSync(file, 'w', 0o600);
      const posting = { v: 1 as const, state: 'posting' as const, account: accountId, credentialsDir, postedHash, startedAt: now };
      rawPossible = Buffer.byteLength(JSON.stringify(posting)) < RAW_OFFSET - 1;
      const buf = padded(posting);
      let off = 0;
      while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off, off);
      await fsyncFd(fd);
      await fsyncDirAsync(dir);
    } catch (err: any) {
      if (fd !== null) {
        fs.closeSync(fd);
        try {
          fs.unlinkSync(file);
        } catch {
          /* nothing was made */
        }
      }
      throw new PreflightError(`ctk's state folder ${dir} ${why(realError(dir, err))}; nothing was sent, the credentials are untouched`);
    }
    return new PendingRecord(file, fd, { account: accountId, credentialsDir, postedHash }, rawPossible);
  }

  /**
   * Writes reply bytes into the record as they arrive, before anything parses them, and syncs
   * them: from here on neither a SIGKILL nor a crash loses the reply. Returns whether every byte
   * so far is in the record. Never throws: the reply is still parsed and committed as usual.
   */
  captureRaw(chunk: Buffer): boolean {
    if (this.fd === null || this.rawLength === null) return false;
    if (chunk.length === 0) return true; // (the warm-up call before the POST)
    if (this.rawLength + chunk.length > MAX_RAW_BYTES) {
      this.rawLength = null;
      return false;
    }
    try {
      const n = fs.writeSync(this.fd, chunk, 0, chunk.length, RAW_OFFSET + this.rawLength);
      if (n !== chunk.length) {
        this.rawLength = null;
        return false;
      }
      this.rawLength += n;
      fs.fdatasyncSync(this.fd);
      return true;
    } catch {
      this.rawLength = null; // beyond the allocated size on a full disk: the commit still comes
      return false;
    }
  }

  /** Makes the reply durable: overwrites the allocated record in place and syncs it. */
  commit(tokens: GrantedTokens, obtainedAt: number): void {
    if (this.fd === null) throw new Error('pending record already closed');
    const buf = padded({ v: 1, state: 'obtained', ...this.base, obtainedAt, tokens });
    fs.writeSync(this.fd, buf, 0, buf.length, 0);
    // A large raw reply may have run past the parsed record: it must not trail after its JSON.
    if (fs.fstatSync(this.fd).size > buf.length) fs.ftruncateSync(this.fd, buf.length);
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
  const buf = readStateBytes(file);
  if (buf === null) return null;
  let rec: any;
  try {
    rec = JSON.parse(buf.toString('utf8'));
  } catch {
    // A 'posting' record followed by the raw reply a killed refresh had received, or a record
    // torn by a crash while it was being prepared (which holds no tokens).
    rec = fromRawReply(buf, accountId);
  }
  if (rec?.v !== 1 || rec.state !== 'obtained' || rec.account !== accountId || typeof rec.postedHash !== 'string' || !rec.tokens) return { file, record: null };
  rememberSecretsIn(rec.tokens);
  return { file, record: rec as PendingTokens };
}

/** The tokens in the raw reply after a 'posting' record, as the refresh would have parsed them. */
function fromRawReply(buf: Buffer, accountId: string): PendingTokens | null {
  if (buf.length <= RAW_OFFSET) return null;
  let head: any;
  try {
    head = JSON.parse(buf.subarray(0, RAW_OFFSET).toString('utf8'));
  } catch {
    return null;
  }
  // A parsed record whose commit reached the disk only in part (a crash mid-write) still holds its tokens.
  if (head?.state === 'obtained') return head;
  if (head?.v !== 1 || head.state !== 'posting' || head.account !== accountId || typeof head.postedHash !== 'string') return null;
  const http = decodeHttpReply(buf.subarray(RAW_OFFSET));
  if (!http) return null;
  const reply = classifyGrantReply(http.status, http.headers['content-type'] ?? '', http.body, null, Date.now());
  if (reply.kind !== 'tokens') return null;
  // When the reply came is not recorded; the POST's start is a safe (earlier) stand-in.
  return { v: 1, state: 'obtained', account: accountId, credentialsDir: head.credentialsDir, postedHash: head.postedHash, obtainedAt: head.startedAt, tokens: reply.tokens };
}

/** An HTTP/1.x response from its raw bytes (then padding); null when it is not complete. */
export function decodeHttpReply(raw: Buffer): { status: number; headers: { [name: string]: string }; body: string } | null {
  let at = 0;
  for (;;) {
    const end = raw.indexOf('\r\n\r\n', at, 'latin1');
    if (end < 0) return null;
    const lines = raw.subarray(at, end).toString('latin1').split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
    if (!m) return null;
    const status = Number(m[1]);
    const headers: { [name: string]: string } = {};
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':');
      if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
    }
    at = end + 4;
    if (status >= 100 && status < 200) continue; // an interim response; the real one follows
    const rest = raw.subarray(at);
    if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const parts: Buffer[] = [];
      let p = 0;
      for (;;) {
        const eol = rest.indexOf('\r\n', p, 'latin1');
        if (eol < 0) return null;
        const size = parseInt(rest.subarray(p, eol).toString('latin1').split(';')[0].trim(), 16);
        if (!Number.isFinite(size) || size < 0) return null;
        if (size === 0) break;
        if (rest.length < eol + 2 + size) return null;
        parts.push(rest.subarray(eol + 2, eol + 2 + size));
        p = eol + 2 + size + 2;
      }
      return { status, headers, body: Buffer.concat(parts).toString('utf8') };
    }
    if (headers['content-length'] !== undefined) {
      const len = Number(headers['content-length']);
      if (!Number.isInteger(len) || len < 0 || rest.length < len) return null;
      return { status, headers, body: rest.subarray(0, len).toString('utf8') };
    }
    // Delimited by the connection's end: whatever arrived (the padding after it is whitespace).
    return { status, headers, body: rest.toString('utf8').trimEnd() };
  }
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
