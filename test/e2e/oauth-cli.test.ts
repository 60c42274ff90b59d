// The browserless refresh through the built CLI, as a schedule or a user runs it: no terminal,
// a loopback token endpoint, bounded concurrency, history, the remembered dead token, and the
// --demo sandbox's simulated endpoint (no internet).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ctkAsync, expectNoToken, H, makeSandbox, readJson, type Sandbox } from '../helpers.js';
import { startMockOAuthServer, type MockOAuthServer } from '../fixtures/mock-oauth-server.js';
import { routineWorld, type World } from './routines-world.js';

let world: World | null = null;
let server: MockOAuthServer | null = null;
let sb: Sandbox | null = null;
afterEach(async () => {
  world?.cleanup();
  world = null;
  sb?.cleanup();
  sb = null;
  await server?.close();
  server = null;
});

async function run(w: World, args: string[], extra: NodeJS.ProcessEnv = {}) {
  const r = await ctkAsync(args, { ...w.env, CTK_OAUTH_TOKEN_URL: server!.url, CTK_OAUTH_BACKOFF_MS: '10', ...extra }, { timeout: 30_000 });
  expectNoToken(r.stdout, r.stderr);
  return r;
}

const credsPath = (w: World, id: string) => path.join(w.sb.accountDir(id), '.credentials.json');

describe('ctk refresh --all --method oauth --yes (no terminal)', () => {
  it('refreshes every account due, 4 at a time, writes history, leaves healthy ones alone', async () => {
    server = await startMockOAuthServer({ strict: true, defaultReply: { kind: 'success', delayMs: 200 } });
    const due = ['e1', 'e2', 'e3', 'x1', 'x2', 'x3'];
    world = routineWorld({
      e1: { expiresIn: 0.5 * H },
      e2: { expiresIn: 1 * H },
      e3: { expiresIn: 1.5 * H },
      x1: { expiresIn: -1 * H },
      x2: { expiresIn: -5 * H },
      x3: { expiresIn: -30 * H },
      h1: { expiresIn: 6 * H },
      h2: { expiresIn: 7 * H },
    });
    const w = world;
    const healthyBefore = ['h1', 'h2'].map((id) => fs.readFileSync(credsPath(w, id), 'utf8'));
    const before = Object.fromEntries(due.map((id) => [id, readJson(credsPath(w, id)).claudeAiOauth]));
    const t0 = Date.now();
    const r = await run(w, ['refresh', '--all', '--method', 'oauth', '--yes']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(server.requests).toHaveLength(due.length);
    expect(server.maxInFlight).toBeGreaterThan(1);
    expect(server.maxInFlight).toBeLessThanOrEqual(4);
    const issuedRefresh = new Set(server.issued.map((t) => t.refreshToken));
    for (const id of due) {
      const now = readJson(credsPath(w, id)).claudeAiOauth;
      expect(issuedRefresh.has(now.refreshToken), id).toBe(true);
      expect(now.expiresAt).toBeGreaterThanOrEqual(t0 + 28800_000);
      expect(now.subscriptionType).toBe(before[id].subscriptionType);
      expect(fs.statSync(credsPath(w, id)).mode & 0o777).toBe(0o600);
    }
    expect(['h1', 'h2'].map((id) => fs.readFileSync(credsPath(w, id), 'utf8'))).toEqual(healthyBefore);
    expect(w.calls()).toEqual([]); // no browser, no claude
    const hist = w.history();
    expect(hist.filter((e) => e.method === 'oauth' && e.result === 'refreshed').map((e) => e.account).sort()).toEqual([...due].sort());
    for (const e of hist) expect(e.refreshTokenFp).toMatch(/^[0-9a-f]{12}$/);
    expectNoToken(fs.readFileSync(path.join(w.sb.configDir, 'history.jsonl'), 'utf8'));
  });

  it('honours the refreshConcurrency setting', async () => {
    server = await startMockOAuthServer({ defaultReply: { kind: 'success', delayMs: 150 } });
    world = routineWorld(Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((id) => [id, { expiresIn: 0.5 * H }])), { refreshConcurrency: 2 });
    const r = await run(world, ['refresh', '--all', '--method', 'oauth', '--yes']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(server.requests).toHaveLength(5);
    expect(server.maxInFlight).toBe(2);
  });

  it('a failing endpoint: exit 2, one row per account, files untouched', async () => {
    server = await startMockOAuthServer({ defaultReply: { kind: '500' } });
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: -1 * H } });
    const w = world;
    const before = ['a', 'b'].map((id) => fs.readFileSync(credsPath(w, id), 'utf8'));
    const r = await run(w, ['refresh', '--all', '--method', 'oauth', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/HTTP 500/);
    expect(server.requests).toHaveLength(6); // 3 attempts each, no more
    expect(['a', 'b'].map((id) => fs.readFileSync(credsPath(w, id), 'utf8'))).toEqual(before);
  });
});

describe('a dead refresh token', () => {
  it('is remembered: the next `auto` run goes straight to the guided login without asking the server', async () => {
    server = await startMockOAuthServer({ defaultReply: { kind: 'invalid_grant' } });
    world = routineWorld({ a: { expiresIn: 0.5 * H } });
    const w = world;
    const before = fs.readFileSync(credsPath(w, 'a'), 'utf8');
    const first = await run(w, ['refresh', 'a', '--method', 'oauth']);
    expect(first.code).toBe(2);
    expect(server.requests).toHaveLength(1);
    // invalid_grant leaves the file as it was (Claude Code would wipe it)
    expect(fs.readFileSync(credsPath(w, 'a'), 'utf8')).toBe(before);
    const second = await run(w, ['refresh', 'a', '--method', 'auto', '--yes']);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(server.requests).toHaveLength(1);
    expect(w.loggedIn()).toEqual(['a']);
    // the dead token is known before the run, so auto plans a login straight away
    // history names what the server said (the same line whichever command refreshed)
    expect(w.history().map((e) => [e.method, e.result])).toEqual([
      ['oauth', 'needs-login'],
      ['login', 'refreshed'],
    ]);
  });
});

describe('--demo', () => {
  it('refreshes the sandbox against the simulated endpoint on 127.0.0.1 (no internet, no CTK_OAUTH_TOKEN_URL)', async () => {
    sb = makeSandbox('ctk-oauth-demo-');
    const demoDir = path.join(sb.root, 'demo');
    const env = { ...sb.env };
    delete env.CTK_OAUTH_TOKEN_URL;
    const r = await ctkAsync(['refresh', '--all', '--method', 'oauth', '--yes', '--demo', '--demo-dir', demoDir], env, { timeout: 30_000 });
    expectNoToken(r.stdout, r.stderr);
    // 25 (revoked) and 101 (missing) need a browser, and 9's refresh token is the sandbox's dead
    // one (the simulated endpoint answers invalid_grant), so the routine ends with 2
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).toMatch(/9, 25, 101: log in: ctk refresh 9 25 101 --method login/);
    const s = await ctkAsync(['status', '--json', '--demo', '--demo-dir', demoDir], env);
    const states = Object.fromEntries(JSON.parse(s.stdout).accounts.map((a: any) => [a.id, a.state]));
    for (const id of ['4', '17', '6', '14', '22']) expect(states[id], id).toBe('healthy');
    expect(states['9']).toBe('expiring');
    expect(states['25']).toBe('revoked');
    const c = readJson(path.join(demoDir, 'accounts', '6', '.credentials.json')).claudeAiOauth;
    expect(c.refreshToken).toMatch(/^sk-ant-ort01-DEMO/);
    expect(c.expiresAt).toBeGreaterThan(Date.now() + 7 * H);
  });
});
