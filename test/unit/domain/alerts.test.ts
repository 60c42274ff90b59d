import { describe, expect, it } from 'vitest';
import { afterDelivery, refreshAlert, transitions, wantsAutoRefresh, type CheckedAccount, type SeenMap } from '../../../src/domain/alerts.js';
import type { AccountStatus } from '../../../src/accounts/check.js';
import { stateRow } from '../../helpers/status-row.js';

const NOW = 1_800_000_000_000;
const H = 3_600_000;

const row = (id: string, state: CheckedAccount['state'], msLeft: number | null = null, extra: Partial<AccountStatus> = {}): AccountStatus => stateRow(id, NOW, state, msLeft, extra);

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
