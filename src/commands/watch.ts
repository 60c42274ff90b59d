// ctk watch: check every account each interval, alert once per transition, optionally renew.
import path from 'node:path';
import { checkAccount, type AccountStatus } from '../accounts/check.js';
import { readRegistry, resolveAccounts, settingValue, type RegistrySnapshot } from '../accounts/registry-file.js';
import type { ResolvedAccount } from '../accounts/types.js';
import { defaultCredentialsStore } from '../claude/credentials/store.js';
import { enableIdentityCache } from '../claude/identity.js';
import { stateDir } from '../config/paths.js';
import type { RefreshOutcomeLike } from '../domain/alerts.js';
import { formatDurationShort, formatTimeLeft, parseDuration, parseHours } from '../domain/duration.js';
import { STATES } from '../domain/token-state.js';
import { pendingAccountIds } from '../oauth/pending-tokens.js';
import { refreshInFlight } from '../util/in-flight.js';
import { GRACEFUL_SIGNALS, SIGNAL_EXIT } from '../util/signals.js';
import { DesktopNotifier, desktopBackendFor } from '../alerts/desktop.js';
import type { Notifier } from '../alerts/notifier.js';
import { loadWatchState, saveWatchState, writeLastRun } from '../alerts/state.js';
import { runCheck, type CheckReport } from '../alerts/watcher.js';
import { describeWebhook, WebhookNotifier, WEBHOOK_TIMEOUT_MS, type WebhookFormat } from '../alerts/webhook.js';
import { colors, paintState, type Colors } from '../ui/colors.js';
import { UserError } from '../util/errors.js';
import { ensurePrivateDir } from '../util/private-fs.js';
import { redact } from '../util/redact.js';

export interface WatchOptions {
  interval?: string;
  warningHours?: string;
  autoRefresh?: boolean;
  once?: boolean;
  json?: boolean;
}

const MIN_INTERVAL_MS = 1000;

function intervalMs(flag: string | undefined, registry: RegistrySnapshot): number {
  const text = flag ?? String(settingValue<string>(registry, 'watch.interval') ?? '30m');
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (err: any) {
    throw new UserError(`${flag !== undefined ? '--interval' : 'setting watch.interval'}: ${err.message}`);
  }
  if (ms < MIN_INTERVAL_MS) throw new UserError(`--interval must be at least 1s (got "${text}")`);
  return ms;
}

function warningMs(flag: string | undefined, registry: RegistrySnapshot): number {
  if (flag !== undefined) {
    try {
      return parseHours(flag, '--warning-hours') * 3_600_000;
    } catch (err: any) {
      throw new UserError(err.message);
    }
  }
  const v = settingValue<number>(registry, 'warningHours');
  return (typeof v === 'number' && v >= 0 ? v : 2) * 3_600_000;
}

/** Sleeps, waking early when the watcher is told to stop. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Serialises checks across processes: a scheduled `watch --once` and a foreground watcher share one state. */
async function withStateLock<T>(env: NodeJS.ProcessEnv, fn: () => Promise<T>): Promise<T> {
  const dir = stateDir(env);
  ensurePrivateDir(dir);
  const lockfile = (await import('proper-lockfile')).default;
  const release = await lockfile.lock(dir, {
    lockfilePath: path.join(dir, 'watch.lock'),
    realpath: false,
    stale: 60_000,
    update: 10_000,
    retries: { retries: 40, minTimeout: 100, maxTimeout: 1000 },
  });
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}


/**
 * Tokens an interrupted refresh obtained (its write-ahead record) go into the credentials first:
 * the check then shows such an account as healthy, so no refresh would ever come to save them,
 * while the credentials still hold the refresh token the server has retired.
 */
async function saveWaitingTokens(accounts: ResolvedAccount[], env: NodeJS.ProcessEnv, signal: AbortSignal, log: (line: string) => void): Promise<void> {
  const waiting = pendingAccountIds(env);
  const due = accounts.filter((a) => waiting.has(a.id));
  if (due.length === 0) return;
  const { recoverWaiting } = await import('../oauth/save-tokens.js');
  for (const { id, recovery } of await recoverWaiting(due, env, { signal, waitMs: 10_000 })) {
    if (recovery.kind === 'recovered') log(`${id}: saved the new tokens an interrupted refresh had obtained`);
    else if (recovery.kind === 'superseded') log(`${id}: an interrupted refresh's tokens were superseded by newer ones; kept those`);
    else if (recovery.kind === 'failed') log(`${id}: new tokens from an interrupted refresh are still waiting to be saved (${recovery.message}); trying again next check`);
  }
}

