// The browserless refresh against a real HTTP server on 127.0.0.1: the request Claude Code would
// send, rotation, error classification and retries, and Claude Code's locks. Uses the BUILT
// modules (dist/) in the test process; process-level safety is in oauth-safety.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectNoToken, makeSandbox, readJson, SAMPLES, writeAccount, type Sandbox } from '../helpers.js';
import { startMockOAuthServer, type MockOAuthServer } from '../fixtures/mock-oauth-server.js';
// @ts-ignore built module without type declarations
import { isKnownDead, refreshWithToken } from '../../dist/oauth/refresh-account.js';

let sb: Sandbox;
let server: MockOAuthServer;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  sb = makeSandbox('ctk-oauth-');
  server = await startMockOAuthServer();
  env = { ...sb.env, CTK_OAUTH_TOKEN_URL: server.url, CTK_OAUTH_BACKOFF_MS: '20', CTK_OAUTH_REQUEST_TIMEOUT_MS: '400', CTK_LOCK_WAIT_MS: '5000' };
});
afterEach(async () => {
  await server.close();
  sb.cleanup();
});

function account(id: string) {
  return { id, dir: sb.accountDir(id), implicit: false };
}
function credsFile(id: string) {
  return path.join(sb.accountDir(id), '.credentials.json');
}
function mode(file: string) {
  return fs.statSync(file).mode & 0o777;
}
function noLocksLeft(id: string) {
  const dir = sb.accountDir(id);
  expect(fs.existsSync(path.join(dir, '.oauth_refresh.lock'))).toBe(false);
  expect(fs.existsSync(`${fs.realpathSync(dir)}.lock`)).toBe(false);
  expect(fs.existsSync(path.join(dir, '.storage-write.lock'))).toBe(false);
}
async function refresh(id: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const r = await refreshWithToken(account(id), { env: { ...env, ...extraEnv } });
  expectNoToken(r.message, JSON.stringify(r));
  return r;
}

describe('the request', () => {
  it('posts exactly what Claude Code posts', async () => {
    writeAccount(sb, '1');
    const before = readJson(credsFile('1')).claudeAiOauth;
    await refresh('1');
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0];
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/oauth/token');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body).toEqual({
      grant_type: 'refresh_token',
      refresh_token: before.refreshToken,
      client_id: '9d1c250a-e61b-44d9-88ed-5944d1962f5e',
      scope: 'user:profile user:inference user:sessions:claude_code user:mcp_servers user:file_upload user:plugins',
    });
  });

  it('uses the stored clientId when there is one', async () => {
    writeAccount(sb, '1', { credentials: JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-a', refreshToken: 'sk-ant-ort01-b', expiresAt: Date.now() + 1000, scopes: [], clientId: 'custom-client' } }) });
    await refresh('1');
    expect(server.requests[0].body.client_id).toBe('custom-client');
  });
});

