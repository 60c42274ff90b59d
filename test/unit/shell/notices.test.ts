import { describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../../src/accounts/check.js';
import { preflight, switchNotice, useExitCode } from '../../../src/shell/notices.js';

const H = 3_600_000;

const status = (state: AccountStatus['state'], msLeft: number | null, extra: Partial<AccountStatus> = {}): AccountStatus => ({
  id: '12',
  label: null,
  dir: '/x',
  email: 'dev12@example.com',
  subscriptionType: 'max',
  state,
  expiresAt: msLeft === null ? null : 1_800_000_000_000 + msLeft,
  msLeft,
  error: null,
  current: false,
  ...extra,
});

describe('token notices', () => {
  it('use: quiet for healthy, a warning when expiring, loud with the fix when dead', () => {
    expect(switchNotice(status('healthy', 5 * H))).toEqual({ severity: 'info', lines: ['switched to 12 (dev12@example.com) · healthy, 5.0 h left'] });
    expect(switchNotice(status('healthy', 5 * H), { switched: false }).lines).toEqual(['account 12 (dev12@example.com) · healthy, 5.0 h left']);
    const soon = switchNotice(status('expiring', 30 * 60_000));
    expect(soon.severity).toBe('warning');
    expect(soon.lines.join('\n')).toMatch(/expires in 30 min: ctk refresh 12/);
    for (const st of ['expired', 'revoked', 'missing'] as const) {
      const n = switchNotice(status(st, st === 'expired' ? -2 * H : null));
      expect(n.severity).toBe('danger');
      expect(n.lines.join('\n')).toMatch(/ctk refresh 12/);
    }
    expect(switchNotice(status('expired', -2 * H)).lines[0]).toMatch(/expired 2\.0 h ago/);
    expect(switchNotice(status('invalid', null, { error: 'not valid JSON' })).lines.join(' ')).toMatch(/not valid JSON.*ctk accounts validate/);
    expect(switchNotice(status('healthy', 5 * H, { error: 'signed in as a@b, registered as c@d' })).severity).toBe('warning');
  });

  it('use exit codes', () => {
    expect(useExitCode('healthy')).toBe(0);
    expect(useExitCode('expiring')).toBe(0);
    expect(useExitCode('expired')).toBe(2);
    expect(useExitCode('revoked')).toBe(2);
    expect(useExitCode('missing')).toBe(2);
    expect(useExitCode('invalid')).toBe(3);
  });

  it('run: refuses dead tokens, refreshes them when asked, warns under an hour', () => {
    const no = { refresh: false, alreadyRefreshed: false };
    const yes = { refresh: true, alreadyRefreshed: false };
    expect(preflight(status('healthy', 5 * H), no)).toEqual({ action: 'start', warning: null });
    const soon = preflight(status('expiring', 50 * 60_000), no);
    expect(soon.action === 'start' && soon.warning).toMatch(/expires in 50 min/);
    expect(preflight(status('expiring', 90 * 60_000), no)).toEqual({ action: 'start', warning: null });
    expect(preflight(status('expiring', 50 * 60_000), yes)).toEqual({ action: 'refresh' });
    const dead = preflight(status('expired', -H), no);
    expect(dead).toMatchObject({ action: 'refuse', exitCode: 2 });
    expect(dead.action === 'refuse' && dead.message).toMatch(/fix: ctk refresh 12/);
    expect(preflight(status('revoked', null), yes)).toEqual({ action: 'refresh' });
    const still = preflight(status('expired', -H), { refresh: true, alreadyRefreshed: true });
    expect(still).toMatchObject({ action: 'refuse', exitCode: 2 });
    expect(preflight(status('invalid', null), yes)).toMatchObject({ action: 'refuse', exitCode: 3 });
  });
});
