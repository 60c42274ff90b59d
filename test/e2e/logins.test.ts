// The 30-day login deadline and the pinned identity, through the built CLI: status (JSON, table,
// exit codes), the renewal calendar, watch alerts once per deadline across restarts, the deadline
// kept across a browserless refresh, wrong-account, and `accounts set`.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ctk, ctkAsync, expectNoToken, H, makeSandbox, readJson, register, writeAccount, type Sandbox } from '../helpers.js';
import { startMockOAuthServer } from '../fixtures/mock-oauth-server.js';

const D = 24 * H;
let sb: Sandbox;
beforeEach(() => {
  sb = makeSandbox('ctk-logins-');
});
afterEach(() => sb.cleanup());

/** A 2.1.332-style login: token for `tokenH` hours, login deadline in `loginDays` days (null: none stored). */
function creds(tokenH: number, loginDays: number | null, extra: Record<string, unknown> = {}): string {
  const o: Record<string, unknown> = {
    accessToken: `sk-ant-oat01-LOGIN${Math.random().toString(36).slice(2)}`,
    refreshToken: `sk-ant-ort01-LOGIN${Math.random().toString(36).slice(2)}`,
    expiresAt: Date.now() + tokenH * H,
    scopes: ['user:inference', 'user:profile'],
    subscriptionType: 'max',
    ...extra,
  };
  if (loginDays !== null) o.refreshTokenExpiresAt = Date.now() + loginDays * D;
  return JSON.stringify({ claudeAiOauth: o });
}

function world(spec: Record<string, { tokenH?: number; loginDays: number | null; email?: string }>, settings: Record<string, unknown> = {}) {
  for (const [id, s] of Object.entries(spec)) writeAccount(sb, id, { credentials: creds(s.tokenH ?? 6, s.loginDays), email: s.email });
  register(sb, Object.keys(spec).map((id) => ({ id, email: `dev${id}@example.com` })), settings);
}

const status = (args: string[] = []) => {
  const r = ctk(['status', '--json', ...args], sb.env);
  expectNoToken(r.stdout, r.stderr);
  return { code: r.code, json: JSON.parse(r.stdout) };
};

describe('the login deadline in ctk status', () => {
  it('reports loginExpiresAt and expectedEmail, counts logins ending, and exits 1 for them', () => {
    world({ a: { loginDays: 20 }, b: { loginDays: 2 }, c: { loginDays: null } });
    const { code, json } = status();
    const rows = Object.fromEntries(json.accounts.map((r: any) => [r.id, r]));
    expect(json.loginWarningDays).toBe(5);
    expect(rows.a).toMatchObject({ state: 'healthy', expectedEmail: 'deva@example.com', loginEnding: false });
    expect(rows.a.loginExpiresAt).toBeGreaterThan(Date.now() + 19 * D);
    expect(rows.b).toMatchObject({ state: 'healthy', loginEnding: true });
    expect(rows.c.loginExpiresAt).toBeNull();
    expect(json.summary.loginEnding).toBe(1);
    expect(code).toBe(1);
    // a wider or narrower window, by flag and by setting
    expect(status(['--login-warning-days', '1']).code).toBe(0);
    expect(status(['--login-warning-days', '30']).json.summary.loginEnding).toBe(2);
    expect(ctk(['config', 'set', 'loginWarningDays', '1'], sb.env).code).toBe(0);
    expect(status().code).toBe(0);
    const bad = ctk(['status', '--login-warning-days', 'soon'], sb.env);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/^ctk: --login-warning-days takes a number of days/);
  });

  it('says so in the table, within 80 columns, with the command that renews it', () => {
    world({ a: { loginDays: 20 }, b: { loginDays: 2 } });
    const r = ctk(['status'], { ...sb.env, COLUMNS: '80' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/b: login ends in [12] d; renew it with a browser sign-in: ctk refresh b --method login/);
    expect(r.stdout).toMatch(/1 login ending/);
    expect(r.stdout).toMatch(/Logins ending: ctk refresh b --method login/);
    expect(r.stdout).not.toMatch(/a: login ends/);
  });

  it('a login that reached its time limit is revoked and says a browser login is the fix', () => {
    const sample = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'samples', 'credentials.login-time-limit.json'), 'utf8');
    writeAccount(sb, 't', { credentials: sample });
    register(sb, [{ id: 't' }]);
    const { code, json } = status();
    expect(code).toBe(2);
    expect(json.accounts[0]).toMatchObject({ state: 'revoked' });
    expect(json.accounts[0].error).toMatch(/login reached its time limit .*sign in again in the browser/);
  });
});

