// Process-level safety of the browserless refresh: a Claude Code session holding the locks in
// another process, two ctk processes racing, Ctrl-C/SIGTERM mid-refresh, and SIGKILL at random
// moments during 200 refreshes. Child processes run the BUILT refreshWithToken.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectNoToken, makeSandbox, readJson, ROOT, writeAccount, type Sandbox } from '../helpers.js';
import { startMockOAuthServer, type MockOAuthServer } from '../fixtures/mock-oauth-server.js';

const REFRESH_CHILD = path.join(ROOT, 'test', 'fixtures', 'oauth-refresh-child.mjs');
const HOLD_LOCK_CHILD = path.join(ROOT, 'test', 'fixtures', 'hold-lock-child.mjs');
const LOCK_EXIT_CHILD = path.join(ROOT, 'test', 'fixtures', 'lock-exit-child.mjs');

let sb: Sandbox;
let server: MockOAuthServer;
let env: NodeJS.ProcessEnv;
const children: ChildProcess[] = [];

beforeEach(async () => {
  sb = makeSandbox('ctk-oauth-safety-');
  server = await startMockOAuthServer({ strict: true });
  env = { ...sb.env, CTK_OAUTH_TOKEN_URL: server.url, CTK_OAUTH_BACKOFF_MS: '20', CTK_LOCK_WAIT_MS: '15000' };
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await server.close();
  sb.cleanup();
});

