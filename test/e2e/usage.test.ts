// ctk usage end to end: the built CLI against a loopback mock of the usage and token endpoints.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ctkAsync, expectNoToken, H, makeSandbox, register, SAMPLES, writeAccount, type Sandbox } from '../helpers.js';
import { accessOf, knownCredentials, mockEnv, refreshOf, SAMPLE_USAGE, startMockApi, type MockApi } from './usage-mock.js';

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

function account(id: string, expiresIn = 6 * H, credentials?: string | null): void {
  writeAccount(sb, id, { credentials: credentials !== undefined ? credentials : knownCredentials(id, Date.now() + expiresIn) });
}

async function usageJson(args: string[] = [], env = mockEnv(sb, api)) {
  const r = await ctkAsync(['usage', '--json', ...args], env, { timeout: 30_000 });
  expectNoToken(r.stdout, r.stderr);
  let json: any;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return { code: r.code, json, stderr: r.stderr, byId: Object.fromEntries(json.accounts.map((a: any) => [a.id, a])) as Record<string, any> };
}

const calls = (id: string) => api.usageCalls.get(accessOf(id)) ?? 0;

describe('ctk usage', () => {
  it('shows every account, sends the right headers, ranks by headroom, and one bad account never hides the others', async () => {
    account('sample');
    account('roomy');
    account('limited');
    account('broken');
    account('slow');
    account('stalled');
    account('gone', 0, fs.readFileSync(path.join(SAMPLES, 'credentials.revoked-by-claude-code.json'), 'utf8'));
    account('nofile', 0, null);
    api.usage.set(accessOf('sample'), { kind: 'ok' });
    api.usage.set(accessOf('roomy'), {
      kind: 'ok',
      body: { five_hour: { utilization: 5, resets_at: new Date(Date.now() + 2 * H).toISOString() }, seven_day: { utilization: 10, resets_at: null }, seven_day_sonnet: null },
    });
    api.usage.set(accessOf('limited'), { kind: '429', retryAfter: '120' });
    api.usage.set(accessOf('broken'), { kind: '500' });
    api.usage.set(accessOf('slow'), { kind: 'hang' });
    api.usage.set(accessOf('stalled'), { kind: 'stall-body' });
    register(sb, ['sample', 'roomy', 'limited', 'broken', 'slow', 'stalled', 'gone', 'nofile'].map((id) => ({ id })));

    const { code, json, byId } = await usageJson(['--timeout', '1500ms']);
    expect(api.badHeaders).toEqual([]);
    expect(api.userAgents.every((ua) => /^claude-token-kit\/\d+\.\d+\.\d+ \(external, cli\)$/.test(ua))).toBe(true);
    expect(json.schemaVersion).toBe(1);
    // The sample's figures arrive intact; its null window is hidden, its extra window kept.
    expect(byId.sample).toMatchObject({ status: 'fresh', headroom: 39, state: 'healthy' });
    expect(byId.sample.windows.five_hour).toEqual({ utilization: 37, resetsAt: SAMPLE_USAGE.five_hour.resets_at });
    expect(byId.sample.windows.seven_day.utilization).toBe(61);
    expect(byId.sample.windows.seven_day_opus.utilization).toBe(12);
    expect(byId.sample.windows).not.toHaveProperty('seven_day_oauth_apps');
    expect(byId.roomy.windows).not.toHaveProperty('seven_day_sonnet');
    expect(byId.roomy).toMatchObject({ status: 'fresh', headroom: 90 });
    // Most headroom first, accounts without figures after.
    expect(json.accounts.slice(0, 2).map((a: any) => a.id)).toEqual(['roomy', 'sample']);
    expect(json.best).toBe('roomy');
    expect(byId.limited).toMatchObject({ status: 'rate-limited', headroom: null });
    expect(byId.limited.message).toMatch(/429/);
    expect(byId.broken).toMatchObject({ status: 'failed' });
    expect(byId.broken.message).toMatch(/HTTP 500/);
    expect(byId.slow).toMatchObject({ status: 'failed' });
    expect(byId.slow.message).toMatch(/no answer .* within 1\.5s/);
    // Headers, then a body that stops: the timeout still ends it.
    expect(byId.stalled).toMatchObject({ status: 'failed' });
    expect(byId.stalled.message).toMatch(/took longer than 1\.5s/);
    expect(byId.gone).toMatchObject({ status: 'skipped', state: 'revoked' });
    expect(byId.nofile).toMatchObject({ status: 'skipped', state: 'missing' });
    // Exactly one request each: no retry storm on 429, 500 or a timeout; none for unusable tokens.
    expect([calls('sample'), calls('roomy'), calls('limited'), calls('broken'), calls('slow'), calls('stalled')]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(calls('gone') + calls('nofile')).toBe(0);
    expect(code).toBe(1);
  });

  it('prints a table with bars, most headroom first, and the next step', async () => {
    account('a');
    account('b');
    account('c', 0, null);
    api.usage.set(accessOf('a'), { kind: 'ok' });
    api.usage.set(accessOf('b'), { kind: 'ok', body: { five_hour: { utilization: 95, resets_at: null }, seven_day: { utilization: 20, resets_at: null } } });
    register(sb, [{ id: 'a' }, { id: 'b', label: 'spare' }, { id: 'c' }]);
    const r = await ctkAsync(['usage'], mockEnv(sb, api));
    expectNoToken(r.stdout, r.stderr);
    const lines = r.stdout.split('\n');
    const row = (id: string) => lines.findIndex((l) => new RegExp(`^\\s*${id}\\s`).test(l));
    expect(row('a')).toBeGreaterThan(0);
    expect(row('a')).toBeLessThan(row('b'));
    expect(row('b')).toBeLessThan(row('c'));
    expect(lines[row('a')]).toMatch(/dev a@example\.com|deva@example\.com/);
    expect(lines[row('a')]).toMatch(/39%\s+█{3}▊·{6}\s+37%.*█{6}▏·{3}\s+61%.*7d opus 12%/);
    expect(lines[row('b')]).toMatch(/spare\s+5%\s+█{9}▌\s+95%/);
    expect(lines[row('c')]).toMatch(/skipped \(missing\)/);
    expect(r.stdout).toMatch(/^  c: missing: no credentials file/m);
    expect(r.stdout).toMatch(/Most headroom: a \(39% left\) — switch with: c a/);
    expect(r.stdout).toMatch(/Log in again: ctk refresh c/);
    expect(r.code).toBe(1);
  });

  it('caches answers for a few minutes in a private file without tokens; --no-cache asks again', async () => {
    account('1');
    account('2');
    api.usage.set(accessOf('1'), { kind: 'ok' });
    api.usage.set(accessOf('2'), { kind: 'ok' });
    register(sb, [{ id: '1' }, { id: '2' }]);
    const first = await usageJson();
    expect(first.code).toBe(0);
    expect(first.byId['1'].status).toBe('fresh');
    expect([calls('1'), calls('2')]).toEqual([1, 1]);

    const cacheFile = path.join(sb.configDir, 'state', 'usage-cache.json');
    expect(fs.statSync(cacheFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(cacheFile)).mode & 0o777).toBe(0o700);
    const text = fs.readFileSync(cacheFile, 'utf8');
    expectNoToken(text);
    expect(text).not.toMatch(/@example\.com/);
    expect(fs.readdirSync(path.dirname(cacheFile)).filter((f) => f.includes('.tmp'))).toEqual([]);

    const second = await usageJson();
    expect(second.byId['1']).toMatchObject({ status: 'cached', headroom: 39 });
    expect(second.code).toBe(0);
    expect([calls('1'), calls('2')]).toEqual([1, 1]);

    const third = await usageJson(['--no-cache', '2']);
    expect(third.json.accounts.map((a: any) => a.id)).toEqual(['2']);
    expect(third.byId['2'].status).toBe('fresh');
    expect([calls('1'), calls('2')]).toEqual([1, 2]);

    // A re-pointed id does not inherit another folder's figures.
    const raw = JSON.parse(text);
    raw.accounts['1'].dir = '/elsewhere';
    fs.writeFileSync(cacheFile, JSON.stringify(raw));
    expect((await usageJson(['1'])).byId['1'].status).toBe('fresh');
    expect(calls('1')).toBe(2);

    // When asking fails, the last figures are still shown, with their age.
    api.usage.set(accessOf('1'), { kind: '500' });
    const failed = await usageJson(['--no-cache', '1']);
    expect(failed.byId['1']).toMatchObject({ status: 'failed', headroom: 39 });
    expect(failed.byId['1'].message).toMatch(/HTTP 500; showing figures from 1 min ago/);
    expect(failed.json.best).toBeNull();
  });

  it('honours Retry-After: a long one is remembered across runs, a short one is waited out once', async () => {
    account('long');
    account('short');
    api.usage.set(accessOf('long'), { kind: '429', retryAfter: '600' });
    api.usage.set(accessOf('short'), { kind: '429', retryAfter: '1', thenOk: SAMPLE_USAGE });
    register(sb, [{ id: 'long' }, { id: 'short' }]);

    const first = await usageJson();
    expect(first.byId.long.status).toBe('rate-limited');
    expect(first.byId.short).toMatchObject({ status: 'fresh', headroom: 39 });
    expect(calls('long')).toBe(1);
    expect(calls('short')).toBe(2);

    // Even --no-cache does not ask before the server's deadline.
    for (const args of [[], ['--no-cache']]) {
      const again = await usageJson(args);
      expect(again.byId.long.status).toBe('rate-limited');
      expect(again.byId.long.message).toMatch(/wait until/);
      expect(again.code).toBe(1);
    }
    expect(calls('long')).toBe(1);

    // Once the deadline has passed, it asks again (the deadline is moved into the past).
    const cacheFile = path.join(sb.configDir, 'state', 'usage-cache.json');
    const cache = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
    expect(cache.retryAfter.long).toBeGreaterThan(Date.now() + 500_000);
    cache.retryAfter.long = Date.now() - 1000;
    fs.writeFileSync(cacheFile, JSON.stringify(cache));
    api.usage.set(accessOf('long'), { kind: 'ok' });
    expect((await usageJson()).byId.long.status).toBe('fresh');
    expect(calls('long')).toBe(2);
  });

  it('asks at most 4 accounts at once', async () => {
    const ids = ['1', '2', '3', '4', '5', '6', '7', '8'];
    for (const id of ids) {
      account(id);
      api.usage.set(accessOf(id), { kind: 'ok', delayMs: 250 });
    }
    register(sb, ids.map((id) => ({ id })));
    const { code, json } = await usageJson();
    expect(code).toBe(0);
    expect(json.accounts.every((a: any) => a.status === 'fresh')).toBe(true);
    expect(api.maxInFlight).toBeLessThanOrEqual(4);
    expect(api.maxInFlight).toBeGreaterThan(1);
  });

  it('refreshes an expired token first, and after a 401 refreshes and asks again exactly once', async () => {
    const fresh = (id: string) => `sk-ant-oat01-TEST-${id}-renewed`;
    account('expired', -1 * H);
    account('rejected');
    account('stubborn');
    account('dead', -1 * H);
    account('fine');
    for (const id of ['expired', 'rejected', 'stubborn']) {
      api.grants.set(refreshOf(id), { access: fresh(id), refresh: `sk-ant-ort01-TEST-${id}-rotated`, expiresIn: 28_800 });
    }
    api.grants.set(refreshOf('dead'), { error: 'invalid_grant' });
    api.usage.set(fresh('expired'), { kind: 'ok', body: { five_hour: { utilization: 20, resets_at: null }, seven_day: { utilization: 30, resets_at: null } } });
    api.usage.set(accessOf('rejected'), { kind: '401' });
    api.usage.set(fresh('rejected'), { kind: 'ok' });
    api.usage.set(accessOf('stubborn'), { kind: '401' });
    api.usage.set(fresh('stubborn'), { kind: '401' });
    api.usage.set(accessOf('fine'), { kind: 'ok' });
    register(sb, ['expired', 'rejected', 'stubborn', 'dead', 'fine'].map((id) => ({ id })));

    const { byId, code } = await usageJson();
    const n = (token: string) => api.usageCalls.get(token) ?? 0;
    const t = (id: string) => api.tokenCalls.get(refreshOf(id)) ?? 0;
    // Expired: refreshed first, so the old token is never sent.
    expect(byId.expired).toMatchObject({ status: 'fresh', refreshed: true, headroom: 70, state: 'healthy' });
    expect([n(accessOf('expired')), n(fresh('expired')), t('expired')]).toEqual([0, 1, 1]);
    // 401: one refresh, one more ask.
    expect(byId.rejected).toMatchObject({ status: 'fresh', refreshed: true });
    expect([n(accessOf('rejected')), n(fresh('rejected')), t('rejected')]).toEqual([1, 1, 1]);
    // 401 again after the refresh: give up, no loop.
    expect(byId.stubborn).toMatchObject({ status: 'failed' });
    expect(byId.stubborn.message).toMatch(/401.*log in again/);
    expect([n(accessOf('stubborn')), n(fresh('stubborn')), t('stubborn')]).toEqual([1, 1, 1]);
    // A dead refresh token: skipped, never asked with a stale token.
    expect(byId.dead).toMatchObject({ status: 'skipped', state: 'expired' });
    expect(byId.dead.message).toMatch(/could not refresh/);
    expect(n(accessOf('dead'))).toBe(0);
    expect(byId.fine.status).toBe('fresh');
    expect(code).toBe(1);

    // The rotated tokens were written back (0600), and history has the evidence without tokens.
    const creds = JSON.parse(fs.readFileSync(path.join(sb.accountDir('expired'), '.credentials.json'), 'utf8'));
    expect(creds.claudeAiOauth.accessToken).toBe(fresh('expired'));
    expect(creds.claudeAiOauth.refreshToken).toBe('sk-ant-ort01-TEST-expired-rotated');
    expect(creds.claudeAiOauth.expiresAt).toBeGreaterThan(Date.now() + 7 * H);
    expect(fs.statSync(path.join(sb.accountDir('expired'), '.credentials.json')).mode & 0o777).toBe(0o600);
    const history = fs.readFileSync(path.join(sb.configDir, 'history.jsonl'), 'utf8');
    expectNoToken(history);
    const entries = history.trim().split('\n').map((l) => JSON.parse(l));
    const of = (id: string) => entries.filter((e) => e.account === id);
    expect(of('expired')).toMatchObject([{ method: 'oauth', result: 'refreshed', via: 'usage' }]);
    expect(of('expired')[0].lifespanMs).toBeGreaterThan(7.9 * H);
    expect(of('rejected')).toMatchObject([{ result: 'refreshed', via: 'usage' }]);
    expect(of('dead')).toMatchObject([{ result: 'needs-login', via: 'usage' }]);
    expect(of('fine')).toEqual([]);
  });

  it('simulates figures in the --demo sandbox without sending its tokens anywhere', async () => {
    const env = { ...sb.env };
    const r = await ctkAsync(['usage', '--json', '--demo', '--demo-dir', path.join(sb.root, 'demo')], env);
    expectNoToken(r.stdout, r.stderr);
    const json = JSON.parse(r.stdout);
    expect(json.accounts).toHaveLength(32);
    const by = (s: string) => json.accounts.filter((a: any) => a.status === s).map((a: any) => a.id).sort();
    expect(by('skipped')).toEqual(['101', '103', '25']);
    expect(by('fresh')).toHaveLength(29);
    expect(json.best).toBe(json.accounts[0].id);
    expect(api.usageCalls.size + api.tokenCalls.size).toBe(0);
  });

  it('explains bad arguments in one line', async () => {
    account('1');
    register(sb, [{ id: '1' }]);
    const bad = await ctkAsync(['usage', '--timeout', 'soon'], mockEnv(sb, api));
    expect(bad.code).toBe(64);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--timeout/);
    const unknown = await ctkAsync(['usage', '9'], mockEnv(sb, api));
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/unknown account 9/);
    const badBase = await ctkAsync(['usage'], { ...mockEnv(sb, api), CTK_API_BASE_URL: 'api.example.com' });
    expect(badBase.code).toBe(64);
    expect(badBase.stderr).toMatch(/CTK_API_BASE_URL must be an http\(s\) URL/);
    expect(api.usageCalls.size).toBe(0);
  });
});
