// ctk watch as a real process: temp accounts, a webhook receiver on 127.0.0.1 in this process,
// credentials files edited across the thresholds while the watcher runs.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, ctk, ctkAsync, expectNoToken, H, makeSandbox, register, writeAccount, type Sandbox } from '../helpers.js';
import { startMockOAuthServer } from '../fixtures/mock-oauth-server.js';

type Mode = 'ok' | '500' | 'hang';

interface Receiver {
  url: string;
  bodies: any[];
  raw: string[];
  /** Every POST, answered or not. */
  hits: number;
  mode: Mode;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const r: Receiver = { url: '', bodies: [], raw: [], hits: 0, mode: 'ok', close: async () => {} };
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (d) => (text += d));
    req.on('end', () => {
      r.hits++;
      r.raw.push(text);
      if (r.mode === 'hang') {
        hanging.push(res);
        return;
      }
      if (r.mode === '500') {
        res.statusCode = 500;
        res.end('broken');
        return;
      }
      r.bodies.push(JSON.parse(text));
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/secret-path`;
  r.close = () =>
    new Promise<void>((resolve) => {
      for (const h of hanging) h.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return r;
}

interface Watcher {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  /** Number of finished checks (one summary line each). */
  checks: () => number;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

function startWatch(args: string[], env: NodeJS.ProcessEnv): Watcher {
  const child = spawn(process.execPath, [CLI, 'watch', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    out: () => out,
    err: () => err,
    checks: () => (out.match(/^\d\d:\d\d:\d\d {2}\d+ accounts?:/gm) ?? []).length,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

async function until(what: string, cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until `n` more checks have finished. */
async function checksPass(w: Watcher, n: number): Promise<void> {
  const target = w.checks() + n;
  await until(`${n} more checks`, () => w.checks() >= target, 20_000);
}

function setExpiry(sb: Sandbox, id: string, expiresAt: number): void {
  const file = path.join(sb.accountDir(id), '.credentials.json');
  const c = JSON.parse(fs.readFileSync(file, 'utf8'));
  c.claudeAiOauth.expiresAt = expiresAt;
  fs.writeFileSync(file, JSON.stringify(c), { mode: 0o600 });
}

const events = (r: Receiver) => r.bodies.map((b) => `${b.account.id}:${b.event}`);

let sb: Sandbox;
let rx: Receiver;
let watchers: Watcher[] = [];

beforeEach(async () => {
  sb = makeSandbox('ctk-watch-');
  rx = await startReceiver();
  watchers = [];
});
afterEach(async () => {
  for (const w of watchers) await w.stop('SIGKILL');
  await rx.close();
  sb.cleanup();
});

function watch(args: string[], env: NodeJS.ProcessEnv = sb.env): Watcher {
  const w = startWatch(args, env);
  watchers.push(w);
  return w;
}

describe('ctk watch --interval 1s with a webhook', () => {
  it('sends exactly one webhook per transition, none again after a restart, and never a token', { timeout: 90_000 }, async () => {
    for (const id of ['1', '2', '3']) writeAccount(sb, id, { expiresIn: 6 * H });
    register(sb, [{ id: '1', label: 'work' }, { id: '2' }, { id: '3' }], { notify: { desktop: false, webhookUrl: rx.url } });

    const w = watch(['--interval', '1s']);
    await until('the first check', () => w.checks() >= 1);
    await checksPass(w, 1);
    expect(rx.bodies).toEqual([]); // all healthy: nothing to say

    setExpiry(sb, '1', Date.now() + 1 * H); // into the warning window
    await until('token.expiring', () => rx.bodies.length >= 1);
    await checksPass(w, 2);
    expect(events(rx)).toEqual(['1:token.expiring']);
    const body = rx.bodies[0];
    expect(Object.keys(body)).toEqual(['event', 'account', 'expiresAt', 'msLeft', 'at']);
    expect(body.account).toEqual({ id: '1', label: 'work', email: 'dev1@example.com' });
    expect(body.msLeft).toBeGreaterThan(0.9 * H);
    expect(body.msLeft).toBeLessThanOrEqual(H);
    expect(Date.parse(body.at)).toBeGreaterThan(Date.now() - 60_000);

    setExpiry(sb, '1', Date.now() - 60_000); // past expiry
    fs.rmSync(sb.accountDir('2'), { recursive: true, force: true }); // a vanished folder
    fs.writeFileSync(path.join(sb.accountDir('3'), '.credentials.json'), '{"claudeAiOauth": {broken', { mode: 0o600 }); // a broken file
    await until('three more alerts', () => rx.bodies.length >= 4);
    await checksPass(w, 2);
    expect(events(rx).sort()).toEqual(['1:token.expired', '1:token.expiring', '2:token.missing', '3:token.invalid']);
    expect(w.out()).toMatch(/ 1 +expiring → expired/);
    expect(w.out()).toMatch(/ 2 +healthy → missing/);

    const code = await w.stop('SIGTERM');
    expect(code).toBe(143);
    expect(w.err()).toContain('SIGTERM: stopping after this check');

    // A restarted watcher remembers what it already said.
    const w2 = watch(['--interval', '1s']);
    await until('checks after the restart', () => w2.checks() >= 3);
    expect(rx.bodies).toHaveLength(4);
    expect(await w2.stop('SIGINT')).toBe(130);

    // A new token that expires again is a new transition.
    setExpiry(sb, '1', Date.now() + 8 * H);
    const w3 = watch(['--interval', '1s']);
    await until('a check', () => w3.checks() >= 1);
    setExpiry(sb, '1', Date.now() + 30 * 60_000);
    await until('a second token.expiring', () => rx.bodies.length >= 5);
    await checksPass(w3, 1);
    expect(events(rx).slice(4)).toEqual(['1:token.expiring']);
    await w3.stop();

    for (const raw of rx.raw) expect(raw).not.toContain('sk-ant-');
    expectNoToken(w.out(), w.err(), w2.out(), w2.err(), w3.out(), w3.err());
    const stateFile = path.join(sb.configDir, 'state', 'watch-state.json');
    expect(fs.statSync(stateFile).mode & 0o777).toBe(0o600);
    expectNoToken(fs.readFileSync(stateFile, 'utf8'));
  });

  it('survives a receiver that answers 500 (3 tries, then dropped) or hangs (timeout, retried later)', { timeout: 90_000 }, async () => {
    writeAccount(sb, '1', { expiresIn: 1 * H });
    writeAccount(sb, '2', { expiresIn: 6 * H });
    register(sb, [{ id: '1' }, { id: '2' }], { notify: { desktop: false, webhookUrl: rx.url } });
    rx.mode = '500';
    const env = { ...sb.env, CTK_WEBHOOK_TIMEOUT_MS: '1500' };
    const w = watch(['--interval', '1s'], env);
    await until('three tries', () => rx.hits >= 3);
    await checksPass(w, 3);
    expect(rx.hits).toBe(3); // exactly 3 tries for the one alert, then given up
    expect(w.err()).toContain('webhook: token.expiring for account 1 failed (HTTP 500); will retry at the next check (try 1 of 3)');
    expect(w.err()).toContain('gave up on token.expiring for account 1 after 3 tries (HTTP 500)');
    expect(w.err()).not.toContain('secret-path'); // the webhook URL's path may be a secret

    rx.mode = 'hang';
    setExpiry(sb, '2', Date.now() - 1000);
    await until('a hanging POST', () => rx.hits >= 4);
    await until('the timeout to be logged', () => /token\.expired for account 2 failed \(no answer within 2 s\)/.test(w.err()), 10_000);
    const before = w.checks();
    rx.mode = 'ok';
    await until('the retried alert', () => rx.bodies.length >= 1, 10_000);
    await checksPass(w, 1);
    expect(w.checks()).toBeGreaterThan(before);
    expect(events(rx)).toEqual(['2:token.expired']);
    expect(w.child.exitCode).toBe(null); // still running
    expect(await w.stop()).toBe(143);
    expectNoToken(w.out(), w.err());
  });
});

describe('ctk watch --once', () => {
  it('runs one check, shows desktop notifications through notify-send when it is on PATH, and stamps the last run', () => {
    writeAccount(sb, '12', { expiresIn: 40 * 60_000 });
    writeAccount(sb, '13', { expiresIn: 6 * H });
    register(sb, [{ id: '12' }, { id: '13' }]);
    const bin = path.join(sb.root, 'bin');
    fs.mkdirSync(bin);
    const log = path.join(sb.root, 'notify-send.log');
    fs.writeFileSync(path.join(bin, 'notify-send'), `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a" >> '${log}'; done\necho --- >> '${log}'\n`, { mode: 0o755 });
    const env = { ...sb.env, PATH: `${bin}${path.delimiter}${sb.env.PATH}` };
    const r = ctk(['watch', '--once'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 accounts: 1 healthy, 1 expiring {2}· {2}1 alert/);
    expect(r.stdout).toMatch(/12 +expiring {2}\d+ min left {2}→ alert token\.expiring/);
    const argv = fs.readFileSync(log, 'utf8').split('\n');
    expect(argv[0]).toMatch(/^ctk: account 12 expires in (39|40) min$/);
    expect(argv[1]).toContain('ctk refresh 12');
    expect(argv[1]).toContain('c 12 then claude auth login');
    expect(argv).toContain('--urgency');
    expectNoToken(r.stdout, r.stderr, fs.readFileSync(log, 'utf8'));

    const last = JSON.parse(fs.readFileSync(path.join(sb.configDir, 'state', 'watch-last-run.json'), 'utf8'));
    expect(last).toMatchObject({ once: true, accounts: 2, alerts: 1, summary: { healthy: 1, expiring: 1 } });

    // The same state again: no second notification.
    const again = ctk(['watch', '--once'], env);
    expect(again.code).toBe(0);
    expect(fs.readFileSync(log, 'utf8').split('---').length - 1).toBe(1);

    // notify.desktop=false turns them off; without notify-send the watcher says so and goes on.
    register(sb, [{ id: '12' }, { id: '13' }], { notify: { desktop: false } });
    setExpiry(sb, '13', Date.now() - 1000);
    expect(ctk(['watch', '--once'], env).code).toBe(0);
    expect(fs.readFileSync(log, 'utf8').split('---').length - 1).toBe(1);
    register(sb, [{ id: '12' }, { id: '13' }]);
    const noBin = ctk(['watch', '--once'], { ...sb.env, PATH: path.dirname(process.execPath) });
    expect(noBin.code).toBe(0);
    expect(noBin.stderr).toContain('desktop notifications are off: notify-send is not installed');
  });

  it('two watchers at once (a scheduled run beside a foreground one) still alert only once', async () => {
    const expiresIn: Record<string, number> = { '1': -H, '2': -60_000, '3': H, '4': 5 * H };
    for (const id of ['1', '2', '3', '4']) writeAccount(sb, id, { expiresIn: expiresIn[id] });
    register(sb, ['1', '2', '3', '4'].map((id) => ({ id })), { notify: { desktop: false, webhookUrl: rx.url } });
    const runs = await Promise.all([1, 2, 3].map(() => ctkAsync(['watch', '--once'], sb.env)));
    for (const r of runs) expect(r.code).toBe(0);
    expect(events(rx).sort()).toEqual(['1:token.expired', '2:token.expired', '3:token.expiring']);
  });

  it('starts over, with a warning, from a damaged state file', () => {
    writeAccount(sb, '1', { credentials: null });
    register(sb, [{ id: '1' }], { notify: { desktop: false } });
    fs.mkdirSync(path.join(sb.configDir, 'state'), { recursive: true });
    fs.writeFileSync(path.join(sb.configDir, 'state', 'watch-state.json'), '{"accounts": [tru');
    const r = ctk(['watch', '--once'], sb.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('watch-state.json is damaged; starting with no alert memory');
    expect(r.stdout).toContain('alert token.missing');
    const again = ctk(['watch', '--once'], sb.env);
    expect(again.stderr).not.toContain('damaged');
    expect(again.stdout).not.toContain('alert');
  });

  it('prints one JSON line per check with --json', () => {
    writeAccount(sb, '1', { credentials: null });
    register(sb, [{ id: '1' }], { notify: { desktop: false } });
    const r = ctk(['watch', '--once', '--json'], sb.env);
    expect(r.code).toBe(0);
    const line = JSON.parse(r.stdout.trim());
    expect(line).toMatchObject({ schemaVersion: 1, summary: { missing: 1 }, alerts: [{ event: 'token.missing', account: { id: '1' } }] });
  });

  it('rejects a bad interval in one line', () => {
    register(sb, [{ id: '1' }]);
    for (const bad of ['0.5s', 'soon']) {
      const r = ctk(['watch', '--interval', bad], sb.env);
      expect(r.code).toBe(64);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^ctk: .*interval/);
    }
  });
});

