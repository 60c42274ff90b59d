import { describe, expect, it } from 'vitest';
import { formatSpan, formatUtc, lifespanEvents, median, summarizeLifespans } from '../../../src/domain/lifespan.js';
import type { HistoryEntry } from '../../../src/history/history.js';
import { H } from '../../helpers.js';

const T0 = Date.parse('2026-11-20T08:00:00Z');
const e = (over: Partial<HistoryEntry> & { at: string }): HistoryEntry => ({
  account: '1',
  method: 'oauth',
  result: 'refreshed',
  oldExpiresAt: null,
  newExpiresAt: null,
  lifespanMs: null,
  ...over,
});
const iso = (ms: number) => new Date(ms).toISOString();

describe('lifespans', () => {
  it('computes each event’s lifespan, the old token’s time left and a rejected refresh token’s age', () => {
    const events = lifespanEvents([
      e({ at: iso(T0 + 10 * H), account: '1', result: 'needs-login', oldExpiresAt: T0 + 9 * H }),
      e({ at: iso(T0), account: '1', method: 'login', newExpiresAt: T0 + 8 * H, lifespanMs: 8 * H }),
      e({ at: iso(T0 + H), account: '2', newExpiresAt: T0 + 3 * H, oldExpiresAt: T0 + 2 * H }),
      e({ at: iso(T0 + 2 * H), account: '2', result: 'skipped' }),
      e({ at: 'not a time', account: '2', newExpiresAt: T0 }),
      e({ at: iso(T0 + 3 * H), account: '3', result: 'already-refreshed', newExpiresAt: T0 + 11 * H }),
    ]);
    expect(events.map((x) => [x.account, x.result, x.lifespanMs, x.oldLeftMs, x.refreshTokenAgeMs])).toEqual([
      ['1', 'refreshed', 8 * H, null, null],
      ['2', 'refreshed', 2 * H, 1 * H, null],
      ['3', 'already-refreshed', null, null, null],
      ['1', 'needs-login', null, -1 * H, 10 * H],
    ]);
    expect(lifespanEvents([e({ at: iso(T0), account: '1', newExpiresAt: T0 + H }), e({ at: iso(T0), account: '2', newExpiresAt: T0 + H })], '2')).toHaveLength(1);
  });
  it('takes the median of odd and even counts, and summarises by method', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([8, 1, 4])).toBe(4);
    expect(median([8, 1, 4, 2])).toBe(3);
    const s = summarizeLifespans(
      lifespanEvents([
        e({ at: iso(T0), method: 'login', newExpiresAt: T0 + 8 * H }),
        e({ at: iso(T0 + H), newExpiresAt: T0 + 2 * H }),
        e({ at: iso(T0 + 2 * H), newExpiresAt: T0 + 5 * H }),
        e({ at: iso(T0 + 3 * H), newExpiresAt: T0 + 2 * H }), // negative: a clock problem, not a lifespan
      ]),
    );
    expect(s).toMatchObject({ count: 3, medianMs: 3 * H, minMs: H, maxMs: 8 * H, byMethod: { login: { count: 1, medianMs: 8 * H }, oauth: { count: 2, medianMs: 2 * H } } });
  });
  it('formats spans and UTC times for a report', () => {
    expect(formatSpan(8 * H)).toBe('8.0 h');
    expect(formatSpan(-0.5 * H)).toBe('-30 min');
    expect(formatSpan(96 * H)).toBe('4.0 d');
    expect(formatSpan(null)).toBe('—');
    expect(formatUtc(T0)).toBe('2026-11-20 08:00 UTC');
  });
});