describe('a successful refresh', () => {
  it('writes the rotated tokens, the new expiresAt and the returned scopes, 0600, with a backup', async () => {
    writeAccount(sb, '1');
    const oldText = fs.readFileSync(credsFile('1'), 'utf8');
    const old = JSON.parse(oldText).claudeAiOauth;
    server.enqueue({ kind: 'success', expiresIn: 3600 });
    const t0 = Date.now();
    const r = await refresh('1');
    const t1 = Date.now();
    expect(r.outcome).toBe('refreshed');
    const now = readJson(credsFile('1')).claudeAiOauth;
    expect(now.accessToken).toBe(server.issued[0].accessToken);
    expect(now.refreshToken).toBe(server.issued[0].refreshToken);
    expect(now.refreshToken).not.toBe(old.refreshToken);
    expect(now.expiresAt).toBeGreaterThanOrEqual(t0 + 3600_000);
    expect(now.expiresAt).toBeLessThanOrEqual(t1 + 3600_000);
    expect(r.newExpiresAt).toBe(now.expiresAt);
    expect(r.oldExpiresAt).toBe(old.expiresAt);
    expect(now.scopes).toEqual(['user:inference', 'user:mcp_servers', 'user:profile', 'user:sessions:claude_code', 'user:file_upload']);
    expect(now.subscriptionType).toBe(old.subscriptionType);
    expect(now.rateLimitTier).toBe(old.rateLimitTier);
    expect(mode(credsFile('1'))).toBe(0o600);
    expect(r.refreshTokenFp).toMatch(/^[0-9a-f]{12}$/);
    expect(r.message).toMatch(/valid for/);
    // the previous file is kept, privately, in ctk's state folder
    const backups = path.join(sb.configDir, 'state', 'backups', '1');
    const files = fs.readdirSync(backups);
    expect(files).toHaveLength(1);
    expect(fs.readFileSync(path.join(backups, files[0]), 'utf8')).toBe(oldText);
    expect(mode(path.join(backups, files[0]))).toBe(0o600);
    expect(mode(backups)).toBe(0o700);
    // no temp file left behind
    expect(fs.readdirSync(sb.accountDir('1')).filter((f) => f.includes('.tmp.'))).toEqual([]);
    noLocksLeft('1');
  });

  it('keeps the old refresh token and the stored scopes when the reply has none', async () => {
    writeAccount(sb, '1');
    const old = readJson(credsFile('1')).claudeAiOauth;
    server.enqueue({ kind: 'success', rotate: false, scope: null });
    expect((await refresh('1')).outcome).toBe('refreshed');
    const now = readJson(credsFile('1')).claudeAiOauth;
    expect(now.refreshToken).toBe(old.refreshToken);
    expect(now.accessToken).not.toBe(old.accessToken);
    expect(now.scopes).toEqual(old.scopes);
  });

  it('keeps MCP tokens, unknown fields and every other key of the sample file', async () => {
    const sample = fs.readFileSync(path.join(SAMPLES, 'credentials.with-mcp-and-extra-fields.json'), 'utf8');
    writeAccount(sb, '1', { credentials: sample });
    expect((await refresh('1')).outcome).toBe('refreshed');
    const before = JSON.parse(sample);
    const after = readJson(credsFile('1'));
    expect(after.mcpOAuth).toEqual(before.mcpOAuth);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    const { accessToken, refreshToken, expiresAt, scopes, ...rest } = after.claudeAiOauth;
    const { accessToken: a0, refreshToken: r0, expiresAt: e0, scopes: s0, ...rest0 } = before.claudeAiOauth;
    expect(rest).toEqual(rest0); // refreshTokenExpiresAt, clientId, subscriptionType, rateLimitTier
    expect(refreshToken).not.toBe(r0);
  });

  it('keeps only the last few backups', async () => {
    writeAccount(sb, '1');
    for (let i = 0; i < 7; i++) expect((await refresh('1')).outcome).toBe('refreshed');
    expect(fs.readdirSync(path.join(sb.configDir, 'state', 'backups', '1'))).toHaveLength(5);
  });
});

