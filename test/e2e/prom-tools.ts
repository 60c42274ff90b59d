// Debian's Prometheus tools for the metrics tests: found on PATH (or /usr/bin), started on a
// loopback port the program picks itself (":0"), read back from its "Listening on" log line.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The executable's path, or null when it is not installed (the test then skips, saying so). */
export function findTool(...names: string[]): string | null {
  for (const name of names) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    const p = r.status === 0 ? r.stdout.trim() : path.join('/usr/bin', name);
    if (p && fs.existsSync(p)) return p;
  }
  return null;
}

/** Says once, on stderr, why a group of tests is skipped. */
export function skipNote(missing: string[], why: string): void {
  if (missing.length) process.stderr.write(`skipped: ${why}: ${missing.join(', ')} not installed (.ci/run installs them with apt-get)\n`);
}

export interface Served {
  port: number;
  child: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
}

/** Starts a server that logs `msg="Listening on" address=127.0.0.1:<port>` and waits for that line. */
export function startServer(bin: string, args: string[], timeoutMs = 20_000): Promise<Served> {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${path.basename(bin)} did not start listening within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      log += d;
      const m = /msg="Listening on" address=127\.0\.0\.1:(\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), child, log: () => log, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${path.basename(bin)} exited with ${code}:\n${log}`));
    });
  });
}

/** Polls fn until it returns a value (not undefined), or fails at the deadline with the last error. */
export async function pollUntil<T>(fn: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
