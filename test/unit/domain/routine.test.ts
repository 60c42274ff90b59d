import { describe, expect, it } from 'vitest';
import { chooseMethod, countResults, loginCommandText, nextExpiry, planQueue, queueReason, routineExitCode, shellQuote, verifyRefresh, type AttemptResult, type QueueRow } from '../../../src/domain/routine.js';

const NOW = 1_800_000_000_000;
const H = 3_600_000;
const row = (id: string, state: QueueRow['state'], hoursLeft: number | null): QueueRow => ({
  id,
  state,
  msLeft: hoursLeft === null ? null : hoursLeft * H,
  expiresAt: hoursLeft === null ? null : NOW + hoursLeft * H,
});

describe('planQueue', () => {
  const rows = [
    row('1', 'healthy', 12),
    row('2', 'healthy', 7.5),
    row('3', 'expiring', 1),
    row('4', 'expired', -2),
    row('5', 'revoked', null),
    row('6', 'missing', null),
    row('7', 'invalid', null),
    row('8', 'healthy', 8),
  ];

  it('queues what expires within the window plus the dead accounts, most urgent first', () => {
    const plan = planQueue(rows, { kind: 'window', windowMs: 8 * H });
    expect(plan.queued.map((r) => r.id)).toEqual(['5', '6', '4', '3', '2', '8']);
    expect(plan.needsAttention.map((r) => r.id)).toEqual(['7']);
  });

  it('a small window still takes the dead ones but not the healthy ones', () => {
    expect(planQueue(rows, { kind: 'window', windowMs: 2 * H }).queued.map((r) => r.id)).toEqual(['5', '6', '4', '3']);
    expect(planQueue(rows, { kind: 'window', windowMs: 0 }).queued.map((r) => r.id)).toEqual(['5', '6', '4']);
  });

  it('explicit ids take exactly those, in the given order, even healthy or invalid ones', () => {
    const plan = planQueue(rows, { kind: 'ids', ids: ['7', '1'] });
    expect(plan.queued.map((r) => r.id)).toEqual(['7', '1']);
    expect(plan.needsAttention).toEqual([]);
  });

  it('names the reason for each state', () => {
    expect(queueReason(row('x', 'revoked', null))).toMatch(/revoked/);
    expect(queueReason(row('x', 'missing', null))).toBe('not logged in');
    expect(queueReason(row('x', 'expiring', 1))).toBe('expires soon');
  });
});

describe('chooseMethod', () => {
  it('auto uses the refresh token when there is a live one, else a login', () => {
    expect(chooseMethod('auto', { hasRefreshToken: true, state: 'expiring' })).toBe('oauth');
    expect(chooseMethod('auto', { hasRefreshToken: true, state: 'expired' })).toBe('oauth');
    expect(chooseMethod('auto', { hasRefreshToken: false, state: 'expiring' })).toBe('login');
    expect(chooseMethod('auto', { hasRefreshToken: false, state: 'revoked' })).toBe('login');
    expect(chooseMethod('auto', { hasRefreshToken: false, state: 'missing' })).toBe('login');
    expect(chooseMethod('auto', { hasRefreshToken: true, state: 'expired', refreshTokenDead: true })).toBe('login');
  });
  it('an explicit method wins', () => {
    expect(chooseMethod('login', { hasRefreshToken: true, state: 'expiring' })).toBe('login');
    expect(chooseMethod('oauth', { hasRefreshToken: false, state: 'revoked' })).toBe('oauth');
  });
});

