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
import { pinFor, pinGuard } from '../../accounts/folder-pins.js';
import { isCurrentAccount } from '../../claude/config-dir.js';
import { defaultClaudeDir } from '../../config/paths.js';
import { guardVerdict } from '../../domain/folder-pins.js';

export interface RunOptions {
  refresh?: boolean;
  force?: boolean;
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

/**
 * Which account: the id given, else the working folder's pin (ctk pin), else the shell's. An id
 * given where the folder is pinned to another account meets the pin.guard setting.
 */
function chooseAccount(ctx: Context, given: string | undefined, force: boolean): string {
  const pin = pinFor(ctx.registry);
  const c = colors(process.stderr);
  if (given === undefined) {
    if (pin) return pin.id;
    const shell = ctx.accounts.find((a) => isCurrentAccount(a, { ...ctx.env, CLAUDE_CONFIG_DIR: ctx.env.CLAUDE_CONFIG_DIR || defaultClaudeDir() }));
    if (shell) return shell.id;
    throw new UserError('say which account: ctk run <id> (this folder is not pinned, and this shell is on no registered account)');
  }
  const verdict = guardVerdict(pinGuard(ctx.registry), pin, given);
  if (verdict === 'refuse' && !force) {
    throw new UserError(`this folder is pinned to account ${pin!.id}, not ${given} (pin.guard strict); run ctk run ${pin!.id}, or ctk run ${given} --force`, 2);
  }
  if (verdict !== 'ok') process.stderr.write(c.yellow(`ctk: this folder is pinned to account ${pin!.id}; starting ${given} as asked`) + '\n');
  return given;
}

export async function run(given: string | undefined, claudeArgs: string[], opts: RunOptions): Promise<number> {
  const ctx = loadContext();
  // `ctk run -- -p hi` in a pinned folder: what commander took for the id is claude's first argument.
  if (given?.startsWith('-')) [given, claudeArgs] = [undefined, [given, ...claudeArgs]];
  const id = chooseAccount(ctx, given, Boolean(opts.force));
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
