#!/usr/bin/env node
// Entry point: the hot commands take the fast path; everything else gets the full command line.
import { matchFastPath } from './fast-path.js';
import { reportError } from './util/report-error.js';

// `ctk status | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const job = matchFastPath(process.argv.slice(2));
if (job) {
  try {
    process.exitCode = await job();
  } catch (err) {
    process.exitCode = reportError(err);
  }
} else {
  const { main } = await import('./main.js');
  await main(process.argv);
}
