import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bar, bindingReset, effectiveUtilization, formatPercent, headroom, parseRetryAfter, parseUsageResponse, rankByHeadroom } from '../../../src/domain/usage.js';
import { H, SAMPLES } from '../../helpers.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();

describe('parseUsageResponse', () => {
  it('keeps window-shaped fields, drops nulls and anything else', () => {
    const sample = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'oauth-usage-response.json'), 'utf8'));
    const w = parseUsageResponse({ ...sample, limits: [{ x: 1 }], flag: true, odd: { utilization: 'x' }, seven_day_sonnet: null })!;
    expect(Object.keys(w).sort()).toEqual(['five_hour', 'seven_day', 'seven_day_opus']);
    expect(w.five_hour).toEqual({ utilization: 37, resetsAt: '2025-11-10T20:00:00.123456+00:00' });
    expect(parseUsageResponse({ five_hour: { utilization: 3, resets_at: 'not a date' } })!.five_hour.resetsAt).toBeNull();
    expect(parseUsageResponse([])).toBeNull();
    expect(parseUsageResponse('x')).toBeNull();
    expect(parseUsageResponse({})).toEqual({});
  });
});

describe('headroom and ranking', () => {
  const win = (utilization: number, resetsAt: number | null = null) => ({ utilization, resetsAt: resetsAt === null ? null : at(resetsAt) });
  it('is 100 minus the fuller of the 5h and 7d windows, ignoring the others', () => {
    expect(headroom({ five_hour: win(37), seven_day: win(61), seven_day_opus: win(99) }, NOW)).toBe(39);
    expect(headroom({ five_hour: win(80) }, NOW)).toBe(20);
    expect(headroom({ seven_day_opus: win(10) }, NOW)).toBeNull();
    expect(headroom(null, NOW)).toBeNull();
    expect(headroom({ five_hour: win(130) }, NOW)).toBe(0);
  });
  it('treats a window that reset after the figures were fetched as empty, but trusts the server at fetch time', () => {
    const w = win(90, NOW - 1000);
    expect(effectiveUtilization(w, NOW, NOW - H)).toBe(0);
    expect(effectiveUtilization(w, NOW, NOW)).toBe(90);
    expect(effectiveUtilization(win(90, NOW + H), NOW, NOW - H)).toBe(90);
    expect(headroom({ five_hour: win(95, NOW - 1), seven_day: win(40, NOW + 48 * H) }, NOW, NOW - H)).toBe(60);
  });
  it('ranks by headroom, then the sooner reset, unknowns last in their order', () => {
    const rows = [
      { id: 'none1', headroom: null },
      { id: 'low', headroom: 10 },
      { id: 'high-late', headroom: 80, resetsAt: NOW + 5 * H },
      { id: 'none2', headroom: null },
      { id: 'high-soon', headroom: 80, resetsAt: NOW + H },
    ];
    expect(rankByHeadroom(rows).map((r) => r.id)).toEqual(['high-soon', 'high-late', 'low', 'none1', 'none2']);
    expect(bindingReset({ five_hour: win(20, NOW + H), seven_day: win(70, NOW + 50 * H) }, NOW)).toBe(NOW + 50 * H);
  });
  it('draws bars with eighth-cell precision', () => {
    expect(bar(0)).toBe('··········');
    expect(bar(100)).toBe('██████████');
    expect(bar(37)).toBe('███▊······');
    expect(bar(50, 4)).toBe('██··');
    expect(bar(150)).toBe('██████████');
    expect(bar(-5)).toBe('··········');
    expect(bar(NaN)).toBe('··········');
    expect(formatPercent(37)).toBe('37%');
    expect(formatPercent(2.5)).toBe('2.5%');
  });
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30_000);
    expect(parseRetryAfter(new Date(NOW - 30_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
    expect(parseRetryAfter('', NOW)).toBeNull();
  });
});
