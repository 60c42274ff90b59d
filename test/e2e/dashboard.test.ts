// ctk dashboard as a user runs it: the built CLI serving on 127.0.0.1, a loopback token server
// behind "refresh now", raw HTTP for the requests it must refuse, and Debian's chromium driven
// headless by playwright-core for the page itself (skipped, saying so, without chromium).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ctk, expectNoToken, H, makeSandbox, register, writeAccount, type Sandbox } from '../helpers.js';
import { startMockOAuthServer, type MockOAuthServer } from '../fixtures/mock-oauth-server.js';
import { findTool, pollUntil, skipNote } from './prom-tools.js';

const CHROMIUM = findTool('chromium', 'chromium-browser');
skipNote(CHROMIUM ? [] : ['chromium'], 'the dashboard browser test');

let sb: Sandbox;
let mock: MockOAuthServer;
let child: ChildProcess;
let url: URL;
let stderr = '';
const D = 24 * H;

function tokens(): string[] {
  const out: string[] = [...mock.issued.flatMap((t) => [t.accessToken, t.refreshToken])];
  for (const id of ['a', 'b', 'c', 'd']) {
    const f = path.join(sb.accountDir(id), '.credentials.json');
    if (!fs.existsSync(f)) continue;
    const o = JSON.parse(fs.readFileSync(f, 'utf8')).claudeAiOauth;
    out.push(...[o.accessToken, o.refreshToken].filter(Boolean));
  }
  return out;
}

/** No token, nor its last 12 characters, in any text a response carried. */
function expectNoSecret(text: string): void {
  expectNoToken(text);
  for (const t of tokens()) expect(text).not.toContain(t.slice(-12));
}

interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A raw request with any Host and Origin, as a hostile page or a rebinding DNS name would send. */
function request(p: string, o: { method?: string; host?: string; origin?: string; firstChunk?: boolean } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // host '' sends no Host header at all.
    const headers: Record<string, string> = o.host === '' ? {} : { Host: o.host ?? url.host };
    if (o.origin) headers.Origin = o.origin;
    const req = http.request({ host: '127.0.0.1', port: Number(url.port), path: p, method: o.method ?? 'GET', headers, setHost: o.host !== '' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
        if (o.firstChunk && body.includes('\n\n')) {
          req.destroy();
          resolve({ status: res.statusCode!, body, headers: res.headers });
        }
      });
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', (err) => (o.firstChunk ? undefined : reject(err)));
    req.end();
  });
}

const secretPath = () => url.pathname; // "/<secret>/"