interface Child {
  proc: ChildProcess;
  lines: string[];
  stderr: () => string;
  waitLine(pred: (l: string) => boolean, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(script: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Child {
  const proc = spawn(process.execPath, [script, ...args], { env: { ...env, ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(proc);
  const lines: string[] = [];
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (d: string) => {
    out += d;
    let i;
    while ((i = out.indexOf('\n')) >= 0) {
      lines.push(out.slice(0, i));
      out = out.slice(i + 1);
    }
    waiters.splice(0).forEach((w) => w());
  });
  proc.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('close', (code, signal) => {
      waiters.splice(0).forEach((w) => w());
      resolve({ code, signal });
    }),
  );
  const waitLine = (pred: (l: string) => boolean, timeoutMs = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting; lines: ${lines.join(' | ')}; stderr: ${err}`)), timeoutMs);
      const check = () => {
        const hit = lines.find(pred);
        if (hit !== undefined) {
          clearTimeout(timer);
          resolve(hit);
        } else if (proc.exitCode !== null || proc.signalCode !== null) {
          clearTimeout(timer);
          reject(new Error(`child exited; lines: ${lines.join(' | ')}; stderr: ${err}`));
        } else waiters.push(check);
      };
      check();
    });
  return { proc, lines, stderr: () => err, waitLine, exited };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const results = (c: Child) => c.lines.filter((l) => l.startsWith('{"n"')).map((l) => JSON.parse(l));
const credsFile = (id: string) => path.join(sb.accountDir(id), '.credentials.json');

function expectNoLocks(id: string) {
  const dir = sb.accountDir(id);
  expect(fs.existsSync(path.join(dir, '.oauth_refresh.lock'))).toBe(false);
  expect(fs.existsSync(`${fs.realpathSync(dir)}.lock`)).toBe(false);
  expect(fs.existsSync(path.join(dir, '.storage-write.lock'))).toBe(false);
}

async function waitFor(cond: () => boolean, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('alongside a Claude Code session', () => {
  it('waits while another process holds both refresh locks, then re-reads and does not refresh twice', async () => {
    const dir = writeAccount(sb, '1');
    const session = start(HOLD_LOCK_CHILD, [dir]);
    await session.waitLine((l) => l === 'locked');
    const ctk = start(REFRESH_CHILD, ['1', dir]);
    await ctk.waitLine((l) => l.includes('"ready"'));
    await sleep(600);
    expect(server.requests).toHaveLength(0); // still waiting for the lock
    expect(results(ctk)).toHaveLength(0);
    session.proc.stdin!.write('refresh\nrelease\n');
    await session.waitLine((l) => l === 'released');
    const line = JSON.parse(await ctk.waitLine((l) => l.startsWith('{"n"')));
    expect(line.outcome).toBe('already-refreshed');
    expect(server.requests).toHaveLength(0);
    expect(readJson(credsFile('1')).claudeAiOauth.refreshToken).toBe('sk-ant-ort01-SESSIONREFRESHED');
    expectNoToken(ctk.lines.join('\n'), ctk.stderr());
    expect((await ctk.exited).code).toBe(0);
    expectNoLocks('1');
  });

  it('two ctk processes refreshing the same account at once send exactly one request', async () => {
    const dir = writeAccount(sb, '1');
    server.setDefault({ kind: 'success', delayMs: 1500 });
    const a = start(REFRESH_CHILD, ['1', dir]);
    const b = start(REFRESH_CHILD, ['1', dir]);
    await Promise.all([a.exited, b.exited]);
    const outcomes = [...results(a), ...results(b)].map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['already-refreshed', 'refreshed']);
    expect(server.requests).toHaveLength(1);
    // the strict server accepts the stored refresh token now: the rotation was saved
    expect(readJson(credsFile('1')).claudeAiOauth.refreshToken).toBe(server.issued[0].refreshToken);
    expect(fs.statSync(credsFile('1')).mode & 0o777).toBe(0o600);
    expectNoLocks('1');
  });
});

describe('interrupted refreshes', () => {
  it('Ctrl-C while the request is in flight: saves the rotated token, releases the locks, exits by SIGINT', async () => {
    const dir = writeAccount(sb, '1');
    server.setDefault({ kind: 'success', delayMs: 800 });
    const ctk = start(REFRESH_CHILD, ['1', dir]);
    await waitFor(() => server.requests.length === 1);
    expect(fs.existsSync(path.join(dir, '.oauth_refresh.lock'))).toBe(true);
    ctk.proc.kill('SIGINT');
    const { code, signal } = await ctk.exited;
    // killed by the re-raised signal, or ended with 130 when nothing else was left to do
    expect(signal === 'SIGINT' || code === 130).toBe(true);
    expect(ctk.stderr()).toMatch(/finishing the token refresh in progress/);
    expect(readJson(credsFile('1')).claudeAiOauth.refreshToken).toBe(server.issued[0].refreshToken);
    expectNoLocks('1');
  });

  it('SIGTERM during a hung request: gives up after the short timeout, file untouched, locks released', async () => {
    const dir = writeAccount(sb, '1');
    const before = fs.readFileSync(credsFile('1'), 'utf8');
    server.setDefault({ kind: 'hang' });
    const ctk = start(REFRESH_CHILD, ['1', dir], { CTK_OAUTH_REQUEST_TIMEOUT_MS: '700' });
    await waitFor(() => server.requests.length === 1);
    ctk.proc.kill('SIGTERM');
    const { code, signal } = await ctk.exited;
    expect(signal === 'SIGTERM' || code === 143).toBe(true);
    expect(server.requests).toHaveLength(1); // no retry after the interrupt
    expect(fs.readFileSync(credsFile('1'), 'utf8')).toBe(before);
    expectNoLocks('1');
  });

  it('a second Ctrl-C aborts at once and still releases every lock', async () => {
    const dir = writeAccount(sb, '1');
    const before = fs.readFileSync(credsFile('1'), 'utf8');
    server.setDefault({ kind: 'hang' });
    const ctk = start(REFRESH_CHILD, ['1', dir], { CTK_OAUTH_REQUEST_TIMEOUT_MS: '20000' });
    await waitFor(() => server.requests.length === 1);
    const t0 = Date.now();
    ctk.proc.kill('SIGINT');
    await sleep(100);
    ctk.proc.kill('SIGINT');
    const { code } = await ctk.exited;
    expect(code).toBe(130);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(fs.readFileSync(credsFile('1'), 'utf8')).toBe(before);
    expectNoLocks('1');
  });
});

describe('leaving the process', () => {
  it('process.exit() anywhere while the locks are held still releases all three, newest first', async () => {
    const dir = writeAccount(sb, '1');
    const c = start(LOCK_EXIT_CHILD, [dir]);
    const { code } = await c.exited;
    expect(c.lines).toContain('holding');
    expect(code).toBe(7);
    const removed = JSON.parse(c.lines.find((l) => l.startsWith('removed '))!.slice('removed '.length));
    expect(removed).toEqual([path.join(dir, '.storage-write.lock'), `${fs.realpathSync(dir)}.lock`, path.join(dir, '.oauth_refresh.lock')]);
    expectNoLocks('1');
  });
});

describe('SIGKILL at random moments', () => {
  it('never leaves a missing, empty or half-written credentials file over 200 refreshes', async () => {
    const dir = writeAccount(sb, '1', { extra: { mcpOAuth: { 'srv|1': { accessToken: 'mcp-a', refreshToken: 'mcp-r' } } } });
    // Rotation may be lost when the kill lands between the server's answer and the write, so this
    // server accepts any refresh token; what is checked here is the file itself.
    await server.close();
    server = await startMockOAuthServer();
    env.CTK_OAUTH_TOKEN_URL = server.url;
    const known = new Set<string>([readJson(credsFile('1')).claudeAiOauth.refreshToken]);
    const file = credsFile('1');
    let refreshes = 0;
    let kills = 0;
    let reads = 0;
    const problems: string[] = [];
    const checkFile = (when: string) => {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err: any) {
        problems.push(`${when}: ${err.code}`);
        return;
      }
      reads++;
      try {
        const c = JSON.parse(text);
        for (const t of server.issued) known.add(t.refreshToken);
        if (!known.has(c.claudeAiOauth.refreshToken)) problems.push(`${when}: unknown refresh token`);
        if (c.mcpOAuth?.['srv|1']?.refreshToken !== 'mcp-r') problems.push(`${when}: MCP tokens lost`);
      } catch {
        problems.push(`${when}: ${text.length === 0 ? 'empty' : 'half-written'} file`);
      }
    };
    const started = Date.now();
    while (refreshes < 200 || kills < 20) {
      if (Date.now() - started > 220_000) throw new Error(`too slow: ${refreshes} refreshes in 220 s`);
      const ctk = start(REFRESH_CHILD, ['1', dir, '100000'], { CHILD_WARMUP: '1' });
      const poll = setInterval(() => checkFile('during'), 1);
      await ctk.waitLine((l) => l.includes('"ready"'));
      await sleep(20 + Math.random() * 380);
      ctk.proc.kill('SIGKILL');
      await ctk.exited;
      clearInterval(poll);
      kills++;
      refreshes += results(ctk).filter((r) => r.outcome === 'refreshed').length;
      // the first refresh after a kill may save what the killed one had obtained: that is recovery
      expect(results(ctk).filter((r) => r.outcome !== 'refreshed' && !/interrupted ctk refresh had obtained new tokens/.test(r.message))).toEqual([]);
      checkFile('after kill');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      // A killed process leaves its lock directories behind; Claude Code (and ctk) treat them
      // as stale after 10 s. Remove them instead of waiting, as if that time had passed.
      for (const l of [path.join(dir, '.oauth_refresh.lock'), `${fs.realpathSync(dir)}.lock`, path.join(dir, '.storage-write.lock')]) {
        fs.rmSync(l, { recursive: true, force: true });
      }
    }
    expect(problems).toEqual([]);
    expect(kills).toBeGreaterThanOrEqual(20);
    expect(reads).toBeGreaterThan(kills);
    // the file is still a working login that refreshes normally (the first refresh may instead
    // save what the last killed one had obtained: its reply's bytes reach the record at once)
    const last = start(REFRESH_CHILD, ['1', dir, '2']);
    await last.exited;
    const [first, second] = results(last);
    if (first.outcome !== 'refreshed') expect(first.message).toMatch(/interrupted ctk refresh had obtained new tokens/);
    expect(second.outcome).toBe('refreshed');
    console.log(`SIGKILL test: ${refreshes} refreshes, ${kills} kills, ${reads} concurrent reads in ${Date.now() - started} ms`);
  }, 240_000);
});
