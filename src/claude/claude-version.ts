// `<claude> --version` with a short timeout, for `ctk report` and `ctk doctor`.
// execa (loaded only here) finds Windows .cmd shims that a bare spawn would miss.

export type ClaudeVersion = { found: true; version: string } | { found: false; reason: string };

export async function probeClaudeVersion(bin: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 5_000): Promise<ClaudeVersion> {
  const { execa } = await import('execa');
  try {
    const r = await execa(bin, ['--version'], { env, extendEnv: false, timeout: timeoutMs, reject: false, stdin: 'ignore' });
    if ((r as any).timedOut) return { found: false, reason: `${bin} --version did not answer within ${timeoutMs / 1000}s` };
    if (r.failed && (r as any).code === 'ENOENT') return { found: false, reason: `${bin} not found` };
    if (r.exitCode !== 0) {
      const why = (r as any).code ? String((r as any).code) : `exit code ${r.exitCode ?? 'none'}`;
      return { found: false, reason: `${bin} --version failed (${why})` };
    }
    const line = String(r.stdout).trim().split(/\r?\n/)[0] ?? '';
    return line ? { found: true, version: line.slice(0, 120) } : { found: false, reason: `${bin} --version printed nothing` };
  } catch (err: any) {
    return { found: false, reason: err?.code === 'ENOENT' ? `${bin} not found` : `${bin} --version failed (${err?.code ?? 'error'})` };
  }
}
