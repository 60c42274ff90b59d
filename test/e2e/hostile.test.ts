// Hostile and broken input, through the built CLI: every case ends as a row or a one-line error,
// never a hang, a busy loop, a leak or a write outside ctk's folders.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, ctk, ctkAsync, H, makeSandbox, readJson, register, writeAccount, type Sandbox } from '../helpers.js';

let sb: Sandbox;
beforeEach(() => {
  sb = makeSandbox('ctk-hostile-');
});
afterEach(() => sb.cleanup());

const mkfifo = (p: string) => spawnSync('mkfifo', [p]).status === 0;

/** Every file under a folder with its sha256, for "changed nothing". */
function hashes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out[path.relative(root, p)] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
      else out[path.relative(root, p)] = 'special';
    }
  };
  walk(root);
  return out;
}

describe('a FIFO where a file should be', () => {
  it('is an invalid row that names the file type, for every command that reads accounts, and nothing hangs', async () => {
    writeAccount(sb, 'ok', { expiresIn: 6 * H });
    const dir = writeAccount(sb, 'pipe', { credentials: null });
    if (!mkfifo(path.join(dir, '.credentials.json'))) return; // no mkfifo here
    const other = writeAccount(sb, 'pipe2', { expiresIn: 6 * H });
    fs.rmSync(path.join(other, '.claude.json'));
    mkfifo(path.join(other, '.claude.json'));
    register(sb, [{ id: 'ok' }, { id: 'pipe' }, { id: 'pipe2' }]);
    const runs = [
      ['status', '--json'],
      ['watch', '--once', '--json'],
      ['accounts', 'validate', '--json'],
      ['usage', '--json', '--timeout', '200ms'],
      ['refresh', '--all', '--dry-run', '--json'],
      ['doctor', '--json'],
    ];
    for (const args of runs) {
      const r = await ctkAsync(args, { ...sb.env, CTK_API_BASE_URL: 'http://127.0.0.1:9', CTK_CLAUDE_BIN: 'claude' }, { timeout: 15_000 });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).not.toBeNull(); // not killed by the timeout
      expect(r.stderr, args.join(' ')).not.toMatch(/unexpected error|at .*\.js:\d+/);
    }
    const s = JSON.parse(ctk(['status', '--json'], sb.env).stdout);
    const pipe = s.accounts.find((a: any) => a.id === 'pipe');
    expect(pipe).toMatchObject({ state: 'invalid' });
    expect(pipe.error).toMatch(/named pipe \(FIFO\)/);
    expect(s.accounts.find((a: any) => a.id === 'ok').state).toBe('healthy');
    expect(s.accounts.find((a: any) => a.id === 'pipe2').state).toBe('healthy'); // no identity, no hang
  }, 60_000);

  it('a FIFO as ctk’s own config or history is a one-line error or ignored, never a hang', () => {
    writeAccount(sb, '1');
    register(sb, [{ id: '1' }]);
    const hist = path.join(sb.configDir, 'history.jsonl');
    if (!mkfifo(hist)) return;
    const h = ctk(['history', '--json'], sb.env, { timeout: 10_000 });
    expect(h.code).toBe(0);
    expect(JSON.parse(h.stdout).entries).toEqual([]);
    fs.rmSync(path.join(sb.configDir, 'config.json'));
    mkfifo(path.join(sb.configDir, 'config.json'));
    const r = ctk(['status'], sb.env, { timeout: 10_000 });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^ctk: cannot read ctk config .*config\.json is a named pipe \(FIFO\)/);
  });
});

