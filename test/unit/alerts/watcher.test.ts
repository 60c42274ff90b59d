import { describe, expect, it } from 'vitest';
import { type CheckedAccount } from '../../../src/domain/alerts.js';
import { runCheck, type WatchDeps } from '../../../src/alerts/watcher.js';
import type { Notifier, Delivery } from '../../../src/alerts/notifier.js';
import type { WatchState } from '../../../src/alerts/state.js';
import type { AccountStatus } from '../../../src/accounts/check.js';
import type { Alert } from '../../../src/domain/alerts.js';
import { stateRow } from '../../helpers/status-row.js';

const NOW = 1_800_000_000_000;
const H = 3_600_000;

const row = (id: string, state: CheckedAccount['state'], msLeft: number | null = null, extra: Partial<AccountStatus> = {}): AccountStatus => stateRow(id, NOW, state, msLeft, extra);

describe('one check (runCheck)', () => {
  class FakeWebhook implements Notifier {
    readonly name = 'webhook' as const;
    sent: Alert[] = [];
    constructor(public fail: () => boolean) {}
    async deliver(alerts: Alert[]): Promise<Delivery[]> {
      return alerts.map((alert) => {
        const ok = !this.fail();
        if (ok) this.sent.push(alert);
        return { alert, ok, error: ok ? null : 'HTTP 500' };
      });
    }
  }
  class BrokenDesktop implements Notifier {
    readonly name = 'desktop' as const;
    async deliver(): Promise<Delivery[]> {
      throw new Error('boom');
    }
  }

  function world(rows: () => AccountStatus[], notifiers: Notifier[], refresh?: WatchDeps['refresh']) {
    let saved: WatchState | null = null;
    const logs: string[] = [];
    const deps: WatchDeps = {
      now: () => NOW,
      check: rows,
      recheck: (id) => rows().find((r) => r.id === id) ?? null,
      refresh,
      notifiers,
      loadState: () => ({ state: saved ? JSON.parse(JSON.stringify(saved)) : null, problem: null }),
      saveState: (s) => (saved = s),
      log: (l) => logs.push(l),
    };
    return { deps, logs, saved: () => saved };
  }
  const signal = new AbortController().signal;

  it('retries a failing webhook at the next checks, 3 tries at most, and a broken channel stops nothing', async () => {
    let failing = true;
    const hook = new FakeWebhook(() => failing);
    const w = world(() => [row('1', 'expired', -H), row('2', 'expiring', H)], [hook, new BrokenDesktop()]);
    const r1 = await runCheck(w.deps, signal);
    expect(r1.alerts).toHaveLength(2);
    expect(r1.delivery.webhook).toEqual({ sent: 0, failed: 2, dropped: 0 });
    expect(r1.delivery.desktop.failed).toBe(2);
    expect(w.saved()!.pending.map((p) => p.tries)).toEqual([1, 1]);
    const r2 = await runCheck(w.deps, signal);
    expect(r2.alerts).toEqual([]); // no new transition
    expect(w.saved()!.pending.map((p) => p.tries)).toEqual([2, 2]);
    const r3 = await runCheck(w.deps, signal);
    expect(r3.delivery.webhook).toEqual({ sent: 0, failed: 0, dropped: 2 });
    expect(w.saved()!.pending).toEqual([]);
    expect(w.logs.some((l) => l.includes('gave up on token.expired for account 1 after 3 tries'))).toBe(true);
    failing = false;
    await runCheck(w.deps, signal);
    expect(hook.sent).toEqual([]); // dropped means dropped
  });

  it('delivers a pending alert once the receiver is back', async () => {
    let failing = true;
    const hook = new FakeWebhook(() => failing);
    const w = world(() => [row('1', 'revoked')], [hook]);
    await runCheck(w.deps, signal);
    failing = false;
    const r = await runCheck(w.deps, signal);
    expect(r.delivery.webhook.sent).toBe(1);
    expect(hook.sent.map((a) => a.event)).toEqual(['token.revoked']);
  });

  it('auto-refresh: success sends token.refreshed only; a failure alerts once per token and is not retried after needs-login', async () => {
    let expiresIn = H;
    const calls: string[] = [];
    const hook = new FakeWebhook(() => false);
    const w = world(
      () => [row('1', expiresIn > 2 * H ? 'healthy' : 'expiring', expiresIn), row('2', 'expiring', 1.5 * H)],
      [hook],
      async (r) => {
        calls.push(r.id);
        if (r.id === '1') {
          expiresIn = 8 * H;
          return { outcome: 'refreshed', message: 'refreshed', newExpiresAt: NOW + 8 * H };
        }
        return { outcome: 'needs-login', message: 'the refresh token was rejected (invalid_grant)', newExpiresAt: null };
      },
    );
    const r1 = await runCheck(w.deps, signal);
    expect(calls).toEqual(['1', '2']);
    expect(r1.alerts.map((a) => [a.account.id, a.event])).toEqual([
      ['1', 'token.refreshed'],
      ['2', 'token.refresh_failed'],
    ]);
    expect(r1.rows.find((r) => r.id === '1')!.state).toBe('healthy');
    const r2 = await runCheck(w.deps, signal);
    expect(calls).toEqual(['1', '2']); // no second attempt on a dead refresh token
    expect(r2.alerts).toEqual([]);
  });

  it('turns a throwing refresh into a refresh failure', async () => {
    const w = world(() => [row('1', 'expiring', H)], [], async () => {
      throw new Error('browserless refresh is not implemented yet');
    });
    const r = await runCheck(w.deps, signal);
    expect(r.refreshes).toEqual([{ id: '1', outcome: 'failed', message: 'browserless refresh failed: browserless refresh is not implemented yet' }]);
    expect(r.alerts.map((a) => a.event)).toEqual(['token.refresh_failed']);
    expect(w.saved()!.accounts['1'].refreshFailed).toMatchObject({ outcome: 'failed', attempts: 1 });
  });
});
