// ctk dashboard: a live page of every account on 127.0.0.1, at a URL with a per-run secret.
// Wiring only: the server (dashboard/server), the rules and the snapshot (domain/dashboard).
import { spawn } from 'node:child_process';
import { startDashboard } from '../../dashboard/server.js';
import { redact } from '../../domain/redact.js';
import { UserError, errorCode } from '../../util/errors.js';

export interface DashboardCommandOptions {
  /** parsed from --port: 0 (the default) lets the system pick a free one */
  port?: number;
  open?: boolean;
}

/** How often open pages get fresh figures; CTK_DASHBOARD_INTERVAL_MS for tests. */
function intervalMs(env: NodeJS.ProcessEnv): number {
  const n = Number(env.CTK_DASHBOARD_INTERVAL_MS);
  return Number.isFinite(n) && n >= 100 ? n : 5000;
}

/** $BROWSER when set, else the platform's opener; a failure only means the user opens the URL. */
function openBrowser(url: string, env: NodeJS.ProcessEnv, log: (l: string) => void): void {
  const [cmd, args] = env.BROWSER ? [env.BROWSER, [url]] : process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true, env });
    child.on('error', (err) => log(`could not open a browser (${errorCode(err)}); open the URL above yourself`));
    child.unref();
  } catch (err) {
    log(`could not open a browser (${errorCode(err)}); open the URL above yourself`);
  }
}

export async function run(opts: DashboardCommandOptions): Promise<number> {
  const env = process.env;
  const log = (line: string) => process.stderr.write(`ctk dashboard: ${redact(line)}\n`);
  let d;
  try {
    d = await startDashboard({ port: opts.port ?? 0, env, intervalMs: intervalMs(env), log });
  } catch (err) {
    const code = errorCode(err);
    if (code === 'EADDRINUSE') throw new UserError(`port ${opts.port} is in use; pick another with --port, or leave it out for a free one`, 1);
    throw new UserError(`could not start the dashboard: ${code}`, 1);
  }
  process.stdout.write(`Dashboard: ${d.url}\nOnly this machine can open it, and only with this URL (it changes every run). Ctrl-C stops it.\n`);
  if (opts.open) openBrowser(d.url, env, log);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, () => resolve(s));
  });
  await d.close();
  return signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 129;
}