describe('failures leave the credentials file untouched', () => {
  async function expectUntouched(id: string, run: () => Promise<any>) {
    const before = fs.readFileSync(credsFile(id));
    const st = fs.statSync(credsFile(id));
    const r = await run();
    expect(fs.readFileSync(credsFile(id)).equals(before)).toBe(true);
    expect(fs.statSync(credsFile(id)).ino).toBe(st.ino);
    expect(mode(credsFile(id))).toBe(0o600);
    noLocksLeft(id);
    return r;
  }

  it('invalid_grant: needs a login at once, no retry, and is remembered', async () => {
    writeAccount(sb, '1');
    server.setDefault({ kind: 'invalid_grant' });
    const r = await expectUntouched('1', () => refresh('1'));
    expect(r.outcome).toBe('needs-login');
    expect(r.oauthError).toBe('invalid_grant');
    expect(r.message).toMatch(/no longer valid.*log in again/);
    expect(server.requests).toHaveLength(1);
    expect(isKnownDead(account('1'), env)).toBe(true);
    const state = fs.readFileSync(path.join(sb.configDir, 'state', 'oauth-dead-tokens.json'), 'utf8');
    expectNoToken(state);
    // next time: straight to login, no request
    const again = await refresh('1');
    expect(again.outcome).toBe('needs-login');
    expect(server.requests).toHaveLength(1);
  });

  it('HTTP 500 three times: failed after 3 attempts', async () => {
    writeAccount(sb, '1');
    server.setDefault({ kind: '500' });
    const r = await expectUntouched('1', () => refresh('1'));
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(/HTTP 500/);
    expect(r.message).toMatch(/untouched/);
    expect(server.requests).toHaveLength(3);
    expect(isKnownDead(account('1'), env)).toBe(false);
  });

  it('a transient 500 is retried and then succeeds', async () => {
    writeAccount(sb, '1');
    server.enqueue({ kind: '500' });
    const r = await refresh('1');
    expect(r.outcome).toBe('refreshed');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].body.refresh_token).toBe(server.requests[0].body.refresh_token);
  });

  it('429 honours Retry-After before the next attempt', async () => {
    writeAccount(sb, '1');
    server.enqueue({ kind: '429', retryAfter: '1' });
    const r = await refresh('1');
    expect(r.outcome).toBe('refreshed');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].at - server.requests[0].at).toBeGreaterThanOrEqual(950);
  });

  it('429 with a Retry-After beyond the 30 s budget gives up at once', async () => {
    writeAccount(sb, '1');
    server.setDefault({ kind: '429', retryAfter: '120' });
    const r = await expectUntouched('1', () => refresh('1'));
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(/rate limiting.*wait 120 s/);
    expect(server.requests).toHaveLength(1);
  });

  it('a hung connection times out (short per-request timeout), 3 attempts', async () => {
    writeAccount(sb, '1');
    server.setDefault({ kind: 'hang' });
    const t0 = Date.now();
    const r = await expectUntouched('1', () => refresh('1'));
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(/no complete answer from 127\.0\.0\.1:\d+ within 0\.4 s/);
    expect(server.requests).toHaveLength(3);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('the overall budget (CTK_OAUTH_TIMEOUT_MS) bounds a hung endpoint', async () => {
    writeAccount(sb, '1');
    server.setDefault({ kind: 'hang' });
    const t0 = Date.now();
    const r = await expectUntouched('1', () => refresh('1', { CTK_OAUTH_REQUEST_TIMEOUT_MS: '10000', CTK_OAUTH_TIMEOUT_MS: '600' }));
    expect(r.outcome).toBe('failed');
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('malformed JSON: failed, not retried', async () => {
    writeAccount(sb, '1');
    server.setDefault({ kind: 'malformed' });
    const r = await expectUntouched('1', () => refresh('1'));
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(/malformed JSON/);
    expect(server.requests).toHaveLength(1);
  });

  it('an HTML 502 page from a proxy is retried, then reported as such', async () => {
    writeAccount(sb, '1');
    server.setDefault({ kind: 'html', status: 502 });
    const r = await expectUntouched('1', () => refresh('1'));
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(/HTTP 502 \(an HTML error page\)/);
    expect(server.requests).toHaveLength(3);
  });

  it('an HTML 403 page is final', async () => {
    writeAccount(sb, '1');
    server.setDefault({ kind: 'html', status: 403 });
    const r = await expectUntouched('1', () => refresh('1'));
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(/HTTP 403 with an HTML error page/);
    expect(server.requests).toHaveLength(1);
  });

  it('an unreachable endpoint is a network error', async () => {
    writeAccount(sb, '1');
    const url = server.url;
    await server.close();
    const r = await expectUntouched('1', () => refresh('1', { CTK_OAUTH_TOKEN_URL: url }));
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(/could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\); check the network/);
    server = await startMockOAuthServer();
  });

  it('no refresh token, revoked, missing or broken files need a login without any request', async () => {
    writeAccount(sb, 'revoked', { credentials: fs.readFileSync(path.join(SAMPLES, 'credentials.revoked-by-claude-code.json'), 'utf8') });
    writeAccount(sb, 'missing', { credentials: null });
    writeAccount(sb, 'apikey', { credentials: fs.readFileSync(path.join(SAMPLES, 'credentials.api-key-only.json'), 'utf8') });
    writeAccount(sb, 'broken', { credentials: '{"claudeAiOauth":{"accessTok' });
    for (const id of ['revoked', 'apikey', 'broken']) {
      const r = await expectUntouched(id, () => refresh(id));
      expect(r.outcome, id).toBe('needs-login');
    }
    expect((await refresh('missing')).outcome).toBe('needs-login');
    expect(fs.existsSync(credsFile('missing'))).toBe(false);
    expect(server.requests).toHaveLength(0);
  });
});

describe("Claude Code's locks", () => {
  it('holds <dir>/.oauth_refresh.lock and <realpath(dir)>.lock while posting, then releases both', async () => {
    writeAccount(sb, 'real');
    const link = path.join(sb.root, 'accounts', 'link');
    fs.symlinkSync(sb.accountDir('real'), link);
    server.enqueue({ kind: 'success', delayMs: 300 });
    const p = refreshWithToken({ id: 'link', dir: link, implicit: false }, { env });
    await new Promise((r) => setTimeout(r, 150));
    expect(fs.statSync(path.join(link, '.oauth_refresh.lock')).isDirectory()).toBe(true);
    expect(fs.statSync(`${sb.accountDir('real')}.lock`).isDirectory()).toBe(true); // realpath, not the link
    expect(fs.existsSync(`${link}.lock`)).toBe(false);
    expect((await p).outcome).toBe('refreshed');
    noLocksLeft('real');
  });

  it('waits while Claude Code holds the lock, then re-reads instead of refreshing twice', async () => {
    writeAccount(sb, '1');
    const lockDir = path.join(sb.accountDir('1'), '.oauth_refresh.lock');
    fs.mkdirSync(lockDir); // as Claude Code (proper-lockfile) does
    const p = refresh('1');
    await new Promise((r) => setTimeout(r, 400));
    expect(server.requests).toHaveLength(0);
    // Claude Code refreshes meanwhile and writes its new tokens
    const theirs = JSON.parse(fs.readFileSync(credsFile('1'), 'utf8'));
    theirs.claudeAiOauth.accessToken = 'sk-ant-oat01-FROMCLAUDECODE';
    theirs.claudeAiOauth.refreshToken = 'sk-ant-ort01-FROMCLAUDECODE';
    theirs.claudeAiOauth.expiresAt = Date.now() + 8 * 3600_000;
    fs.writeFileSync(credsFile('1') + '.tmp.cc', JSON.stringify(theirs), { mode: 0o600 });
    fs.renameSync(credsFile('1') + '.tmp.cc', credsFile('1'));
    fs.rmdirSync(lockDir);
    const r = await p;
    expect(r.outcome).toBe('already-refreshed');
    expect(r.newExpiresAt).toBe(theirs.claudeAiOauth.expiresAt);
    expect(server.requests).toHaveLength(0);
    expect(readJson(credsFile('1')).claudeAiOauth.refreshToken).toBe('sk-ant-ort01-FROMCLAUDECODE');
    noLocksLeft('1');
  });

  it('waits for a held lock and refreshes once it is released unchanged', async () => {
    writeAccount(sb, '1');
    const lockDir = `${fs.realpathSync(sb.accountDir('1'))}.lock`;
    fs.mkdirSync(lockDir);
    const p = refresh('1');
    await new Promise((r) => setTimeout(r, 300));
    expect(server.requests).toHaveLength(0);
    fs.rmdirSync(lockDir);
    expect((await p).outcome).toBe('refreshed');
    expect(server.requests).toHaveLength(1);
  });

  it('takes over a stale lock (mtime older than 60 s) left by a crashed process', async () => {
    writeAccount(sb, '1');
    const lockDir = path.join(sb.accountDir('1'), '.oauth_refresh.lock');
    fs.mkdirSync(lockDir);
    const old = new Date(Date.now() - 70_000);
    fs.utimesSync(lockDir, old, old);
    const t0 = Date.now();
    expect((await refresh('1')).outcome).toBe('refreshed');
    expect(Date.now() - t0).toBeLessThan(2000);
    noLocksLeft('1');
  });

  it('does not break a 20 s old lock: Claude Code 2.1.332 holds it up to 60 s (a suspended claude)', async () => {
    writeAccount(sb, '1');
    const before = fs.readFileSync(credsFile('1'), 'utf8');
    const lockDir = path.join(sb.accountDir('1'), '.oauth_refresh.lock');
    fs.mkdirSync(lockDir);
    const old = new Date(Date.now() - 20_000);
    fs.utimesSync(lockDir, old, old);
    const r = await refresh('1', { CTK_LOCK_WAIT_MS: '600' });
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(/stayed locked/);
    expect(server.requests).toHaveLength(0);
    expect(fs.readFileSync(credsFile('1'), 'utf8')).toBe(before);
    expect(fs.existsSync(lockDir)).toBe(true);
  });

  it('never breaks a lock, however old, whose owner record names a live process', async () => {
    writeAccount(sb, '1');
    const lockDir = path.join(sb.accountDir('1'), '.oauth_refresh.lock');
    fs.mkdirSync(lockDir);
    const old = new Date(Date.now() - 10 * 60_000);
    fs.utimesSync(lockDir, old, old);
    // what Claude Code 2.1.332 writes while it holds both refresh locks; this test process is alive
    fs.writeFileSync(path.join(sb.accountDir('1'), '.oauth_refresh.lock.owner'), JSON.stringify({ pid: process.pid, procStart: 'x', lockBirthtimeMs: old.getTime() }));
    const r = await refresh('1', { CTK_LOCK_WAIT_MS: '600' });
    expect(r.outcome).toBe('failed');
    expect(server.requests).toHaveLength(0);
    expect(fs.existsSync(lockDir)).toBe(true);
    // once the record names a process that is gone, the stale lock is taken over
    fs.writeFileSync(path.join(sb.accountDir('1'), '.oauth_refresh.lock.owner'), JSON.stringify({ pid: 2 ** 22 + 12345 }));
    expect((await refresh('1')).outcome).toBe('refreshed');
    // the dead holder's record is gone, so Claude Code cannot mistake our next lock for its own
    expect(fs.existsSync(path.join(sb.accountDir('1'), '.oauth_refresh.lock.owner'))).toBe(false);
  });

  it('gives up with a clear message when the lock stays held', async () => {
    writeAccount(sb, '1');
    const lockDir = path.join(sb.accountDir('1'), '.oauth_refresh.lock');
    fs.mkdirSync(lockDir);
    const keepFresh = setInterval(() => fs.utimesSync(lockDir, new Date(), new Date()), 200);
    try {
      const r = await refresh('1', { CTK_LOCK_WAIT_MS: '600' });
      expect(r.outcome).toBe('failed');
      expect(r.message).toMatch(/\.oauth_refresh\.lock stayed locked/);
      expect(server.requests).toHaveLength(0);
    } finally {
      clearInterval(keepFresh);
      fs.rmdirSync(lockDir);
    }
  });

  it('does not post while the locks are held by a retrying backoff', async () => {
    // Between attempts the locks are free, so Claude Code is never blocked by our sleep.
    writeAccount(sb, '1');
    server.enqueue({ kind: '429', retryAfter: '1' });
    const p = refresh('1');
    await new Promise((r) => setTimeout(r, 400));
    expect(server.requests).toHaveLength(1);
    expect(fs.existsSync(path.join(sb.accountDir('1'), '.oauth_refresh.lock'))).toBe(false);
    expect((await p).outcome).toBe('refreshed');
  });
});

describe('cancelling through opts.signal (a routine stopping)', () => {
  it('stops waiting for a held lock at once, without any request', async () => {
    writeAccount(sb, '1');
    const lockDir = path.join(sb.accountDir('1'), '.oauth_refresh.lock');
    fs.mkdirSync(lockDir);
    const ac = new AbortController();
    const p = refreshWithToken(account('1'), { env, signal: ac.signal });
    await new Promise((r) => setTimeout(r, 200));
    ac.abort();
    const r = await p;
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(/interrupted/);
    expect(server.requests).toHaveLength(0);
    fs.rmdirSync(lockDir);
    noLocksLeft('1');
  });

  it('never abandons a request already sent: the rotated token is saved', async () => {
    writeAccount(sb, '1');
    server.enqueue({ kind: 'success', delayMs: 250 });
    const ac = new AbortController();
    const p = refreshWithToken(account('1'), { env, signal: ac.signal });
    const until = Date.now() + 5000;
    while (server.requests.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    const r = await p;
    expect(r.outcome).toBe('refreshed');
    expect(readJson(credsFile('1')).claudeAiOauth.refreshToken).toBe(server.issued[0].refreshToken);
    noLocksLeft('1');
  });

  it('does not retry after the caller stopped', async () => {
    writeAccount(sb, '1');
    server.setDefault({ kind: '500' });
    const ac = new AbortController();
    const p = refreshWithToken(account('1'), { env: { ...env, CTK_OAUTH_BACKOFF_MS: '2000' }, signal: ac.signal });
    const until = Date.now() + 5000;
    while (server.requests.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    ac.abort();
    const r = await p;
    expect(r.outcome).toBe('failed');
    expect(server.requests).toHaveLength(1);
  });
});