function clock(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function summaryLine(r: CheckReport, c: Colors): string {
  const parts = STATES.filter((s) => r.summary[s] > 0).map((s) => paintState(c, s, `${r.summary[s]} ${s}`));
  const tail: string[] = [];
  if (r.alerts.length) tail.push(`${r.alerts.length} alert${r.alerts.length === 1 ? '' : 's'}`);
  if (r.refreshes.length) tail.push(`${r.refreshes.length} refresh${r.refreshes.length === 1 ? '' : 'es'}`);
  if (r.pending) tail.push(`${r.pending} webhook alert${r.pending === 1 ? '' : 's'} waiting to retry`);
  const n = r.rows.length;
  return `${clock(r.at)}  ${n} account${n === 1 ? '' : 's'}: ${parts.join(', ') || 'none'}${tail.length ? '  ·  ' + tail.join(', ') : ''}`;
}

function detailLines(r: CheckReport, c: Colors): string[] {
  const out: string[] = [];
  const alerted = new Map(r.alerts.map((a) => [a.account.id, a.event]));
  for (const ch of r.changes) {
    const left = ch.msLeft === null ? '' : ch.msLeft > 0 ? `  ${formatTimeLeft(ch.msLeft)} left` : `  expired ${formatTimeLeft(-ch.msLeft)} ago`;
    const move = ch.from ? `${paintState(c, ch.from)} → ${paintState(c, ch.to)}` : paintState(c, ch.to);
    const why = ch.error && ch.to !== 'healthy' ? c.dim(`  (${ch.error})`) : '';
    const ev = alerted.get(ch.id);
    out.push(`  ${ch.id.padEnd(6)} ${move}${left}${why}${ev ? c.dim(`  → alert ${ev}`) : ''}`);
  }
  for (const rf of r.refreshes) {
    const ok = rf.outcome === 'refreshed' || rf.outcome === 'already-refreshed';
    out.push(`  ${rf.id.padEnd(6)} ${ok ? c.green('auto-refresh: ' + rf.outcome) : c.red('auto-refresh failed')}: ${rf.message}`);
  }
  return out;
}

function jsonLine(r: CheckReport): string {
  return JSON.stringify({
    schemaVersion: 1,
    at: new Date(r.at).toISOString(),
    summary: r.summary,
    changes: r.changes,
    alerts: r.alerts.map((a) => ({ event: a.event, account: a.account, expiresAt: a.expiresAt, msLeft: a.msLeft, at: a.at, message: a.message, fix: a.fix })),
    refreshes: r.refreshes,
    delivery: r.delivery,
    pendingWebhookAlerts: r.pending,
  });
}

export async function run(opts: WatchOptions): Promise<number> {
  const env = process.env;
  const first = readRegistry(env);
  const every = intervalMs(opts.interval, first);
  const warnMs = warningMs(opts.warningHours, first);
  const store = defaultCredentialsStore(env);
  enableIdentityCache();
  const c = opts.json ? colors({ isTTY: false } as NodeJS.WriteStream) : colors();
  const log = (line: string) => process.stderr.write(`ctk watch: ${redact(line)}\n`);

  const notifiers: Notifier[] = [];
  const channels: string[] = [];
  if (settingValue<boolean>(first, 'notify.desktop') !== false) {
    const choice = desktopBackendFor(process.platform, env);
    if ('backend' in choice) {
      notifiers.push(new DesktopNotifier(choice.backend));
      channels.push(`desktop (${choice.backend.name})`);
    } else {
      log(`desktop notifications are off: ${choice.unavailable}`);
    }
  }
  const webhookUrl = String(settingValue<string>(first, 'notify.webhookUrl') ?? '');
  if (webhookUrl) {
    const format = (settingValue<string>(first, 'notify.webhookFormat') ?? 'json') as WebhookFormat;
    const timeout = Number(env.CTK_WEBHOOK_TIMEOUT_MS) > 0 ? Number(env.CTK_WEBHOOK_TIMEOUT_MS) : WEBHOOK_TIMEOUT_MS;
    notifiers.push(new WebhookNotifier(webhookUrl, format, timeout));
    channels.push(`webhook ${describeWebhook(webhookUrl)} (${format})`);
  }

  // The registry is re-read every check (accounts come and go); a broken edit keeps the last good one.
  let accounts: ResolvedAccount[] = resolveAccounts(first);
  let registryProblem: string | null = null;
  const reloadAccounts = () => {
    try {
      accounts = resolveAccounts(readRegistry(env));
      registryProblem = null;
    } catch (err: any) {
      const msg = `${err?.message ?? String(err)}; still watching the last good list of accounts`;
      if (msg !== registryProblem) log(msg);
      registryProblem = msg;
    }
  };
  const checkOne = (a: ResolvedAccount): AccountStatus => checkAccount(a, { store, now: Date.now(), warningMs: warnMs, env });

  const refresh = opts.autoRefresh
    ? async (row: AccountStatus, signal: AbortSignal): Promise<RefreshOutcomeLike> => {
        const account = accounts.find((a) => a.id === row.id);
        if (!account) return { outcome: 'failed', message: 'account is no longer registered', newExpiresAt: null };
        const { refreshAndRecord } = await import('../oauth/refresh-and-record.js');
        const res = await refreshAndRecord(account, { env, signal, via: 'watch', warn: log });
        return { outcome: res.outcome, message: res.message, newExpiresAt: res.newExpiresAt };
      }
    : undefined;

  const ac = new AbortController();
  let stopping: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (stopping) {
      // A second SIGTERM/SIGHUP (a closed terminal can send two) waits for a refresh in flight:
      // its reply may hold the only new refresh token. A second Ctrl-C means now; the state of
      // the last finished check is already saved.
      if (sig !== 'SIGINT' && refreshInFlight()) return;
      process.exit(SIGNAL_EXIT[sig] ?? 130);
    }
    stopping = sig;
    process.exitCode = SIGNAL_EXIT[sig] ?? 130;
    // A refresh in flight finishes and is saved first (its reply may hold the only new token).
    if (!opts.once) log(`${sig}: stopping after this check`);
    ac.abort();
  };
  for (const s of GRACEFUL_SIGNALS) process.on(s, onSignal);

  if (!opts.json && !opts.once) {
    const n = accounts.length;
    process.stdout.write(
      `ctk watch: ${n} account${n === 1 ? '' : 's'} every ${formatDurationShort(every)}, warning window ${formatTimeLeft(warnMs)}` +
        `${opts.autoRefresh ? ', auto-refresh on' : ''}; alerts: ${channels.join(', ') || 'console only'}. Ctrl-C stops.\n`,
    );
  }

  let exitCode = 0;
  try {
    while (!ac.signal.aborted) {
      let report: CheckReport;
      try {
        report = await withStateLock(env, async () => {
          reloadAccounts();
          await saveWaitingTokens(accounts, env, ac.signal, log);
          return runCheck(
            {
              now: () => Date.now(),
              check: () => accounts.map(checkOne),
              recheck: (id) => {
                const a = accounts.find((x) => x.id === id);
                return a ? checkOne(a) : null;
              },
              refresh,
              notifiers,
              loadState: () => loadWatchState(env),
              saveState: (s) => saveWatchState(s, env),
              log,
            },
            ac.signal,
          );
        });
      } catch (err: any) {
        // A locked or unwritable state folder skips this check; the watcher itself keeps going.
        const why = err?.code === 'ELOCKED' ? 'another ctk watch is checking right now' : (err?.code ?? err?.message ?? String(err));
        log(`check skipped: ${why}`);
        if (opts.once) {
          exitCode = 75;
          break;
        }
        await sleep(every, ac.signal);
        continue;
      }
      const deliveryErrors = Object.values(report.delivery).reduce((n, d) => n + d.failed + d.dropped, 0);
      try {
        writeLastRun(
          {
            at: new Date(report.at).toISOString(),
            pid: process.pid,
            once: Boolean(opts.once),
            accounts: report.rows.length,
            summary: report.summary,
            alerts: report.alerts.length,
            deliveryErrors,
          },
          env,
        );
      } catch (err: any) {
        log(`could not write the last-run stamp: ${err?.code ?? err?.message}`);
      }
      if (opts.json) process.stdout.write(jsonLine(report) + '\n');
      else process.stdout.write([summaryLine(report, c), ...detailLines(report, c)].join('\n') + '\n');
      if (opts.once) break;
      await sleep(every, ac.signal);
    }
  } finally {
    for (const s of GRACEFUL_SIGNALS) process.off(s, onSignal);
  }
  // Stopped by a signal: exit 128+n, as the shell and systemd expect.
  return stopping ? (SIGNAL_EXIT[stopping] ?? 130) : exitCode;
}
