// Reading <dir>/.credentials.json read-only: never writes, chmods or creates anything.
import fs from 'node:fs';
import path from 'node:path';
import type { CredentialsRead } from '../domain/token-state.js';
import { MAX_CREDENTIALS_BYTES, parseCredentialsText } from './credentials-parse.js';

export const CREDENTIALS_FILE = '.credentials.json';

export function credentialsFilePath(credentialsDir: string): string {
  return path.join(credentialsDir, CREDENTIALS_FILE);
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
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) return { kind: 'invalid', reason: `${file} is a directory, not a file` };
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
    return { kind: 'invalid', reason: `${file}: ${describeErrno(err.code)}` };
  } finally {
    fs.closeSync(fd);
  }
}
