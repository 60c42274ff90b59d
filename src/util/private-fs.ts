// Files ctk writes for itself (config, state, history, backups): 0600 in 0700 folders.
import fs from 'node:fs';
import path from 'node:path';

export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Appends one line; creates the file 0600 (and its folder 0700) when needed. */
export function appendPrivateLine(file: string, line: string): void {
  ensurePrivateDir(path.dirname(file));
  fs.appendFileSync(file, line.endsWith('\n') ? line : line + '\n', { mode: 0o600 });
}

/**
 * Writes a whole file atomically: temp file in the same folder (O_EXCL, `mode`), fsync, rename.
 * The temp name does not end like the file, so a reader globbing `*.prom` or `*.json` skips it.
 * `durable: false` skips the fsync, for copies whose loss in a power cut costs nothing (a backup
 * of a payload whose refresh token was just retired).
 */
export function writeFileAtomic(file: string, data: string | Buffer, opts: { mode?: number; durable?: boolean } = {}): void {
  const mode = opts.mode ?? 0o600;
  const tmp = `${file}.tmp.${process.pid}.${Math.random().toString(16).slice(2, 10)}`;
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    for (let off = 0; off < buf.length; ) off += fs.writeSync(fd, buf, off, buf.length - off);
    if (opts.durable !== false) fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  try {
    fs.chmodSync(tmp, mode); // the umask may have taken bits away
  } catch {
    /* best effort (Windows) */
  }
  renameWithRetry(tmp, file);
}

/** writeFileAtomic for ctk's own files: 0600, its folder created 0700. */
export function writePrivateFileAtomic(file: string, data: string | Buffer, opts: { durable?: boolean } = {}): void {
  ensurePrivateDir(path.dirname(file));
  writeFileAtomic(file, data, { durable: opts.durable });
}

/** Windows: antivirus and open handles make rename fail briefly with EPERM/EBUSY. */
export function renameWithRetry(from: string, to: string, attempts = 10): void {
  for (let i = 0; ; i++) {
    try {
      fs.renameSync(from, to);
      return;
    } catch (err: any) {
      if (i >= attempts - 1 || (err.code !== 'EPERM' && err.code !== 'EBUSY' && err.code !== 'EACCES')) {
        try {
          fs.unlinkSync(from);
        } catch {
          /* the temp file may already be gone */
        }
        throw err;
      }
      const until = Date.now() + 20 * (i + 1);
      while (Date.now() < until) {
        /* short synchronous back-off; renames are rare */
      }
    }
  }
}

/** fsync on libuv's thread pool: the event loop (other refreshes' sockets) is not held up. */
export function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve())));
}

/** fsyncDir off the main thread. */
export async function fsyncDirAsync(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle: fs.promises.FileHandle | null = null;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch {
    /* some file systems refuse directory fsync */
  } finally {
    await handle?.close().catch(() => {});
  }
}

/** Makes a rename or a new file in `dir` durable (some file systems refuse: best effort). */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* some file systems refuse directory fsync */
  }
}
