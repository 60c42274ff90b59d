// The real RoutineDeps: the credentials store, claude, history, the prompts and the terminal.
// Heavy modules (the prompts, the browserless refresh) load only when a step needs them.
import fs from 'node:fs';
import { SilentRenderer } from 'listr2';
import { checkAccounts } from '../../accounts/check.js';
import type { ResolvedAccount } from '../../domain/account.js';
import { checkOptions, type Context } from '../../app/context.js';
import { readIdentity } from '../../claude/identity.js';
import { locateClaude, runLogin, type LocateResult } from '../../claude/login.js';
import { appendHistory } from '../../history/history.js';
import { pendingAccountIds } from '../../oauth/pending-tokens.js';
import { colors } from '../../ui/colors.js';
import { errorCode } from '../../util/errors.js';
import { pausableDefaultRenderer } from '../pausable-renderer.js';
import type { RoutineDeps } from './deps.js';
import type { RoutineOptions } from './options.js';
import { askQueue, askSkipOrStop } from './prompts.js';

export function defaultRoutineDeps(ctx: Context, opts: RoutineOptions): RoutineDeps {
  const out = opts.json ? process.stderr : process.stdout;
  const c = colors(out);
  const platform = process.platform;
  // The same check as ctk status (both warning windows); a routine is no hot path, so it keeps no identity cache.
  const check = (accounts: ResolvedAccount[], now: number) => checkAccounts(accounts, { ...checkOptions(ctx, { warningHours: opts.warningHours }), now, identityCacheFile: undefined });
  let located: LocateResult | null = null;
  const { renderer, control } = pausableDefaultRenderer();
  return {
    now: ctx.now,
    platform,
    inDemo: ctx.env.CTK_DEMO === '1',
    saveWaitingTokens: async (accounts, signal) => {
      if (pendingAccountIds(ctx.env).size === 0) return;
      const { saveWaitingTokens } = await import('../../oauth/save-tokens.js');
      await saveWaitingTokens(accounts, ctx.env, signal, (line) => process.stderr.write(`ctk: ${line}\n`));
    },
    checkAccounts: check,
    checkEveryAccount: (now) => check(ctx.accounts, now),
    readCredentials: (account) => ctx.store.read(account),
    describeCredentials: (account) => ctx.store.describe(account),
    readEmail: (account) => readIdentity(account)?.email ?? null,
    folderExists: isDirectory,
    isRefreshTokenDead: async (account) => (await import('../../oauth/refresh-account.js')).isKnownDead(account, ctx.env),
    refreshWithToken: async (account, signal) => {
      const { refreshAndRecord } = await import('../../oauth/refresh-and-record.js');
      return refreshAndRecord(account, { env: ctx.env, now: ctx.now, signal, via: opts.command });
    },
    locateClaude: () => (located ??= locateClaude(opts.bin, ctx.env, platform)),
    runLogin: (call) => runLogin({ ...call, env: ctx.env, stdoutToStderr: opts.json }),
    recordAttempt: (line) => {
      try {
        appendHistory({ at: new Date(ctx.now()).toISOString(), ...line, via: opts.command }, ctx.env);
      } catch (err: unknown) {
        // A full disk must not turn a good refresh into a failure; say so and go on.
        process.stderr.write(`ctk: could not write history: ${errorCode(err)}\n`);
      }
    },
    pinIdentity: async (account) => {
      try {
        const [{ openStore, saveAccounts, storedAccounts }, { pinFromFolder }] = await Promise.all([import('../../accounts/registry.js'), import('../../accounts/pin.js')]);
        const store = await openStore(ctx.env);
        saveAccounts(store, storedAccounts(store).map((a) => (a.id === account.id && !a.email ? pinFromFolder(a) : a)));
      } catch (err: unknown) {
        process.stderr.write(`ctk: could not pin ${account.id}'s identity: ${errorCode(err)}\n`);
      }
    },
    askQueue: (queue) => askQueue(queue, out, c),
    askSkipOrStop: (id) => askSkipOrStop(id, out),
    say: (line = '') => out.write(line + '\n'),
    colors: c,
    interactive: Boolean(process.stdin.isTTY && out.isTTY),
    printJson: (value) => process.stdout.write(JSON.stringify(value, null, 2) + '\n'),
    notice: (m) => process.stderr.write(`\nctk: ${m}\n`),
    renderer: opts.json ? SilentRenderer : renderer,
    screen: control,
  };
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
