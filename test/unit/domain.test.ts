import { describe, expect, it, vi } from 'vitest';
import { classify, needsRefresh, statusExitCode, summarize } from '../../src/domain/token-state.js';
import { compareIds, parseIdList, idProblem } from '../../src/domain/ids.js';
import { formatTimeLeft, parseDuration, parseHours } from '../../src/domain/duration.js';

const NOW = 1_800_000_000_000;
const H = 3_600_000;
const oauth = (expiresAt: unknown, tokens = true) => ({
  kind: 'oauth' as const,
  expiresAt,
  hasAccessToken: tokens,
  hasRefreshToken: tokens,
  subscriptionType: 'max',
  rateLimitTier: null,
  scopes: [],
});

describe('classify', () => {
  it('sorts tokens by time left against the warning window', () => {
    expect(classify(oauth(NOW + 3 * H), NOW, 2 * H).state).toBe('healthy');
    expect(classify(oauth(NOW + 2 * H), NOW, 2 * H).state).toBe('expiring');
    expect(classify(oauth(NOW + 1), NOW, 2 * H).state).toBe('expiring');
    expect(classify(oauth(NOW), NOW, 2 * H).state).toBe('expired');
    expect(classify(oauth(NOW - H), NOW, 2 * H)).toMatchObject({ state: 'expired', msLeft: -H, expiresAt: NOW - H });
  });
  it('reports Claude Code’s cleared tokens as revoked, not as a parse error', () => {
    expect(classify(oauth(0, false), NOW, 2 * H).state).toBe('revoked');
    expect(classify(oauth(0, true), NOW, 2 * H).state).toBe('revoked');
  });
  it('treats a seconds timestamp as Claude Code does: expired, with a note', () => {
    const c = classify(oauth(Math.floor((NOW + 5 * H) / 1000)), NOW, 2 * H);
    expect(c.state).toBe('expired');
    expect(c.error).toMatch(/seconds/);
  });
  it('flags nonsense expiresAt values as invalid', () => {
    expect(classify(oauth('tomorrow'), NOW, 2 * H).state).toBe('invalid');
    expect(classify(oauth(undefined), NOW, 2 * H).error).toMatch(/expiresAt is missing/);
    expect(classify(oauth(-5), NOW, 2 * H).state).toBe('invalid');
  });
  it('passes missing and invalid reads through with their reason', () => {
    expect(classify({ kind: 'missing', reason: 'gone' }, NOW, 0)).toMatchObject({ state: 'missing', error: 'gone' });
    expect(classify({ kind: 'invalid', reason: 'bad' }, NOW, 0)).toMatchObject({ state: 'invalid', error: 'bad' });
  });
});

describe('exit codes and summaries', () => {
  it('returns the highest code that applies', () => {
    expect(statusExitCode(summarize(['healthy', 'healthy']))).toBe(0);
    expect(statusExitCode(summarize(['healthy', 'expiring']))).toBe(1);
    expect(statusExitCode(summarize(['expiring', 'missing']))).toBe(2);
    expect(statusExitCode(summarize(['revoked']))).toBe(2);
    expect(statusExitCode(summarize(['expired', 'invalid']))).toBe(3);
  });
  it('queues expired, revoked, missing and anything inside the window', () => {
    expect(needsRefresh('healthy', 7 * H, 8 * H)).toBe(true);
    expect(needsRefresh('healthy', 9 * H, 8 * H)).toBe(false);
    expect(needsRefresh('missing', null, 0)).toBe(true);
    expect(needsRefresh('invalid', null, 8 * H)).toBe(false);
  });
});

describe('id lists', () => {
  it('expands ranges in order', () => {
    const ids = parseIdList('1-28,100-103');
    expect(ids).toHaveLength(32);
    expect(ids.slice(26)).toEqual(['27', '28', '100', '101', '102', '103']);
    expect(parseIdList('work, 3')).toEqual(['work', '3']);
  });
  it('rejects bad input with a reason', () => {
    expect(() => parseIdList('5-1')).toThrow(/backwards/);
    expect(() => parseIdList('1-3,2')).toThrow(/twice/);
    expect(() => parseIdList('a b')).toThrow(/may only use/);
    expect(() => parseIdList('')).toThrow(/no account ids/);
    expect(idProblem('-x')).toMatch(/start with/);
    expect(idProblem('x'.repeat(33))).toMatch(/longer than 32/);
  });
  it('orders numeric ids numerically, names after', () => {
    expect(['100', 'work', '3', '28', 'alpha'].sort(compareIds)).toEqual(['3', '28', '100', 'alpha', 'work']);
  });
});

describe('durations', () => {
  it('parses what people type', () => {
    expect(parseDuration('45s')).toBe(45_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('90')).toBe(90_000);
    expect(() => parseDuration('soon')).toThrow(/cannot read duration/);
    expect(() => parseDuration('5x')).toThrow();
  });
  it('parses hours and formats time left', () => {
    expect(parseHours('0.5')).toBe(0.5);
    expect(() => parseHours('-1')).toThrow(/number of hours/);
    expect(formatTimeLeft(7.2 * H)).toBe('7.2 h');
    expect(formatTimeLeft(45 * 60_000)).toBe('45 min');
    expect(formatTimeLeft(-1.5 * H)).toBe('-1.5 h');
    expect(formatTimeLeft(null)).toBe('—');
  });
});

describe('identity cache (ctk watch)', () => {
  it('re-reads .claude.json only when it changed', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { readIdentity, enableIdentityCache } = await import('../../src/claude/identity.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctk-identity-'));
    const file = path.join(dir, '.claude.json');
    const write = (email: string, mtime: number) => {
      fs.writeFileSync(file, JSON.stringify({ oauthAccount: { emailAddress: email } }));
      fs.utimesSync(file, mtime, mtime);
    };
    const account = { id: 'x', dir, implicit: false };
    enableIdentityCache();
    write('a@example.com', 1000);
    expect(readIdentity(account)?.email).toBe('a@example.com');
    const spy = vi.spyOn(fs.default, 'readFileSync');
    expect(readIdentity(account)?.email).toBe('a@example.com');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    write('b@example.com', 2000);
    expect(readIdentity(account)?.email).toBe('b@example.com');
    fs.rmSync(file);
    expect(readIdentity(account)).toBeNull();
    fs.rmSync(dir, { recursive: true });
  });
});
