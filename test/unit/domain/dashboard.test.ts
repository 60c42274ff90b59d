import { describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../../src/domain/account.js';
import { checkRequest, dashboardSnapshot, type RequestFacts } from '../../../src/domain/dashboard.js';
import { H } from '../../helpers.js';
import { statusRow } from '../../helpers/status-row.js';

const SECRET = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhx';
const facts = (over: Partial<RequestFacts>): RequestFacts => ({ method: 'GET', url: `/${SECRET}/`, host: '127.0.0.1:4000', origin: undefined, port: 4000, secret: SECRET, same: (a, b) => a === b, ...over });

describe('checkRequest', () => {
  it('routes the secret URLs', () => {
    expect(checkRequest(facts({}))).toEqual({ ok: true, route: { kind: 'page' } });
    expect(checkRequest(facts({ url: `/${SECRET}` }))).toEqual({ ok: true, route: { kind: 'slash' } });
    expect(checkRequest(facts({ url: `/${SECRET}/app.js` }))).toEqual({ ok: true, route: { kind: 'asset', name: 'app.js' } });
    expect(checkRequest(facts({ url: `/${SECRET}/api/snapshot?x=1` }))).toEqual({ ok: true, route: { kind: 'snapshot' } });
    expect(checkRequest(facts({ url: `/${SECRET}/events` }))).toEqual({ ok: true, route: { kind: 'events' } });
    expect(checkRequest(facts({ method: 'POST', url: `/${SECRET}/api/refresh/a%20b`, origin: 'http://127.0.0.1:4000' }))).toEqual({ ok: true, route: { kind: 'refresh', id: 'a b' } });
    expect(checkRequest(facts({ host: 'LOCALHOST:4000', origin: 'http://localhost:4000' })).ok).toBe(true);
  });

  it('refuses a missing or wrong secret, a foreign Host or Origin, and wrong methods', () => {
    const refused = (over: Partial<RequestFacts>) => {
      const v = checkRequest(facts(over));
      return v.ok ? 'ok' : v.status;
    };
    expect(refused({ url: '/' })).toBe(403);
    expect(refused({ url: '/api/snapshot' })).toBe(403);
    expect(refused({ url: `/${SECRET}x/` })).toBe(403);
    expect(refused({ url: `http://127.0.0.1:4000/${SECRET}/` })).toBe(403);
    expect(refused({ host: undefined })).toBe(403);
    expect(refused({ host: 'evil.example:4000' })).toBe(403);
    expect(refused({ host: '127.0.0.1:4001' })).toBe(403);
    expect(refused({ host: '127.0.0.1' })).toBe(403);
    expect(refused({ host: '[::1]:4000' })).toBe(403);
    expect(refused({ origin: 'http://evil.example' })).toBe(403);
    expect(refused({ origin: 'null' })).toBe(403);
    expect(refused({ origin: 'https://127.0.0.1:4000' })).toBe(403);
    expect(refused({ method: 'POST', url: `/${SECRET}/api/refresh/a`, origin: 'http://evil.example' })).toBe(403);
    expect(refused({ method: 'GET', url: `/${SECRET}/api/refresh/a` })).toBe(405);
    expect(refused({ method: 'POST', url: `/${SECRET}/api/snapshot` })).toBe(405);
    expect(refused({ method: 'POST', url: `/${SECRET}` })).toBe(405);
    expect(refused({ url: `/${SECRET}/api/refresh/%E0%A4%A` , method: 'POST' })).toBe(404);
    expect(refused({ url: `/${SECRET}/../etc/passwd` })).toBe(404);
  });
});

describe('dashboardSnapshot', () => {
  const NOW = Date.parse('2026-11-27T12:00:00Z');
  const row = (id: string, over: Partial<AccountStatus> = {}) => statusRow(id, NOW, { dir: `/d/${id}`, ...over });
  it('carries the rows, usage of the account’s own folder, renewal days and granted lifespans', () => {
    const s = dashboardSnapshot({
      rows: [row('1'), row('#2', { state: 'invalid', expiresAt: null, error: 'registry entry 2: bad' }), row('3', { loginEnding: true })],
      registered: new Set(['1', '3']),
      calendar: [{ row: row('3'), renewOn: '2026-11-29', overdue: false }],
      usage: { '1': { dir: '/d/1', fetchedAt: NOW - 1000, windows: { five_hour: { utilization: 10, resetsAt: null } } }, '3': { dir: '/other', fetchedAt: NOW, windows: {} } },
      history: [
        { at: new Date(NOW - 2 * H).toISOString(), account: '1', method: 'oauth', result: 'refreshed', oldExpiresAt: null, newExpiresAt: NOW + 6 * H, lifespanMs: 8 * H },
        { at: new Date(NOW - H).toISOString(), account: '1', method: 'oauth', result: 'failed', oldExpiresAt: null, newExpiresAt: null, lifespanMs: null },
      ],
      now: NOW,
      warningHours: 2,
      loginWarningDays: 5,
    });
    expect(s.accounts.map((a) => [a.id, a.state, a.refreshable, a.renewOn])).toEqual([['1', 'healthy', true, null], ['#2', 'invalid', false, null], ['3', 'healthy', true, '2026-11-29']]);
    expect(s.accounts[0].usage).toEqual({ fetchedAt: NOW - 1000, windows: { '5h': 10, '7d': null } });
    expect(s.accounts[2].usage).toBeNull();
    expect(s.accounts[1].problem).toBe('registry entry 2: bad');
    expect(s.summary).toMatchObject({ healthy: 2, invalid: 1, loginEnding: 1 });
    expect(s.lifespans).toEqual([{ at: NOW - 2 * H, account: '1', method: 'oauth', lifespanMs: 8 * H }]);
    expect(JSON.stringify(s)).not.toMatch(/\/d\/1|dir/);
  });
});
