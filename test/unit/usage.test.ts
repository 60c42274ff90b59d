// Usage: parsing, headroom, ranking, bars and Retry-After (pure), the cache-only ranking for
// `pick --best`, and collectUsage's handling of a refresh that throws.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bar, bindingReset, effectiveUtilization, formatPercent, headroom, parseRetryAfter, parseUsageResponse, rankByHeadroom } from '../../src/domain/usage.js';
import { bestFirst, rankByCachedHeadroom } from '../../src/usage/best.js';
import { cachedFor, readUsageCache, saveUsageCache, usageCacheFile } from '../../src/usage/cache.js';
import { collectUsage } from '../../src/usage/collect.js';
import { mapLimit } from '../../src/usage/pool.js';
import { credentialsStore } from '../../src/claude/credentials/store.js';
import { H, makeSandbox, SAMPLES, writeAccount, type Sandbox } from '../helpers.js';
import { accessOf, knownCredentials, startMockApi, type MockApi } from '../e2e/usage-mock.js';

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

describe('mapLimit', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, n * 3));
      active--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).toBe(3);
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});

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

describe('collectUsage', () => {
  let sb: Sandbox;
  let api: MockApi;
  beforeEach(async () => {
    sb = makeSandbox();
    api = await startMockApi();
  });
  afterEach(async () => {
    await api.close();
    sb.cleanup();
  });

  it('treats a refresh that throws as "skipped: could not refresh" and still measures the others', async () => {
    writeAccount(sb, 'old', { credentials: knownCredentials('old', Date.now() - H) });
    writeAccount(sb, 'ok', { credentials: knownCredentials('ok', Date.now() + 5 * H) });
    api.usage.set(accessOf('ok'), { kind: 'ok' });
    const env = { ...sb.env, CTK_API_BASE_URL: api.base };
    const accounts = ['old', 'ok'].map((id) => ({ id, dir: sb.accountDir(id), implicit: false }));
    let refreshCalls = 0;
    const rows = await collectUsage(accounts, {
      store: credentialsStore({ env }),
      env,
      warningMs: 2 * H,
      refresh: async () => {
        refreshCalls++;
        throw new Error('browserless refresh is not implemented yet');
      },
    });
    expect(refreshCalls).toBe(1);
    expect(rows[0]).toMatchObject({ id: 'old', status: 'skipped', state: 'expired', windows: null });
    expect(rows[0].message).toMatch(/could not refresh: browserless refresh failed: browserless refresh is not implemented yet/);
    expect(rows[1]).toMatchObject({ id: 'ok', status: 'fresh', headroom: 39 });
    expect(api.usageCalls.get(accessOf('old')) ?? 0).toBe(0);
    // the failed attempt is recorded like every other refresh attempt
    const lines = fs.readFileSync(path.join(sb.configDir, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((e) => [e.account, e.method, e.result, e.via])).toEqual([['old', 'oauth', 'failed', 'usage']]);
  });
});

describe('fetchUsage', () => {
  it('classifies odd answers and never follows a redirect with the token', async () => {
    const http = await import('node:http');
    const seen: string[] = [];
    let mode = '';
    const server = http.createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization ? 'auth' : 'no-auth'}`);
      if (req.url === '/elsewhere') return res.end('{}');
      if (mode === 'redirect') {
        res.writeHead(302, { Location: '/elsewhere' });
        return res.end();
      }
      if (mode === 'html') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        return res.end('<html>maintenance</html>');
      }
      if (mode === 'date') {
        res.writeHead(429, { 'Retry-After': new Date(Date.now() + 90_000).toUTCString() });
        return res.end();
      }
      res.writeHead(200);
      res.end('[]');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as any).port}`;
    const { fetchUsage, usageUrl } = await import('../../src/oauth/usage-client.js');
    const env = { CTK_API_BASE_URL: base + '/' };
    try {
      expect(usageUrl(env)).toBe(`${base}/api/oauth/usage`);
      expect(usageUrl({})).toBe('https://api.anthropic.com/api/oauth/usage');
      mode = 'redirect';
      expect((await fetchUsage('sk-ant-oat01-x', { env })).kind).toBe('error');
      expect(seen).toEqual(['/api/oauth/usage auth']);
      mode = 'html';
      expect(await fetchUsage('sk-ant-oat01-x', { env })).toMatchObject({ kind: 'error', message: expect.stringMatching(/not JSON/) });
      mode = 'array';
      expect(await fetchUsage('sk-ant-oat01-x', { env })).toMatchObject({ kind: 'error', message: expect.stringMatching(/unexpected shape/) });
      mode = 'date';
      const r = await fetchUsage('sk-ant-oat01-x', { env });
      expect(r.kind).toBe('rate-limited');
      expect((r as any).retryAfterMs).toBeGreaterThan(80_000);
      const closed = await fetchUsage('sk-ant-oat01-x', { env: { CTK_API_BASE_URL: 'http://127.0.0.1:1' } });
      expect(closed).toMatchObject({ kind: 'error', status: null, message: expect.stringMatching(/cannot reach 127\.0\.0\.1:1/) });
      expect(JSON.stringify(closed)).not.toMatch(/sk-ant-/);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
