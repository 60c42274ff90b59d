// ctk run <id> [-- <claude args…>]: start Claude Code under one account, but only with a
// usable token, so a dead one ends in a one-line fix instead of a storm of failed retries.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { checkAccount } from '../../accounts/check.js';
import type { AccountStatus } from '../../domain/account.js';
import { preflight } from '../../shell/notices.js';
import { colors } from '../../ui/colors.js';
import { UserError } from '../../util/errors.js';
import { configuredClaudeBin, loadContext, pickAccounts, warningHours, type Context } from '../../app/context.js';
import { HOUR_MS } from '../../domain/duration.js';

export interface RunOptions {
  refresh?: boolean;
}

const CLI_PATH = fileURLToPath(new URL('../../cli.js', import.meta.url));

/** Runs a child with the terminal handed over; ctk ignores Ctrl-C meanwhile (the child gets it). */
async function runChild(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; notFound: boolean }> {
  const { execa } = await import('execa');
  const ignore = () => {};
  process.on('SIGINT', ignore);
  const child = execa(file, args, { stdio: 'inherit', env, extendEnv: false, reject: false, windowsHide: false });
  const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
  const onTerm = forward('SIGTERM');
  const onHup = forward('SIGHUP');
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onHup);
  try {
    const r = (await child) as { exitCode?: number; signal?: string; code?: string; failed?: boolean };
    if (r.code === 'ENOENT') return { code: 127, notFound: true };
    if (typeof r.exitCode === 'number') return { code: r.exitCode, notFound: false };
    const signo = r.signal ? (os.constants.signals as Record<string, number>)[r.signal] : undefined;
    return { code: signo ? 128 + signo : 1, notFound: false };
  } finally {
    process.removeListener('SIGINT', ignore);
    process.removeListener('SIGTERM', onTerm);
    process.removeListener('SIGHUP', onHup);
  }
}

function check(ctx: Context, id: string, warningMs: number): AccountStatus {
  const [account] = pickAccounts(ctx, [id]);
  return checkAccount(account, { store: ctx.store, now: ctx.now(), warningMs, env: ctx.env });
}

export async function run(id: string, claudeArgs: string[], opts: RunOptions): Promise<number> {
  const ctx = loadContext();
  const warningMs = warningHours(ctx) * HOUR_MS;
  const c = colors(process.stderr);
  let status = check(ctx, id, warningMs);
  let refreshed = false;
  for (;;) {
    const step = preflight(status, { refresh: Boolean(opts.refresh), alreadyRefreshed: refreshed });
    if (step.action === 'refuse') {
      process.stderr.write(c.red(`ctk: ${step.message}`) + '\n');
      return step.exitCode;
    }
    if (step.action === 'refresh') {
      process.stderr.write(c.dim(`ctk: refreshing ${id} before starting claude…`) + '\n');
      // The same CLI as a child: the refresh command owns locks, prompts and history.
      const r = await runChild(process.execPath, [CLI_PATH, 'refresh', id, '--yes'], process.env);
      refreshed = true;
      status = check(loadContext(), id, warningMs);
      if (r.code !== 0 && status.state !== 'healthy' && status.state !== 'expiring') {
        process.stderr.write(c.red(`ctk: the refresh of ${id} failed (exit ${r.code}); claude was not started`) + '\n');
        return 2;
      }
      continue;
    }
    if (step.warning) process.stderr.write(c.yellow(`ctk: ${step.warning}`) + '\n');
    break;
  }

  const [account] = pickAccounts(ctx, [id]);
  const env = { ...process.env };
  // The implicit default is ~/.claude, which Claude Code uses when the variable is unset.
  if (account.implicit) delete env.CLAUDE_CONFIG_DIR;
  else env.CLAUDE_CONFIG_DIR = account.dir;
  const bin = configuredClaudeBin(ctx.env, ctx.registry);
  const r = await runChild(bin, claudeArgs, env);
  if (r.notFound) {
    throw new UserError(`cannot start ${bin}: not found; set CTK_CLAUDE_BIN or ctk config set claudeBin <path>`, 127);
  }
  return r.code;
}
