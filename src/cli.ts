#!/usr/bin/env node
// Entry point: the hot commands take the fast path; everything else gets the full command line.
import { isatty } from 'node:tty';
import { refreshInFlight } from './util/in-flight.js';

const startedOnTty = [0, 1, 2].map((fd) => isatty(fd));

/**
 * Ends the process. On a terminal that was closed meanwhile, by the hangup itself: Node 20 resets
 * the terminal on a normal exit and aborts (SIGABRT, exit 134) when that fails on a hung-up one.
 */
function leave(code: number): void {
  if (startedOnTty.some((was, fd) => was && !isatty(fd))) {
    process.removeAllListeners('SIGHUP');
    process.kill(process.pid, 'SIGHUP');
  }
  process.exit(code);
}

// `ctk status | head` closes the pipe early, a closed terminal gives EIO: not errors. While a
// token refresh is in flight ctk stays to save it (its reply may hold the only new token).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'EIO') throw err;
    if (!refreshInFlight() && stream === process.stdout) leave(Number(process.exitCode ?? 0));
  });
}

// The build bundles the fast path into one file (scripts/postbuild.mjs): one module to load, not ~35.
const FAST_PATH_BUNDLE = new URL('./fast-path.bundle.js', import.meta.url).href;
const fast: typeof import('./fast-path.js') = await import(FAST_PATH_BUNDLE).catch(() => import('./fast-path.js'));
const job = fast.matchFastPath(process.argv.slice(2));
if (job) {
  try {
    process.exitCode = await job();
  } catch (err) {
    process.exitCode = fast.reportError(err);
  }
} else {
  const { main } = await import('./main.js');
  await main(process.argv);
}
if (startedOnTty.some((was, fd) => was && !isatty(fd))) leave(Number(process.exitCode ?? 0));
