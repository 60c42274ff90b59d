import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headroom } from '../../../src/domain/usage.js';
import { bestFirst, rankByCachedHeadroom } from '../../../src/usage/best.js';
import { cachedFor, readUsageCache, saveUsageCache, usageCacheFile } from '../../../src/usage/cache.js';
import { H, makeSandbox, type Sandbox } from '../../helpers.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');

describe('usage cache and the cache-only ranking', () => {
  let sb: Sandbox;
  beforeEach(() => (sb = makeSandbox()));
  afterEach(() => sb.cleanup());
  const windows = (five: number, seven: number) => ({ five_hour: { utilization: five, resetsAt: null }, seven_day: { utilization: seven, resetsAt: null } });

  it('merges, expires Retry-After deadlines, and survives a damaged file', () => {
    saveUsageCache({ fresh: { a: { dir: '/a', fetchedAt: NOW, windows: windows(10, 20) } }, retryAfter: { b: NOW + 60_000, c: NOW - 1 } }, NOW, sb.env);
    saveUsageCache({ fresh: { b: { dir: '/b', fetchedAt: NOW, windows: windows(50, 50) } }, retryAfter: {} }, NOW, sb.env);
    const c = readUsageCache(sb.env);
    expect(Object.keys(c.accounts).sort()).toEqual(['a', 'b']);
    expect(c.retryAfter).toEqual({}); // b answered since; c's deadline had passed
    expect(cachedFor(c, 'a', '/a', NOW + 4 * 60_000)).not.toBeNull();
    expect(cachedFor(c, 'a', '/a', NOW + 6 * 60_000)).toBeNull();
    expect(cachedFor(c, 'a', '/elsewhere', NOW)).toBeNull();
    expect(fs.statSync(usageCacheFile(sb.env)).mode & 0o777).toBe(0o600);
    fs.writeFileSync(usageCacheFile(sb.env), '{"schemaVersion":1,"accounts":');
    expect(readUsageCache(sb.env)).toEqual({ schemaVersion: 1, accounts: {}, retryAfter: {} });
  });

  it('ranks from the cache alone: most headroom first, stale or re-pointed entries last', () => {
    saveUsageCache(
      {
        fresh: {
          busy: { dir: '/busy', fetchedAt: NOW - 60_000, windows: windows(90, 40) },
          roomy: { dir: '/roomy', fetchedAt: NOW - 60_000, windows: windows(5, 20) },
          old: { dir: '/old', fetchedAt: NOW - 7 * H, windows: windows(0, 0) },
          moved: { dir: '/was-here', fetchedAt: NOW, windows: windows(0, 0) },
        },
        retryAfter: {},
      },
      NOW,
      sb.env,
    );
    const accounts = ['old', 'busy', 'unknown', 'moved', 'roomy'].map((id) => ({ id, dir: id === 'moved' ? '/now-here' : `/${id}` }));
    const ranked = rankByCachedHeadroom(accounts, sb.env, NOW);
    expect(ranked.map((r) => [r.id, r.headroom])).toEqual([
      ['roomy', 80],
      ['busy', 10],
      ['old', null],
      ['unknown', null],
      ['moved', null],
    ]);
    expect(rankByCachedHeadroom(accounts, { ...sb.env, CTK_CONFIG_DIR: path.join(sb.root, 'none') }, NOW).map((r) => r.id)).toEqual(accounts.map((a) => a.id));
  });

  it('orders the picker for --best: usable accounts by headroom, labelled, the current one marked not moved', () => {
    saveUsageCache(
      {
        fresh: {
          a: { dir: '/a', fetchedAt: NOW, windows: windows(70, 20) },
          b: { dir: '/b', fetchedAt: NOW, windows: windows(10, 5) },
          dead: { dir: '/dead', fetchedAt: NOW, windows: windows(0, 0) },
        },
        retryAfter: {},
      },
      NOW,
      sb.env,
    );
    const row = (id: string, state: string, current = false, label: string | null = null) => ({ id, dir: `/${id}`, state, label, current, email: null });
    const { rows, ranked } = bestFirst([row('a', 'healthy', true), row('new', 'healthy'), row('dead', 'expired', false, 'old one'), row('b', 'expiring', false, 'spare')], sb.env, NOW);
    expect(ranked).toBe(2);
    expect(rows.map((r) => [r.id, r.label, r.current])).toEqual([
      ['b', '90% left · spare', false],
      ['a', '30% left · current', false],
      ['new', null, false],
      ['dead', 'old one', false],
    ]);
  });
});
