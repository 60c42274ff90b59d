import { describe, expect, it } from 'vitest';
import {
  afterDelivery,
  refreshAlert,
  transitions,
  wantsAutoRefresh,
  webhookPayload,
  type CheckedAccount,
  type SeenMap,
} from '../../src/domain/alerts.js';
import { DesktopNotifier, desktopBackendFor, shellSafe, type DesktopBackend } from '../../src/alerts/desktop.js';
import { webhookRequest } from '../../src/alerts/webhook.js';
import { runCheck, type WatchDeps } from '../../src/alerts/watcher.js';
import type { Notifier, Delivery } from '../../src/alerts/notifier.js';
import type { WatchState } from '../../src/alerts/state.js';
import type { AccountStatus } from '../../src/accounts/check.js';
import type { Alert } from '../../src/domain/alerts.js';
import fs from 'node:fs';
import path from 'node:path';
import { makeSandbox } from '../helpers.js';

const NOW = 1_800_000_000_000;
const H = 3_600_000;

function row(id: string, state: CheckedAccount['state'], msLeft: number | null = null, extra: Partial<AccountStatus> = {}): AccountStatus {
  return {
    id,
    label: null,
    dir: `/accounts/${id}`,
    email: `dev${id}@example.com`,
    subscriptionType: 'max',
    state,
    expiresAt: msLeft === null ? null : NOW + msLeft,
    msLeft,
    error: state === 'invalid' ? 'credentials file is not valid JSON' : null,
    current: false,
    ...extra,
  };
}

