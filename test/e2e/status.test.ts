// ctk status end to end: the built CLI against temporary account folders.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, credentialsJson, ctk, expectNoToken, H, makeSandbox, register, SAMPLES, writeAccount, type Sandbox } from '../helpers.js';

let sb: Sandbox;
beforeEach(() => {
  sb = makeSandbox();
});
afterEach(() => sb.cleanup());

function statusJson(args: string[] = [], env = sb.env) {
  const r = ctk(['status', '--json', ...args], env);
  expectNoToken(r.stdout, r.stderr);
  return { code: r.code, json: JSON.parse(r.stdout), stderr: r.stderr };
}

function byId(json: any): Record<string, any> {
  return Object.fromEntries(json.accounts.map((a: any) => [a.id, a]));
}

describe('ctk status', () => {
  it('classifies every state and keeps one broken account from hiding the others', () => {
    const sample = (name: string) => fs.readFileSync(path.join(SAMPLES, name), 'utf8');
    writeAccount(sb, 'healthy', { expiresIn: 6 * H });
    writeAccount(sb, 'expiring', { expiresIn: 1 * H });
    writeAccount(sb, 'expired', { expiresIn: -2 * H });
    writeAccount(sb, 'revoked', { credentials: sample('credentials.revoked-by-claude-code.json') });
    writeAccount(sb, 'nofile', { credentials: null });
    writeAccount(sb, 'apikey', { credentials: sample('credentials.api-key-only.json') });
    const mcp = JSON.parse(sample('credentials.with-mcp-and-extra-fields.json'));
    mcp.claudeAiOauth.expiresAt = Date.now() + 5 * H;
    mcp.someFutureKey = { nested: [1, 2, 3] };
    writeAccount(sb, 'extra', { credentials: JSON.stringify(mcp) });
    writeAccount(sb, 'truncated', { credentials: credentialsJson(Date.now() + 5 * H).slice(0, 80) });
    writeAccount(sb, 'empty', { credentials: '' });
    writeAccount(sb, 'seconds', { credentials: credentialsJson(Math.floor((Date.now() + 5 * H) / 1000)) });
    const dirCase = writeAccount(sb, 'isdir', { credentials: null });
    fs.mkdirSync(path.join(dirCase, '.credentials.json'));
    const big = writeAccount(sb, 'huge', { credentials: null });
    fs.writeFileSync(path.join(big, '.credentials.json'), '{"pad":"' + 'x'.repeat(10 * 1024 * 1024) + '"}');
    const ids = ['healthy', 'expiring', 'expired', 'revoked', 'nofile', 'apikey', 'extra', 'truncated', 'empty', 'seconds', 'isdir', 'huge'];
    register(sb, ids.map((id) => ({ id })));

    const { code, json } = statusJson();
    const a = byId(json);
    expect(a.healthy.state).toBe('healthy');
    expect(a.expiring.state).toBe('expiring');
    expect(a.expired.state).toBe('expired');
    expect(a.expired.msLeft).toBeLessThan(0);
    expect(a.revoked).toMatchObject({ state: 'revoked', expiresAt: null });
    expect(a.nofile.state).toBe('missing');
    expect(a.apikey.state).toBe('missing');
    expect(a.extra).toMatchObject({ state: 'healthy', subscriptionType: 'pro' });
    expect(a.truncated).toMatchObject({ state: 'invalid' });
    expect(a.truncated.error).toMatch(/not valid JSON/);
    expect(a.empty.error).toMatch(/empty/);
    // Chosen: a seconds value is what Claude Code would treat as long expired.
    expect(a.seconds.state).toBe('expired');
    expect(a.seconds.error).toMatch(/seconds/);
    expect(a.isdir).toMatchObject({ state: 'invalid' });
    expect(a.isdir.error).toMatch(/directory/);
    expect(a.huge.state).toBe('invalid');
    expect(a.huge.error).toMatch(/MB/);
    expect(json.summary).toEqual({ healthy: 2, expiring: 1, expired: 2, revoked: 1, missing: 2, invalid: 4, 'wrong-account': 0, loginEnding: 0 });
    expect(code).toBe(3);
    expect(json.schemaVersion).toBe(1);
    expect(json.warningHours).toBe(2);
    expect(a.healthy).toMatchObject({ email: 'devhealthy@example.com', label: null, dir: sb.accountDir('healthy'), error: null });
  });

  it('reports an unreadable file as invalid (run as an unprivileged user when root)', () => {
    writeAccount(sb, '1', { expiresIn: 5 * H });
    const dir = writeAccount(sb, '2', { expiresIn: 5 * H });
    register(sb, [{ id: '1' }, { id: '2' }]);
    fs.chmodSync(path.join(dir, '.credentials.json'), 0o000);
    let r;
    if (process.getuid?.() === 0) {
      // root reads anything: run the CLI as nobody, owning the sandbox, to make the denial real.
      spawnSync('chown', ['-R', 'nobody:nogroup', sb.root]);
      fs.chmodSync(sb.root, 0o755);
      const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(CLI)})`]);
      if (probe.status !== 0) return; // the checkout itself is not readable by nobody here
      const out = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'status', '--json'], { env: sb.env, encoding: 'utf8' });
      r = { code: out.status, stdout: out.stdout };
    } else {
      r = ctk(['status', '--json'], sb.env);
    }
    const a = byId(JSON.parse(r.stdout));
    expect(a['1'].state).toBe('healthy');
    expect(a['2'].state).toBe('invalid');
    expect(a['2'].error).toMatch(/permission denied/);
    expect(r.code).toBe(3);
  });

  it('uses exit codes 0, 1 and 2 and honours --warning-hours', () => {
    writeAccount(sb, '1', { expiresIn: 5 * H });
    writeAccount(sb, '2', { expiresIn: 3 * H });
    register(sb, [{ id: '1' }, { id: '2' }]);
    expect(statusJson().code).toBe(0);
    const wide = statusJson(['--warning-hours', '4']);
    expect(wide.code).toBe(1);
    expect(wide.json.warningHours).toBe(4);
    expect(byId(wide.json)['2'].state).toBe('expiring');
    writeAccount(sb, '2', { expiresIn: -1 * H });
    expect(statusJson().code).toBe(2);
    const r = ctk(['status', '--warning-hours', 'soon'], sb.env);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/--warning-hours takes a number/);
  });

  it('uses the warningHours setting and filters by ids', () => {
    writeAccount(sb, '1', { expiresIn: 5 * H });
    writeAccount(sb, '2', { expiresIn: 3 * H });
    register(sb, [{ id: '1' }, { id: '2' }], { warningHours: 4 });
    const { json, code } = statusJson(['1']);
    expect(json.accounts.map((a: any) => a.id)).toEqual(['1']);
    expect(code).toBe(0);
    expect(statusJson(['2']).code).toBe(1);
    const r = ctk(['status', '7'], sb.env);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/unknown account 7/);
    expect(r.stderr).not.toMatch(/at .*\.js/);
  });

  it('prints a table with plain text for non-terminals, marks the current account', () => {
    writeAccount(sb, '1', { expiresIn: 7.2 * H + 60_000 });
    writeAccount(sb, '12', { expiresIn: -1 * H });
    register(sb, [{ id: '1', label: 'work laptop' }, { id: '12' }]);
    const env = { ...sb.env, CLAUDE_CONFIG_DIR: sb.accountDir('12') + '/' };
    delete env.NO_COLOR;
    const r = ctk(['status'], env);
    expectNoToken(r.stdout, r.stderr);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect(r.stdout).toMatch(/healthy\s+1\s+work laptop\s+max\s+7\.2 h/);
    expect(r.stdout).toMatch(/▶\s+○ expired\s+12\s+dev12@example.com/);
    expect(r.stdout).toMatch(/2 accounts: 1 healthy, 1 expired/);
    expect(r.stdout).toMatch(/ctk refresh 12/);
    const json = statusJson([], env).json;
    expect(byId(json)['12'].current).toBe(true);
    expect(byId(json)['1'].current).toBe(false);
  });

  it('colours only when asked for, and never with NO_COLOR or --no-color', () => {
    writeAccount(sb, '1', { expiresIn: 5 * H });
    register(sb, [{ id: '1' }]);
    const forced = { ...sb.env, FORCE_COLOR: '1' };
    delete forced.NO_COLOR;
    expect(ctk(['status'], forced).stdout).toMatch(/\x1b\[32m/);
    expect(ctk(['status', '--no-color'], forced).stdout).not.toMatch(/\x1b\[/);
    expect(ctk(['--no-color', 'status'], forced).stdout).not.toMatch(/\x1b\[/);
    expect(ctk(['status'], { ...forced, NO_COLOR: '1' }).stdout).not.toMatch(/\x1b\[/);
  });

  it('falls back to the default ~/.claude account and says how to add more', () => {
    const claudeDir = path.join(sb.home, '.claude');
    fs.mkdirSync(claudeDir);
    fs.writeFileSync(path.join(claudeDir, '.credentials.json'), credentialsJson(Date.now() + 6 * H), { mode: 0o600 });
    fs.writeFileSync(path.join(sb.home, '.claude.json'), JSON.stringify({ oauthAccount: { emailAddress: 'me@example.com' } }));
    const r = ctk(['status'], sb.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/healthy\s+default\s+me@example.com/);
    expect(r.stdout).toMatch(/No accounts registered/);
    expect(r.stdout).toMatch(/ctk accounts discover/);
    const json = statusJson().json;
    expect(json.accounts).toHaveLength(1);
    expect(json.accounts[0]).toMatchObject({ id: 'default', dir: claudeDir, current: true });
  });

  it('honours CLAUDE_SECURESTORAGE_CONFIG_DIR for the current account', () => {
    writeAccount(sb, '1', { credentials: null });
    register(sb, [{ id: '1' }]);
    const secure = path.join(sb.root, 'secure');
    fs.mkdirSync(secure);
    fs.writeFileSync(path.join(secure, '.credentials.json'), credentialsJson(Date.now() + 6 * H), { mode: 0o600 });
    expect(byId(statusJson().json)['1'].state).toBe('missing');
    const env = { ...sb.env, CLAUDE_CONFIG_DIR: sb.accountDir('1'), CLAUDE_SECURESTORAGE_CONFIG_DIR: secure };
    expect(byId(statusJson([], env).json)['1'].state).toBe('healthy');
  });

  it('reads the identity from a big .claude.json and prefers a legacy .config.json', () => {
    const dir = writeAccount(sb, '1', { expiresIn: 5 * H });
    const projects: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i++) projects[`/p/${i}`] = { history: [{ display: 'x"oauthAccount"{' + i }] };
    fs.writeFileSync(path.join(dir, '.claude.json'), JSON.stringify({ projects, oauthAccount: { emailAddress: 'big@example.com' } }));
    register(sb, [{ id: '1' }]);
    expect(byId(statusJson().json)['1'].email).toBe('big@example.com');
    fs.writeFileSync(path.join(dir, '.config.json'), JSON.stringify({ oauthAccount: { emailAddress: 'legacy@example.com' } }));
    expect(byId(statusJson().json)['1'].email).toBe('legacy@example.com');
  });

  it('never writes, chmods or creates anything in an account folder', () => {
    const dir = writeAccount(sb, '1', { expiresIn: 5 * H });
    writeAccount(sb, '2', { expiresIn: -5 * H });
    fs.chmodSync(path.join(dir, '.credentials.json'), 0o644);
    register(sb, [{ id: '1' }, { id: '2' }]);
    const snap = (d: string) =>
      fs.readdirSync(d).map((f) => {
        const st = fs.statSync(path.join(d, f));
        return [f, st.mode, st.mtimeMs, st.size];
      });
    const before = [snap(dir), snap(sb.accountDir('2'))];
    ctk(['status'], sb.env);
    ctk(['status', '--json'], sb.env);
    ctk(['accounts', 'validate'], sb.env);
    expect([snap(dir), snap(sb.accountDir('2'))]).toEqual(before);
  });

  it('explains a corrupt ctk config in one line', () => {
    fs.mkdirSync(sb.configDir, { recursive: true });
    fs.writeFileSync(path.join(sb.configDir, 'config.json'), '{"accounts": [');
    const r = ctk(['status'], sb.env);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not valid JSON/);
  });
});
