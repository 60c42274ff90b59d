// One check of `ctk watch`: read every account, renew what --auto-refresh may renew, work out
// which alerts are new, deliver them, remember what was seen. All I/O comes in through deps,
// so tests drive it with fake accounts, channels and clocks.
import type { AccountStatus } from '../domain/account.js';
import {
  afterDelivery,
  refreshAlert,
  transitions,
  wantsAutoRefresh,
  type Alert,
  type Change,
  type PendingDelivery,
  type RefreshOutcomeLike,
  type SeenMap,
} from '../domain/alerts.js';
import { summarize, type Summary } from '../domain/token-state.js';
import { redact } from '../domain/redact.js';
import type { Delivery, Notifier } from './notifier.js';
import type { LoadedState, WatchState } from './state.js';
import { errorText } from '../util/errors.js';

export const MAX_WEBHOOK_TRIES = 3;

export interface WatchDeps {
  now: () => number;
  /** Reads and classifies every account; never throws for one bad account. */
  check: () => AccountStatus[];
  /** Re-reads one account after a refresh. */
  recheck: (id: string) => AccountStatus | null;
  /** The browserless refresh, when --auto-refresh is on. Never throws (errors become `failed`). */
  refresh?: (row: AccountStatus, signal: AbortSignal) => Promise<RefreshOutcomeLike>;
  notifiers: Notifier[];
  loadState: () => LoadedState;
  saveState: (s: WatchState) => void;
  /** One line for the log (stderr): channel failures, damaged state. */
  log: (line: string) => void;
}

export interface RefreshReport {
  id: string;
  outcome: RefreshOutcomeLike['outcome'];
  message: string;
}

export interface CheckReport {
  at: number;
  rows: AccountStatus[];
  summary: Summary;
  changes: Change[];
  alerts: Alert[];
  refreshes: RefreshReport[];
  /** Per channel: delivered, failed this time (kept for retry), dropped after the last try. */
  delivery: Record<string, { sent: number; failed: number; dropped: number }>;
  pending: number;
  aborted: boolean;
}

const okOutcome = (o: string) => o === 'refreshed' || o === 'already-refreshed';

export async function runCheck(deps: WatchDeps, signal: AbortSignal): Promise<CheckReport> {
  const loaded = deps.loadState();
  if (loaded.problem) deps.log(loaded.problem);
  const previous: SeenMap | null = loaded.state?.accounts ?? null;
  const pendingBefore: PendingDelivery[] = loaded.state?.pending ?? [];

  let rows = deps.check();
  const refreshes: RefreshReport[] = [];
  const refreshAlerts: Alert[] = [];
  const failedNow = new Map<string, { expiresAt: number | null; outcome: string; attempts: number }>();
  const succeeded = new Set<string>();

  if (deps.refresh) {
    for (const row of rows) {
      if (signal.aborted) break;
      const before = previous?.[row.id];
      if (!wantsAutoRefresh(row, before, MAX_WEBHOOK_TRIES)) continue;
      let res: RefreshOutcomeLike;
      try {
        res = await deps.refresh(row, signal);
      } catch (err: any) {
        res = { outcome: 'failed', message: redact(`browserless refresh failed: ${errorText(err)}`), newExpiresAt: null };
      }
      refreshes.push({ id: row.id, outcome: res.outcome, message: redact(res.message) });
      if (okOutcome(res.outcome)) {
        succeeded.add(row.id);
        const fresh = deps.recheck(row.id);
        if (fresh) rows = rows.map((r) => (r.id === row.id ? fresh : r));
        refreshAlerts.push(refreshAlert(row, res, deps.now()));
      } else {
        const prior = before?.refreshFailed && before.refreshFailed.expiresAt === row.expiresAt ? before.refreshFailed : null;
        failedNow.set(row.id, { expiresAt: row.expiresAt, outcome: res.outcome, attempts: (prior?.attempts ?? 0) + 1 });
        // Once per token: a transient failure retried on the next checks does not alert again.
        if (!prior) refreshAlerts.push(refreshAlert(row, { ...res, message: redact(res.message) }, deps.now()));
      }
    }
  }

  const now = deps.now();
  const quiet = new Set(refreshAlerts.map((a) => a.account.id));
  const t = transitions(previous, rows, now, quiet);
  for (const [id, f] of failedNow) if (t.seen[id]) t.seen[id].refreshFailed = f;
  for (const id of succeeded) if (t.seen[id]) t.seen[id].refreshFailed = null;
  const alerts = [...refreshAlerts, ...t.alerts];

  const delivery: CheckReport['delivery'] = {};
  const webhook = deps.notifiers.find((n) => n.name === 'webhook');
  const others = deps.notifiers.filter((n) => n !== webhook);
  const queue: PendingDelivery[] = webhook ? [...pendingBefore, ...alerts.map((alert) => ({ alert, tries: 0 }))] : [];
  if (!webhook && pendingBefore.length > 0) deps.log(`dropping ${pendingBefore.length} undelivered webhook alert(s): notify.webhookUrl is no longer set`);

  const pendingAfter: PendingDelivery[] = [];
  await Promise.all([
    ...others.map(async (n) => {
      const results = alerts.length ? await safeDeliver(n, alerts, signal) : [];
      const stat = (delivery[n.name] = { sent: 0, failed: 0, dropped: 0 });
      const failures = new Set<string>();
      for (const r of results) {
        if (r.ok) stat.sent++;
        else {
          stat.failed++;
          if (r.error) failures.add(r.error);
        }
      }
      // Desktop notifications are not retried: one line per distinct reason is enough.
      for (const why of failures) deps.log(`${n.name} notification failed: ${why}`);
    }),
    (async () => {
      if (!webhook) return;
      const stat = (delivery.webhook = { sent: 0, failed: 0, dropped: 0 });
      if (queue.length === 0) return;
      const results = await safeDeliver(webhook, queue.map((p) => p.alert), signal);
      queue.forEach((p, i) => {
        const r = results[i];
        if (!r || (!r.ok && signal.aborted)) {
          pendingAfter.push(p); // interrupted, not failed: the try does not count
          return;
        }
        const next = afterDelivery(p, r.ok, r.error, MAX_WEBHOOK_TRIES);
        if (r.ok) stat.sent++;
        else if (next.dropped) {
          stat.dropped++;
          deps.log(`webhook: gave up on ${p.alert.event} for account ${p.alert.account.id} after ${MAX_WEBHOOK_TRIES} tries (${r.error})`);
        } else {
          stat.failed++;
          deps.log(`webhook: ${p.alert.event} for account ${p.alert.account.id} failed (${r.error}); will retry at the next check (try ${next.keep!.tries} of ${MAX_WEBHOOK_TRIES})`);
        }
        if (next.keep) pendingAfter.push(next.keep);
      });
    })(),
  ]);

  deps.saveState({ version: 1, updatedAt: new Date(now).toISOString(), accounts: t.seen, pending: pendingAfter });

  return {
    at: now,
    rows,
    summary: summarize(rows.map((r) => r.state)),
    changes: t.changes,
    alerts,
    refreshes,
    delivery,
    pending: pendingAfter.length,
    aborted: signal.aborted,
  };
}

async function safeDeliver(n: Notifier, alerts: Alert[], signal: AbortSignal): Promise<Delivery[]> {
  try {
    return await n.deliver(alerts, signal);
  } catch (err: any) {
    const error = redact(`${n.name} channel broke: ${errorText(err)}`);
    return alerts.map((alert) => ({ alert, ok: false, error }));
  }
}