describe('transitions', () => {
  it('alerts for every account already in trouble when nothing was saved before', () => {
    const rows = [row('1', 'healthy', 5 * H), row('2', 'expiring', H), row('3', 'expired', -H), row('4', 'revoked'), row('5', 'missing'), row('6', 'invalid')];
    const t = transitions(null, rows, NOW);
    expect(t.alerts.map((a) => [a.account.id, a.event])).toEqual([
      ['2', 'token.expiring'],
      ['3', 'token.expired'],
      ['4', 'token.revoked'],
      ['5', 'token.missing'],
      ['6', 'token.invalid'],
    ]);
    expect(Object.keys(t.seen)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(t.changes.map((c) => c.id)).toEqual(['2', '3', '4', '5', '6']);
  });

  it('alerts once per transition and stays quiet while nothing changes', () => {
    const first = transitions(null, [row('1', 'healthy', 5 * H)], NOW);
    expect(first.alerts).toEqual([]);
    const same = transitions(first.seen, [row('1', 'healthy', 5 * H)], NOW + 1000);
    expect(same.alerts).toEqual([]);
    expect(same.changes).toEqual([]);
    const expiring = transitions(same.seen, [row('1', 'expiring', H)], NOW + 2000);
    expect(expiring.alerts.map((a) => a.event)).toEqual(['token.expiring']);
    const still = transitions(expiring.seen, [row('1', 'expiring', H)], NOW + 3000);
    expect(still.alerts).toEqual([]);
    const expired = transitions(still.seen, [row('1', 'expired', -1000)], NOW + 4000);
    expect(expired.alerts.map((a) => a.event)).toEqual(['token.expired']);
    const healthy = transitions(expired.seen, [row('1', 'healthy', 8 * H)], NOW + 5000);
    expect(healthy.alerts).toEqual([]);
    expect(healthy.changes).toEqual([{ id: '1', from: 'expired', to: 'healthy', msLeft: 8 * H, error: null }]);
  });

  it('treats a new token that is again expiring as a new transition, the same token not', () => {
    const seen: SeenMap = { '1': { state: 'expiring', expiresAt: NOW + H, since: 'x' } };
    expect(transitions(seen, [row('1', 'expiring', H)], NOW).alerts).toEqual([]);
    expect(transitions(seen, [row('1', 'expiring', 1.5 * H)], NOW).alerts.map((a) => a.event)).toEqual(['token.expiring']);
  });

  it('alerts for an account added after the first check when it is in trouble', () => {
    const seen: SeenMap = { '1': { state: 'healthy', expiresAt: NOW + 5 * H, since: 'x' } };
    const t = transitions(seen, [row('1', 'healthy', 5 * H), row('2', 'missing')], NOW);
    expect(t.alerts.map((a) => a.account.id)).toEqual(['2']);
  });

  it('leaves the quiet accounts to their refresh alert', () => {
    const t = transitions(null, [row('1', 'expiring', H)], NOW, new Set(['1']));
    expect(t.alerts).toEqual([]);
    expect(t.seen['1'].state).toBe('expiring');
  });

  it('names the account, the time left and the command to run', () => {
    const [a] = transitions(null, [row('12', 'expiring', 45 * 60_000)], NOW).alerts;
    expect(a.message).toBe('account 12 (dev12@example.com) expires in 45 min');
    expect(a.fix).toContain('ctk refresh 12');
    expect(a.fix).toContain('c 12 then claude auth login');
    const [r] = transitions(null, [row('7', 'revoked')], NOW).alerts;
    expect(r.fix).toMatch(/^c 7 then claude auth login/);
  });
});

describe('refresh alerts and retries', () => {
  it('reports success and failure', () => {
    const ok = refreshAlert(row('3', 'expiring', H), { outcome: 'refreshed', message: 'ok', newExpiresAt: NOW + 8 * H }, NOW);
    expect(ok.event).toBe('token.refreshed');
    expect(ok.msLeft).toBe(8 * H);
    const bad = refreshAlert(row('3', 'expiring', H), { outcome: 'needs-login', message: 'refresh token rejected (invalid_grant)', newExpiresAt: null }, NOW);
    expect(bad.event).toBe('token.refresh_failed');
    expect(bad.message).toContain('invalid_grant');
    expect(bad.fix).toMatch(/^c 3 then claude auth login/);
  });

  it('does not retry a token that needs a login, and retries a transient failure at most 3 times', () => {
    const r = row('1', 'expiring', H);
    expect(wantsAutoRefresh(r, undefined)).toBe(true);
    expect(wantsAutoRefresh(row('1', 'healthy', 5 * H), undefined)).toBe(false);
    expect(wantsAutoRefresh(row('1', 'revoked'), undefined)).toBe(false);
    const seen = (outcome: string, attempts: number, expiresAt = r.expiresAt) => ({ state: r.state, expiresAt, since: 'x', refreshFailed: { expiresAt, outcome, attempts } });
    expect(wantsAutoRefresh(r, seen('needs-login', 1))).toBe(false);
    expect(wantsAutoRefresh(r, seen('failed', 2))).toBe(true);
    expect(wantsAutoRefresh(r, seen('failed', 3))).toBe(false);
    expect(wantsAutoRefresh(r, seen('needs-login', 1, NOW - 5))).toBe(true); // a new token gets its own try
  });

  it('keeps a failed webhook delivery for 3 tries, then drops it', () => {
    const alert = transitions(null, [row('1', 'expired', -H)], NOW).alerts[0];
    let p = { alert, tries: 0 };
    const a = afterDelivery(p, false, 'HTTP 500');
    expect(a.keep?.tries).toBe(1);
    const b = afterDelivery(a.keep!, false, 'HTTP 500');
    expect(b.keep?.tries).toBe(2);
    const c = afterDelivery(b.keep!, false, 'HTTP 500');
    expect(c).toEqual({ keep: null, dropped: true });
    expect(afterDelivery(p, true, null)).toEqual({ keep: null, dropped: false });
  });
});

describe('webhook bodies', () => {
  const alert = transitions(null, [row('12', 'expiring', H, { label: 'work sk-ant-oat01-LEAK' })], NOW).alerts[0];

  it('is exactly the DESIGN shape in json format, with no token in it', () => {
    const req = webhookRequest(alert, 'json');
    const body = JSON.parse(req.body);
    expect(Object.keys(body)).toEqual(['event', 'account', 'expiresAt', 'msLeft', 'at']);
    expect(Object.keys(body.account)).toEqual(['id', 'label', 'email']);
    expect(body).toMatchObject({ event: 'token.expiring', account: { id: '12', email: 'dev12@example.com' }, expiresAt: NOW + H, msLeft: H, at: new Date(NOW).toISOString() });
    expect(req.body).not.toContain('sk-ant-');
    expect(webhookPayload(alert).event).toBe('token.expiring');
  });

  it('speaks Slack and ntfy', () => {
    const slack = webhookRequest(alert, 'slack');
    expect(JSON.parse(slack.body).text).toContain('account 12');
    expect(slack.body).not.toContain('sk-ant-');
    const ntfy = webhookRequest(alert, 'ntfy');
    expect(ntfy.headers.title).toBe('ctk: account 12 expires in 1.0 h');
    expect(ntfy.headers.priority).toBe('high');
    expect(ntfy.body).toContain('ctk refresh 12');
    expect(ntfy.body).not.toContain('sk-ant-');
  });

  it('encodes a non-ASCII ntfy title instead of breaking the request', () => {
    const a2 = { ...alert, account: { ...alert.account, id: 'zoë' } };
    const h = webhookRequest(a2, 'ntfy').headers.title;
    expect(h).toMatch(/^=\?UTF-8\?B\?/);
    expect(Buffer.from(h.slice(10, -2), 'base64').toString('utf8')).toContain('zoë');
  });
});

describe('desktop notifications through the notifier interface', () => {
  function recorder(fail = false): DesktopBackend & { calls: { title: string; message: string }[] } {
    const calls: { title: string; message: string }[] = [];
    return {
      name: 'recorder',
      calls,
      async show(title, message) {
        calls.push({ title, message });
        if (fail) throw new Error('no D-Bus session');
      },
    };
  }
  const ac = new AbortController();

  it('shows one notification per alert naming the account, time left and command', async () => {
    const b = recorder();
    const alerts = transitions(null, [row('12', 'expiring', 90 * 60_000), row('4', 'revoked')], NOW).alerts;
    const res = await new DesktopNotifier(b).deliver(alerts, ac.signal);
    expect(res.every((r) => r.ok)).toBe(true);
    expect(b.calls).toHaveLength(2);
    expect(b.calls[0].title).toBe('ctk: account 12 expires in 1.5 h');
    expect(b.calls[0].message).toContain('ctk refresh 12');
    expect(b.calls[0].message).toContain('c 12 then claude auth login');
    expect(b.calls[1].title).toBe('ctk: account 4 was logged out');
  });

  it('folds a burst into one summary and leaves successful refreshes to the webhook', async () => {
    const b = recorder();
    const alerts = transitions(null, ['1', '2', '3', '4', '5'].map((id) => row(id, 'expired', -H)), NOW).alerts;
    const refreshed = refreshAlert(row('9', 'expiring', H), { outcome: 'refreshed', message: 'ok', newExpiresAt: NOW + 8 * H }, NOW);
    await new DesktopNotifier(b).deliver([...alerts, refreshed], ac.signal);
    expect(b.calls).toHaveLength(1);
    expect(b.calls[0].title).toBe('ctk: 5 accounts need attention');
    expect(b.calls[0].message).toContain('1, 2, 3, 4, 5');
    expect(await new DesktopNotifier(b).deliver([refreshed], ac.signal)).toEqual([]);
  });

  it('reports a failing backend instead of throwing', async () => {
    const res = await new DesktopNotifier(recorder(true)).deliver(transitions(null, [row('1', 'missing')], NOW).alerts, ac.signal);
    expect(res).toMatchObject([{ ok: false, error: 'no D-Bus session' }]);
  });

  it('uses notify-send on Linux only when it is on PATH', () => {
    const sb = makeSandbox();
    try {
      const bin = path.join(sb.root, 'bin');
      fs.mkdirSync(bin);
      expect(desktopBackendFor('linux', { PATH: bin })).toHaveProperty('unavailable');
      fs.writeFileSync(path.join(bin, 'notify-send'), '#!/bin/sh\n', { mode: 0o755 });
      const c = desktopBackendFor('linux', { PATH: bin });
      expect('backend' in c && c.backend.name).toBe(`notify-send (${path.join(bin, 'notify-send')})`);
      expect('backend' in desktopBackendFor('darwin', {})).toBe(true);
      expect('backend' in desktopBackendFor('win32', {})).toBe(true);
    } finally {
      sb.cleanup();
    }
  });

  it('keeps shell metacharacters away from the notify-send command line', () => {
    expect(shellSafe('a $(rm -rf ~) `x` "q" \\')).toBe("a '(rm -rf ~) 'x' 'q' '");
  });
});

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