describe('watch intervals', () => {
  it('an interval beyond Node’s ~24.8-day timer limit waits, it does not spin, and SIGTERM stops it at once', async () => {
    writeAccount(sb, '1');
    register(sb, [{ id: '1' }]);
    const child = spawn(process.execPath, [CLI, 'watch', '--interval', '30d'], { env: sb.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const until = Date.now() + 10_000;
    while (!/1 account: /.test(out) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1500));
    const checks = (out.match(/\d+ account: /g) ?? []).length;
    const t0 = Date.now();
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(checks).toBe(1);
    expect(err).not.toMatch(/TimeoutOverflowWarning/);
    expect(code).toBe(143);
  });
});

describe('a hand-edited registry', () => {
  it('a bad entry is its own invalid row, is never used as a path, and can be removed', async () => {
    writeAccount(sb, '1');
    fs.mkdirSync(sb.configDir, { recursive: true });
    const entries = [{ id: '1', dir: sb.accountDir('1') }, { id: '../../../../tmp/x', dir: sb.accountDir('1') }, { id: 7, dir: '/x' }, { id: 'rel', dir: 'relative/dir' }, { id: '1', dir: '/dup' }];
    fs.writeFileSync(path.join(sb.configDir, 'config.json'), JSON.stringify({ accounts: entries }), { mode: 0o600 });
    const { code, stdout } = ctk(['status', '--json'], sb.env);
    const rows = JSON.parse(stdout).accounts;
    expect(code).toBe(3);
    expect(rows.map((r: any) => [r.id, r.state])).toEqual([
      ['1', 'healthy'],
      ['#2', 'invalid'],
      ['#3', 'invalid'],
      ['rel', 'invalid'],
      ['#5', 'invalid'],
    ]);
    expect(rows[1].error).toBe('registry entry 2: id "../../../../tmp/x" is not a valid id; fix it with ctk accounts remove or edit config.json');
    expect(rows[3].error).toMatch(/the folder of rel must be an absolute path/);
    expect(rows[4].error).toMatch(/id 1 appears twice/);
    // A refresh writes nothing outside ctk's state folder for the bad ids.
    const server = http.createServer((q, s) => s.end('{}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await ctkAsync(['refresh', '--all', '--yes', '--method', 'oauth'], { ...sb.env, CTK_OAUTH_TOKEN_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
    } finally {
      server.close();
    }
    expect(fs.existsSync('/tmp/x')).toBe(false);
    // removed by the id the row shows; the good entries stay
    const rm = ctk(['accounts', 'remove', '#2', '#3', 'rel', '#5'], sb.env);
    expect(rm.code, rm.stderr).toBe(0);
    expect(readJson(path.join(sb.configDir, 'config.json')).accounts).toEqual([entries[0]]);
  });
});

describe('odd values', () => {
  it('a non-string token or an absurd expiresAt is invalid with the reason; nothing prints NaN or Infinity', () => {
    const creds = (o: Record<string, unknown>) => JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-x', refreshToken: 'sk-ant-ort01-y', expiresAt: Date.now() + H, ...o } });
    const cases: Record<string, string> = {
      numtoken: creds({ accessToken: 12345 }),
      huge: creds({ expiresAt: 1e30 }),
      old: creds({ expiresAt: 5e11 }),
      neg: creds({ expiresAt: -1 }),
      str: creds({ expiresAt: 'tomorrow' }),
    };
    for (const [id, c] of Object.entries(cases)) writeAccount(sb, id, { credentials: c });
    register(sb, Object.keys(cases).map((id) => ({ id })));
    const j = JSON.parse(ctk(['status', '--json'], sb.env).stdout);
    for (const a of j.accounts) {
      expect(a.state, a.id).toBe('invalid');
      expect(a.error, a.id).toBeTruthy();
    }
    expect(j.accounts.find((a: any) => a.id === 'numtoken').error).toMatch(/accessToken is not a string/);
    expect(j.accounts.find((a: any) => a.id === 'huge').error).toMatch(/after the year 9999/);
    for (const args of [['status'], ['status', '--json'], ['logins'], ['history']]) {
      const r = ctk(args, sb.env);
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(/NaN|Infinity|e\+\d/);
    }
  });
});

describe('redaction', () => {
  it('a server that echoes the token without its prefix leaks no 8-character fragment anywhere', async () => {
    const planted = 'sk-ant-ort01-PLANTEDsecretREFRESHvalue0123456789abcdefghij';
    const plantedAccess = 'sk-ant-oat01-PLANTEDsecretACCESSvalue9876543210zyxwvu';
    writeAccount(sb, '1', { credentials: JSON.stringify({ claudeAiOauth: { accessToken: plantedAccess, refreshToken: planted, expiresAt: Date.now() + 0.5 * H, scopes: ['user:inference'] } }) });
    register(sb, [{ id: '1' }], { notify: { desktop: false } });
    const bare = planted.slice('sk-ant-'.length);
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_request', error_description: `bad token ${bare} (and ${planted.slice(20, 40)})` }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const outputs: string[] = [];
    try {
      const env = { ...sb.env, CTK_OAUTH_TOKEN_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
      for (const args of [['refresh', '1', '--method', 'oauth', '--yes'], ['refresh', '1', '--method', 'oauth', '--yes', '--json'], ['watch', '--once', '--auto-refresh'], ['history'], ['history', '--json'], ['report'], ['report', '--json'], ['status', '--json']]) {
        const r = await ctkAsync(args, env);
        outputs.push(r.stdout, r.stderr);
      }
    } finally {
      server.close();
    }
    // every file ctk wrote, but the backups and the write-ahead records (they hold tokens by design)
    const written: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) {
          if (e.name !== 'backups' && e.name !== 'pending') walk(p);
        } else written.push(fs.readFileSync(p, 'utf8'));
      }
    };
    walk(sb.configDir);
    const everything = [...outputs, ...written].join('\n');
    expect(everything).toMatch(/\[token\]/); // the echo was there, and was redacted
    for (const secret of [planted, plantedAccess]) {
      for (let i = 0; i + 8 <= secret.length; i++) {
        const frag = secret.slice(i, i + 8);
        if (frag.startsWith('sk-ant-') || /^(?:-|k-|t-)/.test(frag) && secret.indexOf(frag) < 8) continue; // the shared prefix is no secret
        expect(everything.includes(frag), `fragment ${i} leaked`).toBe(false);
      }
    }
  });
});

