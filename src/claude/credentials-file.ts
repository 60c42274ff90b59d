// Reading <dir>/.credentials.json read-only: never writes, chmods or creates anything.
import fs from 'node:fs';
import { childPath } from '../util/child-path.js';
import type { CredentialsRead } from '../domain/token-state.js';
import { MAX_CREDENTIALS_BYTES, parseCredentialsText } from './credentials-parse.js';

export const CREDENTIALS_FILE = '.credentials.json';

export function credentialsFilePath(credentialsDir: string): string {
  return childPath(credentialsDir, CREDENTIALS_FILE);
}

function describeErrno(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ELOOP':
      return 'symbolic link loop';
    default:
      return code ?? 'unreadable';
  }
}

// One buffer reused for every account: most credentials files are far below its size,
// so one read() gives the whole file without an fstat (measurable over 1000 accounts).
const SHARED = Buffer.allocUnsafe(64 * 1024);

export function readCredentialsFile(file: string): CredentialsRead {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err: any) {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') {
      return { kind: 'missing', reason: `no credentials file (${file})` };
    }
    return { kind: 'invalid', reason: `${file}: ${describeErrno(err.code)}` };
  }
  try {
    const first = fs.readSync(fd, SHARED, 0, SHARED.length, 0);
    if (first < SHARED.length) return parseCredentialsText(SHARED.toString('utf8', 0, first), file);
    const st = fs.fstatSync(fd);
    if (st.size > MAX_CREDENTIALS_BYTES) {
      return { kind: 'invalid', reason: `${file} is ${(st.size / 1e6).toFixed(1)} MB; a credentials file is a few KB` };
    }
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = fs.readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return parseCredentialsText(buf.subarray(0, off).toString('utf8'), file);
  } catch (err: any) {
    if (err.code === 'EISDIR') return { kind: 'invalid', reason: `${file} is a directory, not a file` };
    return { kind: 'invalid', reason: `${file}: ${describeErrno(err.code)}` };
  } finally {
    fs.closeSync(fd);
  }
}