describe('verifyRefresh', () => {
  const base = { before: NOW + 1 * H, after: NOW + 8 * H, expectedEmail: 'a@x.com', actualEmail: 'a@x.com', now: NOW };

  it('passes a later, future expiry for the expected email (case-insensitive)', () => {
    expect(verifyRefresh(base)).toEqual({ ok: true, expiresAt: NOW + 8 * H, note: null });
    expect(verifyRefresh({ ...base, actualEmail: 'A@X.com' }).ok).toBe(true);
    expect(verifyRefresh({ ...base, before: null }).ok).toBe(true);
  });

  it('fails an unchanged or earlier expiry', () => {
    expect(verifyRefresh({ ...base, after: base.before })).toMatchObject({ ok: false, kind: 'not-renewed' });
    expect(verifyRefresh({ ...base, after: NOW + 0.5 * H })).toMatchObject({ ok: false, kind: 'not-renewed' });
  });

  it('fails an expiry in the past even when it is later than before', () => {
    expect(verifyRefresh({ ...base, before: NOW - 5 * H, after: NOW - 1 })).toMatchObject({ ok: false, kind: 'expired' });
  });

  it('fails missing credentials with the reason', () => {
    expect(verifyRefresh({ ...base, after: null, afterProblem: 'no credentials file' })).toEqual({
      ok: false,
      kind: 'unreadable',
      message: 'no credentials file',
    });
  });

  it('reports a login into another account first and loudly, even with a fresh token', () => {
    const v = verifyRefresh({ ...base, actualEmail: 'intruder@x.com' });
    expect(v).toMatchObject({ ok: false, kind: 'wrong-account' });
    expect(!v.ok && v.message).toBe('WRONG ACCOUNT: signed in as intruder@x.com, expected a@x.com');
  });

  it('notes when the identity could not be compared', () => {
    expect(verifyRefresh({ ...base, actualEmail: null })).toMatchObject({ ok: true, note: expect.stringMatching(/could not read/) });
    expect(verifyRefresh({ ...base, expectedEmail: null })).toMatchObject({ ok: true, note: 'signed in as a@x.com' });
  });
});

describe('results', () => {
  const r = (id: string, result: AttemptResult['result']): AttemptResult => ({
    id,
    result,
    method: 'login',
    reason: null,
    oldExpiresAt: null,
    newExpiresAt: null,
    lifespanMs: null,
    nextStep: null,
  });

  it('exit 0 only when every queued account is done', () => {
    expect(routineExitCode([])).toBe(0);
    expect(routineExitCode([r('1', 'refreshed'), r('2', 'refreshed')])).toBe(0);
    expect(routineExitCode([r('1', 'refreshed'), r('2', 'skipped')])).toBe(2);
    expect(routineExitCode([r('1', 'failed')])).toBe(2);
    expect(routineExitCode([r('1', 'planned')])).toBe(0);
  });

  it('counts each kind', () => {
    expect(countResults([r('1', 'refreshed'), r('2', 'failed'), r('3', 'failed')])).toEqual({ refreshed: 1, failed: 2, skipped: 0, planned: 0 });
  });

  it('finds the next expiry ahead, ignoring dead and past tokens', () => {
    const rows = [
      { id: 'a', expiresAt: NOW - H },
      { id: 'b', expiresAt: null },
      { id: 'c', expiresAt: NOW + 3 * H },
      { id: 'd', expiresAt: NOW + 2 * H },
    ];
    expect(nextExpiry(rows, NOW)?.id).toBe('d');
    expect(nextExpiry([{ id: 'a', expiresAt: null }], NOW)).toBeNull();
  });
});

describe('loginCommandText', () => {
  it('previews the login as a POSIX shell line, quoting only what needs it', () => {
    expect(loginCommandText('claude', '/home/me/.claude-4', 'dev4@example.com', 'linux')).toBe(
      'CLAUDE_CONFIG_DIR=/home/me/.claude-4 claude auth login --email dev4@example.com',
    );
    expect(loginCommandText('claude', "/Users/me/My Accounts/o'neil", null, 'darwin')).toBe(
      `CLAUDE_CONFIG_DIR='/Users/me/My Accounts/o'\\''neil' claude auth login`,
    );
    expect(loginCommandText('claude', null, 'a@b.c', 'linux')).toBe('claude auth login --email a@b.c');
  });

  it('previews it as PowerShell on Windows', () => {
    expect(loginCommandText('claude', 'C:\\Users\\me\\.claude-4', 'dev4@example.com', 'win32')).toBe(
      "$env:CLAUDE_CONFIG_DIR='C:\\Users\\me\\.claude-4'; claude auth login --email dev4@example.com",
    );
    expect(shellQuote("it's", 'win32')).toBe("'it''s'");
  });
});