describe('control characters', () => {
  it('from a folder or label never reach the terminal raw', () => {
    const evil = 'evil\x1b]0;pwned\x07\x1b[2J';
    writeAccount(sb, '1', { email: `x${evil}@example.com` });
    register(sb, [{ id: '1', label: evil }]);
    for (const args of [['status'], ['accounts', 'list'], ['accounts', 'validate'], ['doctor']]) {
      const r = ctk(args, sb.env);
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    }
    expect(ctk(['status'], sb.env).stdout).toMatch(/evil\\x1b\]0;pwned\\x07/);
  });

  it('a newline in CTK_CONFIG_DIR is refused for unit files and crontabs, with a one-line error', () => {
    const env = { ...sb.env, CTK_CONFIG_DIR: path.join(sb.root, 'cfg\nExecStartPre=/bin/evil') };
    for (const backend of ['systemd', 'cron', 'launchd', 'schtasks']) {
      const r = ctk(['schedule', 'install', '--backend', backend, '--dry-run'], env);
      expect(r.code, backend).toBe(64);
      expect(r.stderr).toMatch(/^ctk: CTK_CONFIG_DIR path .* contains a control character; ctk will not write it/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('generated shapes of broken files', () => {
  it('every case ends as a row with a state and a reason; nothing throws, hangs or prints NaN; no input file changes', () => {
    // A seeded generator: the same cases every run.
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    const values: unknown[] = [null, true, 0, -1, 1e30, -1e30, 1e-9, 2 ** 53, NaN, 'x', '', '2026-12-01', [], {}, [1, 2], { a: 1 }, 1.5, 946684800, 5e11, 253402300800000, Date.now() + H];
    const tokenValues: unknown[] = [null, 0, 12345, '', 'sk-ant-oat01-GEN', ['sk-ant'], { t: 1 }, true];
    const wrappers: ((o: unknown) => string | Buffer)[] = [
      (o) => JSON.stringify(o),
      (o) => '\ufeff' + JSON.stringify(o),
      (o) => JSON.stringify(o).slice(0, Math.floor(JSON.stringify(o).length / 2)),
      (o) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(o), 'utf16le')]),
      (o) => Buffer.from(JSON.stringify(o), 'latin1'),
      () => '',
      () => 'null',
      () => '[]',
      () => '"just a string"',
      () => Buffer.from([0x00, 0x01, 0x02, 0xc3, 0x28]),
    ];
    const ids: string[] = [];
    const N = 300;
    for (let i = 0; i < N; i++) {
      const oauth: Record<string, unknown> = {};
      if (rnd() < 0.9) oauth.accessToken = rnd() < 0.6 ? `sk-ant-oat01-GEN${i}` : pick(tokenValues);
      if (rnd() < 0.9) oauth.refreshToken = rnd() < 0.6 ? `sk-ant-ort01-GEN${i}` : pick(tokenValues);
      if (rnd() < 0.9) oauth.expiresAt = pick(values);
      if (rnd() < 0.3) oauth.refreshTokenExpiresAt = pick(values);
      if (rnd() < 0.3) oauth.scopes = pick([null, 'user:inference', [1, 2], ['user:inference']]);
      if (rnd() < 0.2) oauth.subscriptionType = pick(values);
      const top = rnd() < 0.1 ? pick(values) : { claudeAiOauth: rnd() < 0.1 ? pick(values) : oauth };
      const id = `g${i}`;
      ids.push(id);
      const dir = sb.accountDir(id);
      fs.mkdirSync(dir, { recursive: true });
      const c = pick(wrappers)(top);
      fs.writeFileSync(path.join(dir, '.credentials.json'), c, { mode: 0o600 });
      const identity = pick<unknown>([{ oauthAccount: { emailAddress: `g${i}@example.com` } }, { oauthAccount: null }, { oauthAccount: 'x' }, { oauthAccount: { emailAddress: 7 } }, {}, '{"oauthAccount": {"emailAddress": "trunc']);
      fs.writeFileSync(path.join(dir, '.claude.json'), typeof identity === 'string' ? identity : pick(wrappers)(identity));
    }
    // special files too
    const specials = ['g-dir', 'g-fifo', 'g-link', 'g-empty-dir'];
    fs.mkdirSync(path.join(sb.accountDir('g-dir'), '.credentials.json'), { recursive: true });
    fs.mkdirSync(sb.accountDir('g-fifo'), { recursive: true });
    mkfifo(path.join(sb.accountDir('g-fifo'), '.credentials.json'));
    fs.mkdirSync(sb.accountDir('g-link'), { recursive: true });
    fs.symlinkSync(path.join(sb.accountDir('g-link'), 'loop'), path.join(sb.accountDir('g-link'), '.credentials.json'));
    fs.symlinkSync(path.join(sb.accountDir('g-link'), '.credentials.json'), path.join(sb.accountDir('g-link'), 'loop'));
    fs.mkdirSync(sb.accountDir('g-empty-dir'), { recursive: true });
    register(sb, [...ids, ...specials].map((id) => ({ id })));
    const before = hashes(path.join(sb.root, 'accounts'));

    const r = ctk(['status', '--json'], sb.env, { timeout: 30_000 });
    expect(r.code).not.toBeNull();
    expect(r.stderr).toBe('');
    const rows = JSON.parse(r.stdout).accounts;
    expect(rows).toHaveLength(N + specials.length);
    for (const row of rows) {
      expect(['healthy', 'expiring', 'expired', 'revoked', 'missing', 'invalid', 'wrong-account'], row.id).toContain(row.state);
      if (row.state !== 'healthy' && row.state !== 'expiring' && row.state !== 'expired') expect(row.error, row.id).toBeTruthy();
      for (const v of [row.expiresAt, row.msLeft, row.loginExpiresAt]) if (v !== null) expect(Number.isFinite(v), row.id).toBe(true);
    }
    const table = ctk(['status'], sb.env, { timeout: 30_000 });
    expect(table.stdout + table.stderr).not.toMatch(/NaN|Infinity|unexpected error/);
    for (const args of [['accounts', 'validate', '--json'], ['refresh', '--all', '--dry-run', '--json'], ['logins', '--json']]) {
      const x = ctk(args, { ...sb.env, CTK_CLAUDE_BIN: 'claude' }, { timeout: 30_000 });
      expect(x.stderr, args.join(' ')).not.toMatch(/unexpected error/);
      expect(x.stdout, args.join(' ')).not.toMatch(/NaN|Infinity/);
    }
    expect(hashes(path.join(sb.root, 'accounts'))).toEqual(before);
    console.log(`generated cases: ${N} credentials/identity shapes + ${specials.length} special files, ${rows.filter((x: any) => x.state === 'invalid').length} invalid rows`);
  }, 90_000);
});
