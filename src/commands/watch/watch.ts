// ctk watch: check every account each interval, alert once per transition, optionally renew.
// Wiring only: the loop (workflows/watch-loop), one check (alerts/watcher), the channels
// (alerts/channels) and the output (ui/watch-view).
import { checkAccount } from '../../accounts/check.js';
import { readRegistry, resolveAccounts, settingValue, type RegistrySnapshot } from '../../accounts/registry-file.js';
import { alertChannels } from '../../alerts/channels.js';
import { loadWatchState, saveWatchState, withStateLock, writeLastRun } from '../../alerts/state.js';
import { runCheck, type CheckReport, type WatchDeps } from '../../alerts/watcher.js';
import { defaultCredentialsStore } from '../../claude/credentials/store.js';
import { enableIdentityCache } from '../../claude/identity.js';
import type { AccountStatus, ResolvedAccount } from '../../domain/account.js';
import type { RefreshOutcomeLike } from '../../domain/alerts.js';
import { HOUR_MS, parseDuration } from '../../domain/duration.js';
import { pendingAccountIds } from '../../oauth/pending-tokens.js';
import { colors } from '../../ui/colors.js';
import { checkLines, watchBanner } from '../../ui/watch-view.js';
import { UserError, errorText } from '../../util/errors.js';
import { redact } from '../../domain/redact.js';
import { watchLoop } from '../../workflows/watch-loop.js';

export interface WatchOptions {
  /** ms, parsed from --interval */
  interval?: number;
  /** hours, parsed from --warning-hours */
  warningHours?: number;
  autoRefresh?: boolean;
  once?: boolean;
  json?: boolean;
  /** After each check, write the Prometheus metrics to <dir>/ctk.prom (ctk export textfile). */
  textfile?: string;
}

const MIN_INTERVAL_MS = 1000;

function intervalMs(flag: number | undefined, registry: RegistrySnapshot): number {
  let ms = flag;
  if (ms === undefined) {
    const text = String(settingValue<string>(registry, 'watch.interval') ?? '30m');
    try {
      ms = parseDuration(text);
    } catch (err: any) {
      throw new UserError(`setting watch.interval: ${err.message}`);
    }
  }
  if (ms < MIN_INTERVAL_MS) throw new UserError(`--interval must be at least 1s (got ${ms} ms)`);
  return ms;
}

function warningMs(flag: number | undefined, registry: RegistrySnapshot): number {
  const v = flag ?? settingValue<number>(registry, 'warningHours');
  return (typeof v === 'number' && v >= 0 ? v : 2) * HOUR_MS;
}

/** The accounts, re-read every check (they come and go); a broken edit keeps the last good list. */
function accountSource(env: NodeJS.ProcessEnv, first: RegistrySnapshot, log: (l: string) => void) {
  let accounts: ResolvedAccount[] = resolveAccounts(first);
  let problem: string | null = null;
  return {
    get: () => accounts,
    reload: () => {
      try {
        accounts = resolveAccounts(readRegistry(env));
        problem = null;
      } catch (err: any) {
        const msg = `${errorText(err)}; still watching the last good list of accounts`;
        if (msg !== problem) log(msg);
        problem = msg;
      }
    },
  };
}

export async function run(opts: WatchOptions): Promise<number> {
  const env = process.env;
  const first = readRegistry(env);
  const everyMs = intervalMs(opts.interval, first);
  const metrics = opts.textfile ? await import('../../metrics/textfile.js') : null;
  const textfile = opts.textfile && metrics?.textfileDir(opts.textfile);
  const warnMs = warningMs(opts.warningHours, first);
  const store = defaultCredentialsStore(env);
  enableIdentityCache();
  const c = opts.json ? colors({ isTTY: false } as NodeJS.WriteStream) : colors();
  const log = (line: string) => process.stderr.write(`ctk watch: ${redact(line)}\n`);
  const channels = alertChannels(first, env);
  channels.problems.forEach(log);
  const accounts = accountSource(env, first, log);
  const loginDays = settingValue<number>(first, 'loginWarningDays');
  const checkOne = (a: ResolvedAccount): AccountStatus => checkAccount(a, { store, now: Date.now(), warningMs: warnMs, env, loginWarningDays: loginDays });

  const refresh = opts.autoRefresh
    ? async (row: AccountStatus, signal: AbortSignal): Promise<RefreshOutcomeLike> => {
        const account = accounts.get().find((a) => a.id === row.id);
        if (!account) return { outcome: 'failed', message: 'account is no longer registered', newExpiresAt: null };
        const { refreshAndRecord } = await import('../../oauth/refresh-and-record.js');
        const res = await refreshAndRecord(account, { env, signal, via: 'watch', warn: log });
        return { outcome: res.outcome, message: res.message, newExpiresAt: res.newExpiresAt };
      }
    : undefined;
  const deps = (signal: AbortSignal): WatchDeps => ({
    now: () => Date.now(),
    check: () => accounts.get().map(checkOne),
    recheck: (id) => {
      const a = accounts.get().find((x) => x.id === id);
      return a ? checkOne(a) : null;
    },
    refresh,
    notifiers: channels.notifiers,
    loadState: () => loadWatchState(env),
    saveState: (s) => saveWatchState(s, env),
    log,
  });

  if (!opts.json && !opts.once) {
    process.stdout.write(watchBanner({ accounts: accounts.get().length, everyMs, warnMs, autoRefresh: Boolean(opts.autoRefresh), channels: channels.names }) + '\n');
  }
  return watchLoop({
    everyMs,
    once: Boolean(opts.once),
    log,
    skipped: (why) => log(`check skipped: ${why}`),
    check: (signal) =>
      withStateLock(env, async () => {
        accounts.reload();
        // Tokens an interrupted refresh obtained go in before anything is looked at.
        if (pendingAccountIds(env).size) await (await import('../../oauth/save-tokens.js')).saveWaitingTokens(accounts.get(), env, signal, log);
        return runCheck(deps(signal), signal);
      }),
    report: (r: CheckReport) => {
      stampLastRun(r, Boolean(opts.once), env, log);
      if (textfile) metrics?.exportTextfileOrLog(textfile, { warningHours: opts.warningHours }, env, log);
      process.stdout.write(checkLines(r, c, Boolean(opts.json)) + '\n');
    },
  });
}

function stampLastRun(r: CheckReport, once: boolean, env: NodeJS.ProcessEnv, log: (l: string) => void): void {
  const deliveryErrors = Object.values(r.delivery).reduce((n, d) => n + d.failed + d.dropped, 0);
  try {
    writeLastRun({ at: new Date(r.at).toISOString(), pid: process.pid, once, accounts: r.rows.length, summary: r.summary, alerts: r.alerts.length, deliveryErrors }, env);
  } catch (err: any) {
    log(`could not write the last-run stamp: ${err?.code ?? err?.message}`);
  }
}