describe('ctk logins', () => {
  it('lists every account by deadline, soonest first, unknown last, and spreads the renewals', () => {
    // six logins end on the same day: at most 3 renewals a day, none on the last day
    const spec: Record<string, { loginDays: number | null }> = { z: { loginDays: null } };
    for (const id of ['1', '2', '3', '4', '5', '6']) spec[id] = { loginDays: 10.5 };
    spec['7'] = { loginDays: 3.5 };
    world(spec);
    const r = ctk(['logins', '--json'], sb.env);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.accounts.map((a: any) => a.id)).toEqual(['7', '1', '2', '3', '4', '5', '6', 'z']);
    expect(j.accounts.at(-1)).toMatchObject({ id: 'z', loginExpiresAt: null, renewOn: null });
    const days = j.accounts.slice(1, 7).map((a: any) => a.renewOn);
    const perDay = new Map<string, number>();
    for (const d of days) perDay.set(d, (perDay.get(d) ?? 0) + 1);
    expect(Math.max(...perDay.values())).toBeLessThanOrEqual(3);
    expect(perDay.size).toBeGreaterThanOrEqual(2);
    for (const a of j.accounts.slice(0, 7)) {
      const deadlineDay = new Date(a.loginExpiresAt).toISOString().slice(0, 10);
      expect(a.renewOn < deadlineDay, `${a.id} renews before its last day`).toBe(true);
      expect(a.command).toBe(`ctk refresh ${a.id} --method login`);
    }
    // --per-day 1 spreads them further
    const one = JSON.parse(ctk(['logins', '--json', '--per-day', '1'], sb.env).stdout);
    expect(new Set(one.accounts.slice(1, 7).map((a: any) => a.renewOn)).size).toBe(6);
  });

  it('reads well at 80 columns and only the named accounts with ids', () => {
    world({ a: { loginDays: 12 }, b: { loginDays: 4 }, c: { loginDays: null } });
    const r = ctk(['logins'], sb.env);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^id +login ends +renew on/);
    expect(lines[1]).toMatch(/^b /);
    expect(lines[2]).toMatch(/^a /);
    expect(lines[3]).toMatch(/^c .*—/);
    const only = JSON.parse(ctk(['logins', 'a', '--json'], sb.env).stdout);
    expect(only.accounts.map((x: any) => x.id)).toEqual(['a']);
  });
});

describe('a browserless refresh and the deadline', () => {
  it('keeps the deadline by Claude Code’s rule: min(old, new), never introduced', async () => {
    const server = await startMockOAuthServer();
    try {
      world({ a: { tokenH: 0.5, loginDays: 9 }, b: { tokenH: 0.5, loginDays: null } });
      const before = readJson(path.join(sb.accountDir('a'), '.credentials.json')).claudeAiOauth.refreshTokenExpiresAt;
      const env = { ...sb.env, CTK_OAUTH_TOKEN_URL: server.url };
      const r = await ctkAsync(['refresh', 'a', 'b', '--method', 'oauth', '--yes', '--json'], env);
      expect(r.code, r.stderr).toBe(0);
      expect(readJson(path.join(sb.accountDir('a'), '.credentials.json')).claudeAiOauth.refreshTokenExpiresAt).toBe(before);
      expect(readJson(path.join(sb.accountDir('b'), '.credentials.json')).claudeAiOauth).not.toHaveProperty('refreshTokenExpiresAt');
    } finally {
      await server.close();
    }
  });
});