describe('ctk watch --auto-refresh', () => {
  it('renews an expiring token (token.refreshed, history via watch) and alerts once when a refresh needs a login', async () => {
    const oauth = await startMockOAuthServer();
    try {
      writeAccount(sb, '1', { expiresIn: 30 * 60_000 });
      writeAccount(sb, '2', { expiresIn: 45 * 60_000 });
      writeAccount(sb, '3', { expiresIn: 6 * H });
      register(sb, [{ id: '1' }, { id: '2' }, { id: '3' }], { notify: { desktop: false, webhookUrl: rx.url } });
      oauth.enqueue({ kind: 'success', expiresIn: 8 * 3600 }, { kind: 'invalid_grant' });
      const env = { ...sb.env, CTK_OAUTH_TOKEN_URL: oauth.url, CTK_OAUTH_BACKOFF_MS: '20' };
      const r = await ctkAsync(['watch', '--once', '--auto-refresh'], env);
      expect(r.code).toBe(0);
      expect(events(rx)).toEqual(['1:token.refreshed', '2:token.refresh_failed']);
      expect(rx.bodies[0].msLeft).toBeGreaterThan(7.9 * H);
      const creds = JSON.parse(fs.readFileSync(path.join(sb.accountDir('1'), '.credentials.json'), 'utf8'));
      expect(creds.claudeAiOauth.expiresAt).toBeGreaterThan(Date.now() + 7.9 * H);
      const hist = fs.readFileSync(path.join(sb.configDir, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(hist.map((h: any) => [h.account, h.result, h.via])).toEqual([
        ['1', 'refreshed', 'watch'],
        ['2', 'needs-login', 'watch'],
      ]);
      expect(r.stdout).toMatch(/1 +auto-refresh: refreshed/);
      expect(r.stdout).toMatch(/2 +auto-refresh failed/);

      // The dead refresh token is not tried again, and the failure is not alerted twice.
      const requests = oauth.requests.length;
      const again = await ctkAsync(['watch', '--once', '--auto-refresh'], env);
      expect(again.code).toBe(0);
      expect(oauth.requests.length).toBe(requests);
      expect(rx.bodies).toHaveLength(2);
      for (const raw of rx.raw) expect(raw).not.toContain('sk-ant-');
      expectNoToken(r.stdout, r.stderr, again.stdout, again.stderr, fs.readFileSync(path.join(sb.configDir, 'history.jsonl'), 'utf8'));
    } finally {
      await oauth.close();
    }
  });
});

