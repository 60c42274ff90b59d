// Small file-system questions asked in several places, and reading a small file without ever
// blocking: opened O_NONBLOCK, it must be a regular file (a FIFO or a device is an answer, not a hang).
import fs from 'node:fs';

export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export type TextRead = { ok: true; text: string } | { ok: false; state: 'missing' | 'invalid'; reason: string };

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

/** What a non-regular file is, in words, for the row that names it. */
export function fileTypeName(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

const O_READ = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
// One buffer reused for every account: most files fit, so one read() gives the whole file.
const SHARED = Buffer.allocUnsafe(64 * 1024);

/**
 * Reads a small private file without blocking on special files. `maxBytes` bounds what is read
 * (a 10 MB "credentials" file is a mistake, not something to parse).
 */
export function readRegularFile(file: string, maxBytes: number, what = 'file'): TextRead {
  let fd: number;
  try {
    fd = fs.openSync(file, O_READ);
  } catch (err: any) {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return { ok: false, state: 'missing', reason: `no ${what} (${file})` };
    return { ok: false, state: 'invalid', reason: `${file}: ${describeErrno(err.code)}` };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { ok: false, state: 'invalid', reason: `${file} is ${fileTypeName(st)}, not a ${what}` };
    if (st.size > maxBytes) return { ok: false, state: 'invalid', reason: `${file} is ${(st.size / 1e6).toFixed(1)} MB; a ${what} is a few KB` };
    if (st.size < SHARED.length) {
      const n = fs.readSync(fd, SHARED, 0, SHARED.length, 0);
      return { ok: true, text: SHARED.toString('utf8', 0, n) };
    }
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = fs.readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return { ok: true, text: buf.toString('utf8', 0, off) };
  } catch (err: any) {
    return { ok: false, state: 'invalid', reason: `${file}: ${describeErrno(err.code)}` };
  } finally {
    fs.closeSync(fd);
  }
}

/** A ctk state file's text, or null when it is absent, special, too large or unreadable. */
export function readStateText(file: string, maxBytes = 32 * 1024 * 1024): string | null {
  const r = readRegularFile(file, maxBytes);
  return r.ok ? r.text : null;
}

/** A ctk state file's bytes (records that may end in a raw HTTP reply), or null; never blocks. */
export function readStateBytes(file: string, maxBytes = 4 * 1024 * 1024): Buffer | null {
  let fd: number;
  try {
    fd = fs.openSync(file, O_READ);
  } catch {
    return null;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) return null;
    return fs.readFileSync(fd);
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}
