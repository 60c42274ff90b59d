import { describe, expect, it } from 'vitest';
import { classify, needsRefresh, statusExitCode, summarize } from '../../../src/domain/token-state.js';

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