beforeAll(async () => {
  sb = makeSandbox('ctk-dashboard-');
  mock = await startMockOAuthServer({ strict: true });
  writeAccount(sb, 'a', { expiresIn: 6 * H, extra: {} });
  writeAccount(sb, 'b', { expiresIn: 0.5 * H });
  writeAccount(sb, 'c', { credentials: JSON.stringify({ claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0 } }) });
  writeAccount(sb, 'd', { expiresIn: 7 * H });
  // d's login ends in 3 days: it is on the calendar and counts as ending.
  const dc = path.join(sb.accountDir('d'), '.credentials.json');
  const o = JSON.parse(fs.readFileSync(dc, 'utf8'));
  o.claudeAiOauth.refreshTokenExpiresAt = Date.now() + 3 * D;
  fs.writeFileSync(dc, JSON.stringify(o), { mode: 0o600 });
  register(sb, [{ id: 'a', label: 'main' }, { id: 'b' }, { id: 'c' }, { id: 'd' }], { notify: { desktop: false } });
  const now = Date.now();
  fs.writeFileSync(
    path.join(sb.configDir, 'history.jsonl'),
    [8, 8, 1, 8].map((h, i) => JSON.stringify({ at: new Date(now - (10 - i) * H).toISOString(), account: i % 2 ? 'a' : 'd', method: i === 2 ? 'login' : 'oauth', result: 'refreshed', oldExpiresAt: null, newExpiresAt: now - (10 - i) * H + h * H, lifespanMs: h * H })).join('\n') + '\n',
  );
  fs.mkdirSync(path.join(sb.configDir, 'state'), { recursive: true });
  fs.writeFileSync(
    path.join(sb.configDir, 'state', 'usage-cache.json'),
    JSON.stringify({ schemaVersion: 1, accounts: { a: { dir: sb.accountDir('a'), fetchedAt: now - 60_000, windows: { five_hour: { utilization: 42, resetsAt: null }, seven_day: { utilization: 93, resetsAt: null } } } }, retryAfter: {} }),
  );
  child = spawn(process.execPath, [CLI, 'dashboard'], {
    env: { ...sb.env, CTK_OAUTH_TOKEN_URL: mock.url, CTK_DASHBOARD_INTERVAL_MS: '300' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const line = await pollUntil(async () => /Dashboard: (http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{20,}\/)/.exec(stdout)?.[1], 15_000, `the dashboard URL (stderr: ${stderr})`);
  url = new URL(line);
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  }
  await mock?.close();
  sb?.cleanup();
});

describe('ctk dashboard, over HTTP', () => {
  it('serves the page, its assets and a snapshot at the secret URL, and nothing holds a token', async () => {
    const page = await request(secretPath());
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.body).toContain('<script src="app.js"></script>');
    expect(page.body).not.toMatch(/https?:\/\//); // nothing from elsewhere: works offline
    const bodies = [page.body];
    for (const asset of ['app.js', 'app.css']) {
      const r = await request(secretPath() + asset);
      expect(r.status).toBe(200);
      expect(r.body).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
      bodies.push(r.body);
    }
    const snap = await request(secretPath() + 'api/snapshot');
    expect(snap.status).toBe(200);
    const j = JSON.parse(snap.body);
    expect(j.accounts.map((a: any) => [a.id, a.state])).toEqual([['a', 'healthy'], ['b', 'expiring'], ['c', 'revoked'], ['d', 'healthy']]);
    expect(j.accounts.find((a: any) => a.id === 'a').usage.windows).toEqual({ '5h': 42, '7d': 93 });
    expect(j.accounts.find((a: any) => a.id === 'd').loginEnding).toBe(true);
    expect(j.lifespans.map((l: any) => l.lifespanMs / H)).toEqual([8, 8, 1, 8]);
    const events = await request(secretPath() + 'events', { firstChunk: true });
    expect(events.status).toBe(200);
    expect(events.headers['content-type']).toBe('text/event-stream');
    expect(events.body).toMatch(/^retry: \d+\nevent: snapshot\ndata: \{/);
    bodies.push(snap.body, events.body);
    expectNoSecret(bodies.join('\n'));
    // "/<secret>" is sent on to "/<secret>/".
    const bare = await request(secretPath().slice(0, -1));
    expect([bare.status, bare.headers.location]).toEqual([308, secretPath()]);
  });

  it('refuses requests without the secret, with a foreign Host, or from a foreign Origin', async () => {
    const before = fs.readFileSync(path.join(sb.accountDir('b'), '.credentials.json'), 'utf8');
    const secret = secretPath().slice(1, -1);
    const wrong = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    const refused: Reply[] = [
      await request('/'),
      await request('/api/snapshot'),
      await request(`/${wrong}/api/snapshot`),
      await request(`/${secret.slice(0, -1)}/`),
      await request(`${secretPath()}api/snapshot`, { host: `attacker.example:${url.port}` }),
      await request(`${secretPath()}api/snapshot`, { host: `127.0.0.1:${Number(url.port) + 1}` }),
      await request(`${secretPath()}api/snapshot`, { origin: 'http://attacker.example' }),
      await request(`${secretPath()}api/refresh/b`, { method: 'POST', origin: 'http://attacker.example' }),
      await request(`${secretPath()}api/refresh/b`, { method: 'POST', origin: `http://127.0.0.1:${Number(url.port) + 1}` }),
      await request(`${secretPath()}api/refresh/b`, { method: 'POST', host: `rebound.example:${url.port}` }),
      await request(`/api/refresh/b`, { method: 'POST' }),
    ];
    for (const [i, r] of refused.entries()) {
      expect([i, r.status]).toEqual([i, 403]);
      expect(r.body).toMatch(/^ctk dashboard: /);
      expect(r.body).not.toMatch(/example\.com|healthy|expiring/);
    }
    // No Host at all: node's HTTP server itself answers 400.
    const noHost = await request(`${secretPath()}api/snapshot`, { host: '' });
    expect([400, 403]).toContain(noHost.status);
    expect(noHost.body).not.toMatch(/example\.com|healthy/);
    expect(refused[0].body).toContain('needs the secret');
    expect(refused[4].body).toContain('only at 127.0.0.1');
    expect(refused[6].body).toContain('other sites');
    // None of the refused POSTs reached the token server or touched the account.
    expect(mock.requests).toHaveLength(0);
    expect(fs.readFileSync(path.join(sb.accountDir('b'), '.credentials.json'), 'utf8')).toBe(before);
    // The right secret with the wrong method, or an unknown path, is not served either.
    expect((await request(`${secretPath()}api/refresh/b`)).status).toBe(405);
    expect((await request(`${secretPath()}api/snapshot`, { method: 'POST' })).status).toBe(405);
    expect((await request(`${secretPath()}nope`)).status).toBe(404);
    // localhost is the same machine: allowed.
    expect((await request(`${secretPath()}api/snapshot`, { host: `localhost:${url.port}`, origin: `http://localhost:${url.port}` })).status).toBe(200);
  });
});

describe('ctk dashboard, its options', () => {
  it('refuses a bad or busy --port and opens the browser with --open', async () => {
    const bad = ctk(['dashboard', '--port', '70000'], sb.env);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/^ctk: --port takes a port number/);
    const busy = ctk(['dashboard', '--port', url.port], sb.env);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(new RegExp(`^ctk: port ${url.port} is in use`));
    // --open runs $BROWSER with the URL; the server answers on it.
    const log = path.join(sb.root, 'browser.log');
    const browser = path.join(sb.root, 'browser.sh');
    fs.writeFileSync(browser, `#!/bin/sh\necho "$1" > '${log}'\n`, { mode: 0o755 });
    const other = spawn(process.execPath, [CLI, 'dashboard', '--open'], { env: { ...sb.env, BROWSER: browser }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const opened = await pollUntil(async () => (fs.existsSync(log) && fs.readFileSync(log, 'utf8').trim()) || undefined, 15_000, 'the browser to be opened');
      expect(opened).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{20,}\/$/);
      expect(opened).not.toBe(url.href); // a new secret (and port) every run
      const res = await fetch(opened);
      expect(res.status).toBe(200);
    } finally {
      const exited = new Promise<number | null>((r) => other.once('exit', (code) => r(code)));
      other.kill('SIGINT');
      expect(await exited).toBe(130);
    }
  });
});

describe.skipIf(!CHROMIUM)('ctk dashboard in chromium', () => {
  it('shows the rows of ctk status, stays live, and "refresh now" turns an expiring account healthy', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM!, headless: true, args: ['--no-sandbox'] });
    const bodies: string[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('response', async (r) => {
        if (!r.url().endsWith('/events')) bodies.push(await r.text().catch(() => ''));
      });
      await page.goto(url.href, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('tr[data-id="d"]');
      await page.waitForSelector('#live:text("live")');

      // The rows are ctk status --json's rows.
      const status = JSON.parse(ctk(['status', '--json'], sb.env).stdout);
      const rows = await page.$$eval('#accounts tbody tr', (trs) => trs.map((tr) => ({ id: (tr as HTMLElement).dataset.id, state: (tr as HTMLElement).dataset.state, who: tr.querySelector('td.account')!.firstChild!.textContent, left: tr.querySelector('td.left')!.textContent })));
      expect(rows.map((r) => [r.id, r.state])).toEqual(status.accounts.map((a: any) => [a.id, a.state]));
      expect(rows.map((r) => r.who)).toEqual(status.accounts.map((a: any) => a.label ?? a.email));
      // Time left as the page shows it, against the expiry ctk status reports (within the minute it rounds to).
      const bLeft = /^(\d+) min$/.exec(rows.find((r) => r.id === 'b')!.left!)!;
      const bExpires = status.accounts.find((a: any) => a.id === 'b').expiresAt;
      expect(Math.abs(Number(bLeft[1]) - (bExpires - Date.now()) / 60_000)).toBeLessThanOrEqual(1.5);
      expect(await page.textContent('#summary')).toBe('4 accounts: 2 healthy, 1 expiring, 1 revoked, 1 login ending');
      expect(await page.textContent('tr[data-id="a"] td.usage .pct')).toBe('42%');
      expect(await page.$$eval('#chart circle', (c) => c.length)).toBe(4);
      expect(await page.textContent('#calendar li:first-child .chip')).toBe('d');

      // Live: a token that changes on disk shows up without a reload (server-sent events).
      const ac = path.join(sb.accountDir('a'), '.credentials.json');
      const ao = JSON.parse(fs.readFileSync(ac, 'utf8'));
      ao.claudeAiOauth.expiresAt = Date.now() - 60_000;
      fs.writeFileSync(ac, JSON.stringify(ao), { mode: 0o600 });
      await page.waitForSelector('tr[data-id="a"][data-state="expired"]', { timeout: 10_000 });

      // "refresh now" on the expiring account: the loopback token server answers, the row turns healthy.
      await page.click('tr[data-id="b"] button.refresh');
      await page.waitForSelector('tr[data-id="b"][data-state="healthy"]', { timeout: 15_000 });
      expect(await page.textContent('#message')).toMatch(/^b: /);
      expect(mock.requests).toHaveLength(1);
      expect(mock.requests[0].body.grant_type).toBe('refresh_token');
      const b = JSON.parse(fs.readFileSync(path.join(sb.accountDir('b'), '.credentials.json'), 'utf8')).claudeAiOauth;
      expect(b.refreshToken).toBe(mock.issued[0].refreshToken);
      expect(b.expiresAt).toBeGreaterThan(Date.now() + 7 * H);
      const hist = fs.readFileSync(path.join(sb.configDir, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(hist.at(-1)).toMatchObject({ account: 'b', method: 'oauth', result: 'refreshed', via: 'dashboard' });
      await page.waitForFunction(() => document.querySelectorAll('#chart circle').length === 5);

      const shot = path.join(sb.root, 'dashboard.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
      if (process.env.CTK_SCREENSHOT_DIR) fs.copyFileSync(shot, path.join(process.env.CTK_SCREENSHOT_DIR, 'dashboard.png'));
      bodies.push(await page.content());
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
    expectNoSecret(bodies.join('\n') + stderr);
  });
});

it('keeps the test port helper honest: 127.0.0.1 only', async () => {
  // The dashboard listens on 127.0.0.1 only: another local address of this machine gets no answer.
  const refused = await new Promise<boolean>((resolve) => {
    const s = net.connect({ host: '127.0.0.2', port: Number(url.port) }, () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(true));
  });
  expect(refused).toBe(true);
});