describe('pinned identity', () => {
  it('a folder signed in as someone else is wrong-account (exit 2), shows both emails, and the fix uses the pinned email', () => {
    writeAccount(sb, '3', { credentials: creds(6, 20), email: 'intruder@example.com' });
    register(sb, [{ id: '3', email: 'dev3@example.com' }]);
    const { code, json } = status();
    expect(code).toBe(2);
    expect(json.accounts[0]).toMatchObject({ state: 'wrong-account', email: 'intruder@example.com', expectedEmail: 'dev3@example.com' });
    expect(json.accounts[0].error).toMatch(/signed in as intruder@example.com, but account 3 is dev3@example.com; log in as dev3@example.com: ctk refresh 3 --method login/);
    expect(json.summary['wrong-account']).toBe(1);
    const table = ctk(['status'], sb.env).stdout;
    expect(table).toMatch(/wrong-account/);
    expect(table).toMatch(/Wrong account: ctk refresh 3 --method login/);
    const dry = ctk(['refresh', '3', '--method', 'login', '--dry-run', '--json'], { ...sb.env, CTK_CLAUDE_BIN: 'claude' });
    expect(JSON.parse(dry.stdout).results[0].command).toMatch(/--email dev3@example\.com/);
    const v = ctk(['accounts', 'validate', '--json'], sb.env);
    expect(JSON.parse(v.stdout).accounts[0]).toMatchObject({ wrongAccount: true, expectedEmail: 'dev3@example.com' });
    const doc = ctk(['doctor', '--json'], sb.env);
    expect(JSON.parse(doc.stdout).checks.find((c: any) => c.check === 'identity')).toMatchObject({ ok: false });
  });

  it('by account uuid too: the same email on another account is still the wrong account', () => {
    writeAccount(sb, '4', { credentials: creds(6, 20, { accountUuid: 'uuid-other' }) });
    register(sb, [{ id: '4', email: 'dev4@example.com', accountUuid: 'uuid-4' } as any]);
    expect(status().json.accounts[0].state).toBe('wrong-account');
  });

  it('add and import pin the email and uuid the folder is signed in as', () => {
    writeAccount(sb, '5');
    writeAccount(sb, '6');
    writeAccount(sb, '7');
    expect(ctk(['accounts', 'add', '5', '--dir', sb.accountDir('5')], sb.env).code).toBe(0);
    expect(ctk(['accounts', 'import', '6-7', '--pattern', path.join(sb.root, 'accounts', '{id}')], sb.env).code).toBe(0);
    const stored = readJson(path.join(sb.configDir, 'config.json')).accounts;
    expect(stored.map((a: any) => [a.id, a.email, a.accountUuid])).toEqual([
      ['5', 'dev5@example.com', 'uuid-5'],
      ['6', 'dev6@example.com', 'uuid-6'],
      ['7', 'dev7@example.com', 'uuid-7'],
    ]);
  });

  it('accounts set changes the pin on purpose, and says what it needs', () => {
    writeAccount(sb, '3', { credentials: creds(6, 20), email: 'new-owner@example.com' });
    register(sb, [{ id: '3', email: 'dev3@example.com' }]);
    expect(status().json.accounts[0].state).toBe('wrong-account');
    const r = ctk(['accounts', 'set', '3', '--email', 'new-owner@example.com', '--label', 'team'], sb.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('3: label "team", pinned to new-owner@example.com\n');
    const after = status().json.accounts[0];
    expect(after).toMatchObject({ state: 'healthy', expectedEmail: 'new-owner@example.com', label: 'team' });
    expect(readJson(path.join(sb.configDir, 'config.json')).accounts[0].accountUuid).toBe('uuid-3');
    for (const [args, msg] of [
      [['accounts', 'set', '3'], /say what to change/],
      [['accounts', 'set', '3', '--email', 'nope'], /not an email address/],
      [['accounts', 'set', '99', '--label', 'x'], /unknown account 99/],
    ] as const) {
      const bad = ctk([...args], sb.env);
      expect(bad.code).toBe(64);
      expect(bad.stderr).toMatch(msg);
    }
  });
});

describe('ctk watch and logins', () => {
  it('sends login.ending once per account and deadline, not again on the next check nor after a restart, then login.ended', async () => {
    const bodies: any[] = [];
    const server = http.createServer((req, res) => {
      let t = '';
      req.on('data', (d) => (t += d));
      req.on('end', () => {
        bodies.push(JSON.parse(t));
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      world({ a: { loginDays: 2 }, b: { loginDays: 20 } }, { notify: { desktop: false, webhookUrl: url } });
      const once = () => ctkAsync(['watch', '--once'], sb.env);
      for (let i = 0; i < 3; i++) expect((await once()).code).toBe(0);
      const logins = () => bodies.filter((b) => b.event.startsWith('login.')).map((b) => `${b.account.id}:${b.event}`);
      expect(logins()).toEqual(['a:login.ending']);
      // the deadline passes: one login.ended, once
      const file = path.join(sb.accountDir('a'), '.credentials.json');
      const c = readJson(file);
      c.claudeAiOauth.refreshTokenExpiresAt = Date.now() - 1000;
      fs.writeFileSync(file, JSON.stringify(c));
      for (let i = 0; i < 2; i++) expect((await once()).code).toBe(0);
      expect(logins()).toEqual(['a:login.ending', 'a:login.ended']);
      const ended = bodies.find((b) => b.event === 'login.ended');
      expect(ended).toMatchObject({ account: { id: 'a', email: 'deva@example.com' } });
      expectNoToken(JSON.stringify(bodies));
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('the routines and the login deadline', () => {
  const FAKE = path.join(__dirname, '..', 'fixtures', 'fake-claude.mjs');

  it('queue accounts whose login ends soon as guided logins, with the reason; --no-logins leaves them out', () => {
    world({ ending: { tokenH: 6, loginDays: 2 }, fine: { tokenH: 6, loginDays: 20 }, expiring: { tokenH: 1, loginDays: 20 } });
    const env = { ...sb.env, CTK_CLAUDE_BIN: FAKE };
    const dry = JSON.parse(ctk(['morning', '--dry-run', '--json'], env).stdout);
    expect(dry.results.map((r: any) => [r.id, r.method])).toEqual([
      ['expiring', 'oauth'],
      ['ending', 'login'],
    ]);
    expect(dry.results[1].command).toMatch(/auth login --email devending@example\.com/);
    const without = JSON.parse(ctk(['morning', '--dry-run', '--json', '--no-logins'], env).stdout);
    expect(without.results.map((r: any) => r.id)).toEqual(['expiring']);
    // --method oauth cannot move a deadline: those are not queued then
    expect(JSON.parse(ctk(['refresh', '--all', '--method', 'oauth', '--dry-run', '--json'], env).stdout).results.map((r: any) => r.id)).toEqual(['expiring']);
  });

  it('a guided login records the new deadline Claude Code stored, and the first verified login pins the identity', () => {
    writeAccount(sb, 'n', { credentials: creds(-1, 1) });
    register(sb, [{ id: 'n' }]); // nothing pinned yet
    const env = { ...sb.env, CTK_CLAUDE_BIN: FAKE, FAKE_CLAUDE_LOGIN_DAYS: '30', FAKE_CLAUDE_LOG: path.join(sb.root, 'calls.jsonl') };
    const r = ctk(['refresh', 'n', '--method', 'login', '--yes', '--json'], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const hist = fs.readFileSync(path.join(sb.configDir, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const login = hist.find((h) => h.method === 'login');
    expect(login.loginExpiresAt).toBeGreaterThan(Date.now() + 29 * D);
    expect(readJson(path.join(sb.configDir, 'config.json')).accounts[0]).toMatchObject({ id: 'n', email: 'devn@example.com' });
    const report = JSON.parse(ctk(['report', '--json', '--include-emails'], sb.env).stdout);
    expect(report.logins).toHaveLength(1);
    expect(report.logins[0].lifespanMs).toBeGreaterThan(29 * D);
  });

  it('after a login into another account: wrong-account, history under the account, and the fix names the pinned email', () => {
    writeAccount(sb, '3', { credentials: creds(-1, 20) });
    register(sb, [{ id: '3', email: 'dev3@example.com' }]);
    const env = { ...sb.env, CTK_CLAUDE_BIN: FAKE, FAKE_CLAUDE_MODE: 'wrong-email' };
    const r = ctk(['refresh', '3', '--method', 'login', '--yes'], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/WRONG ACCOUNT/);
    const s = JSON.parse(ctk(['status', '3', '--json'], sb.env).stdout).accounts[0];
    expect(s).toMatchObject({ state: 'wrong-account', email: 'intruder@example.com', expectedEmail: 'dev3@example.com' });
    expect(s.error).toMatch(/ctk refresh 3 --method login/);
    const dry = JSON.parse(ctk(['refresh', '3', '--dry-run', '--json'], env).stdout);
    expect(dry.results[0]).toMatchObject({ method: 'login' });
    expect(dry.results[0].command).toMatch(/--email dev3@example\.com/);
    expect(dry.results[0].command).not.toMatch(/intruder/);
    const hist = fs.readFileSync(path.join(sb.configDir, 'history.jsonl'), 'utf8');
    expect(hist).toMatch(/"account":"3"/);
  });
});
