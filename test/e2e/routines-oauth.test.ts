// The routines' method dispatch against a loopback token endpoint: `auto` refreshes with the
// stored refresh token, and falls through to a guided login (same run) when that token is dead.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, ctkAsync, expectNoToken } from '../helpers.js';
import { startMockOAuthServer, type MockOAuthServer } from '../fixtures/mock-oauth-server.js';
import { expectNoStack, H, routineWorld, type World } from './routines-world.js';

let world: World | null = null;
let server: MockOAuthServer | null = null;
afterEach(async () => {
  world?.cleanup();
  world = null;
  await server?.close();
  server = null;
});

const REVOKED = JSON.stringify({ claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0, scopes: ['user:inference'] } });

async function routine(w: World, args: string[]) {
  const env = { ...w.env, CTK_OAUTH_TOKEN_URL: server!.url, CTK_OAUTH_BACKOFF_MS: '10' };
  const r = await ctkAsync(args, env);
  expectNoToken(r.stdout, r.stderr);
  expectNoStack(r.stdout, r.stderr);
  return r;
}

describe('--method auto', () => {
  it('refreshes without a browser where it can and logs in the rest in the same run', async () => {
    server = await startMockOAuthServer();
    // Queue order is by urgency and one refresh at a time, so replies line up: a succeeds, b is dead.
    server.enqueue({ kind: 'success', expiresIn: 28800 }, { kind: 'invalid_grant' });
    world = routineWorld(
      { a: { expiresIn: 0.5 * H }, b: { expiresIn: 1 * H }, c: { credentials: REVOKED }, d: { expiresIn: 9 * H } },
      { refreshConcurrency: 1 },
    );
    const w = world;
    const r = await routine(w, ['morning', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.results.map((x: any) => [x.id, x.method, x.result])).toEqual([
      ['c', 'login', 'refreshed'],
      ['a', 'oauth', 'refreshed'],
      ['b', 'login', 'refreshed'],
    ]);
    expect(server.requests).toHaveLength(2);
    // Only the accounts that needed a browser saw claude.
    expect(w.loggedIn().sort()).toEqual(['b', 'c']);
    const h = w.history().map((e) => [e.account, e.method, e.result]);
    expect(h).toContainEqual(['a', 'oauth', 'refreshed']);
    expect(h).toContainEqual(['b', 'oauth', 'needs-login']);
    expect(h).toContainEqual(['b', 'login', 'refreshed']);
    expect(h).toContainEqual(['c', 'login', 'refreshed']);
    const a = w.history().find((e) => e.account === 'a');
    expect(a.refreshTokenFp).toMatch(/^[0-9a-f]{6,}$/);
    expect(a.via).toBe('morning');
  });

  it('--method oauth reports a dead refresh token as failed with the login to run', async () => {
    server = await startMockOAuthServer({ defaultReply: { kind: 'invalid_grant' } });
    world = routineWorld({ a: { expiresIn: 0.5 * H } });
    const r = await routine(world, ['refresh', 'a', '--method', 'oauth']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/a: log in: ctk refresh a --method login/);
    expect(world.calls()).toEqual([]);
    expect(world.history().map((e) => [e.method, e.result])).toEqual([['oauth', 'needs-login']]);
  });

  it('an endpoint out of reach says to check the network, not to log in, and leaves the login alone', async () => {
    // A port that was just free: nothing listens there, so the connection is refused.
    const closed = await startMockOAuthServer();
    const url = closed.url;
    await closed.close();
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: 1 * H } });
    const before = world.snapshot();
    const r = await ctkAsync(['refresh', 'a', 'b', '--method', 'auto'], { ...world.env, CTK_OAUTH_TOKEN_URL: url, CTK_OAUTH_BACKOFF_MS: '10' });
    expectNoToken(r.stdout, r.stderr);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(r.stdout).toMatch(/^ {2}a, b: check the network, then try again: ctk refresh a b$/m);
    expect(r.stdout).not.toMatch(/--method login/);
    expect(world.calls()).toEqual([]);
    // The accounts' files are as they were; only the history has the two attempts.
    const accountsOnly = (snap: Record<string, string>) => Object.fromEntries(Object.entries(snap).filter(([k]) => k.startsWith('accounts/')));
    expect(accountsOnly(world.snapshot())).toEqual(accountsOnly(before));
    expect(world.history().map((e) => `${e.account} ${e.result}`).sort()).toEqual(['a failed', 'b failed']);
  });

  it('Ctrl-C while refreshing without a browser stops the routine and still prints the summary', async () => {
    server = await startMockOAuthServer({ defaultReply: { kind: 'hang' } });
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: 1 * H }, c: { expiresIn: 1.5 * H } }, { refreshConcurrency: 1 });
    // A POST already sent is waited for (its reply may carry the only copy of a rotated token),
    // so keep the per-request timeout short here.
    const env = { ...world.env, CTK_OAUTH_TOKEN_URL: server.url, CTK_OAUTH_REQUEST_TIMEOUT_MS: '1500' };
    const child = spawn(process.execPath, [CLI, 'morning', '--yes', '--method', 'oauth'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const t0 = Date.now();
    while (server.requests.length === 0 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 20));
    expect(server.requests.length).toBe(1);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(code, stdout + stderr).toBe(2);
    expect(stderr).toMatch(/Stopping after the current step/);
    expect(stdout).toMatch(/3 queued: 3 skipped \(stopped\)/);
    expect(stdout.replace(/\s+/g, ' ')).toMatch(/c .*routine stopped before this account/);
    // Only the refresh in flight was attempted; nothing else reached the server.
    expect(server.requests.length).toBe(1);
    expectNoToken(stdout, stderr);
    expectNoStack(stdout, stderr);
  });
});
