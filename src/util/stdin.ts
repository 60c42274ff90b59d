// Reading what a parent process pipes in (Claude Code's status line and hook JSON), bounded in
// size and time so a parent that never closes the pipe cannot hang the command.

/** Never rejects: a terminal, an error, a silent pipe or too much input end the read with what arrived. */
export function readStdinText(maxBytes = 1024 * 1024, timeoutMs = 1500): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stdin.removeAllListeners('data');
      stdin.pause();
      stdin.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(finish, timeoutMs);
    stdin.on('data', (d: Buffer) => {
      chunks.push(d);
      size += d.length;
      if (size > maxBytes) finish();
    });
    stdin.on('end', finish);
    stdin.on('error', finish);
  });
}
