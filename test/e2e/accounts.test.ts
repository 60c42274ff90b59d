// ctk accounts / ctk config / --demo end to end.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, ctk, expectNoToken, H, makeSandbox, readJson, register, ROOT, writeAccount, type Sandbox } from '../helpers.js';
import { spawnSync } from 'node:child_process';

let sb: Sandbox;
beforeEach(() => {
  sb = makeSandbox();
});
afterEach(() => sb.cleanup());

const configFile = () => path.join(sb.configDir, 'config.json');
const snapshot = () => (fs.existsSync(configFile()) ? fs.readFileSync(configFile(), 'utf8') : null);

describe('ctk accounts', () => {
  it('import is re-runnable: it registers the new folders and says which were there already', () => {
    for (const id of ['1', '2', '3']) writeAccount(sb, id);
    const pattern = path.join(sb.root, 'accounts', '{id}');
    let r = ctk(['accounts', 'import', '1-2', '--pattern', pattern], sb.env);
    expect(r.stdout).toBe(`imported 2 accounts: 1, 2 → ${pattern}\n`);
    r = ctk(['accounts', 'import', '1-3', '--pattern', pattern], sb.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`imported 1 account: 3 → ${pattern}; already registered: 1, 2\n`);
    r = ctk(['accounts', 'import', '1-3', '--pattern', pattern], sb.env);
    expect(r.stdout).toBe('nothing new: 1-3 are registered already\n');
    expect(readJson(configFile()).accounts.map((a: any) => a.id)).toEqual(['1', '2', '3']);
  });

  it('takes ranges and lists wherever it takes ids', () => {
    for (const id of ['1', '2', '3', '10', 'work-2']) writeAccount(sb, id);
    register(sb, ['1', '2', '3', '10', 'work-2'].map((id) => ({ id })));
    const ids = (args: string[]) => JSON.parse(ctk(['status', ...args, '--json'], sb.env).stdout).accounts.map((a: any) => a.id);
    expect(ids(['1-3'])).toEqual(['1', '2', '3']);
    expect(ids(['1,2'])).toEqual(['1', '2']);
    expect(ids(['3', '1-2', '10'])).toEqual(['3', '1', '2', '10']);
    expect(ids(['work-2'])).toEqual(['work-2']); // a registered id is never read as a range
    const bad = ctk(['status', '1-5'], sb.env);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/unknown account 4, 5/);
    const dry = JSON.parse(ctk(['refresh', '1-2', '--dry-run', '--json'], { ...sb.env, CTK_CLAUDE_BIN: 'claude' }).stdout);
    expect(dry.results.map((x: any) => x.id).sort()).toEqual(['1', '2']);
  });

  it('adds, lists, removes, keeping the dir string exactly', () => {
    const dir = writeAccount(sb, '12', { expiresIn: 5 * H });
    let r = ctk(['accounts', 'add', '12', '--dir', dir + '/', '--label', 'main', '--email', 'dev12@example.com'], sb.env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const stored = readJson(configFile());
    // the account uuid the folder is signed in as is pinned along with the email
    expect(stored.accounts).toEqual([{ id: '12', dir: dir + '/', label: 'main', email: 'dev12@example.com', accountUuid: 'uuid-12' }]);
    expect(fs.statSync(configFile()).mode & 0o777).toBe(0o600);
    r = ctk(['accounts', 'list', '--ids'], sb.env);
    expect(r.stdout).toBe('12\n');
    r = ctk(['accounts', 'list', '--json'], sb.env);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ id: '12', dir: dir + '/', label: 'main' });
    r = ctk(['accounts', 'remove', '12'], sb.env);
    expect(r.code).toBe(0);
    expect(readJson(configFile()).accounts).toEqual([]);
    expect(fs.existsSync(path.join(dir, '.credentials.json'))).toBe(true);
  });

  it('rejects bad input in one line and changes nothing', () => {
    const dir = writeAccount(sb, '1');
    expect(ctk(['accounts', 'add', '1', '--dir', dir], sb.env).code).toBe(0);
    const before = snapshot();
    const cases: [string[], RegExp][] = [
      [['accounts', 'add', 'bad id', '--dir', dir], /may only use/],
      [['accounts', 'add', '1', '--dir', dir], /already exists/],
      [['accounts', 'add', '2', '--dir', dir], /already account 1/],
      [['accounts', 'add', '3', '--dir', 'relative/path'], /absolute path/],
      [['accounts', 'add', '4', '--dir', path.join(sb.root, 'nope')], /does not exist/],
      [['accounts', 'add', '5', '--dir', dir + 'x', '--email', 'not-an-email'], /not an email/],
      [['accounts', 'import', '1-3', '--pattern', path.join(sb.root, 'accounts', '{id}')], /2 folders not found/],
      [['accounts', 'import', '7-5', '--pattern', '/x/{id}'], /backwards/],
      [['accounts', 'import', '8-9', '--pattern', '/x/fixed'], /no \{id\}/],
      [['accounts', 'import', '8-9', '--pattern', path.join(sb.root, 'none-{id}')], /2 folders not found/],
      [['accounts', 'remove', '1', '99'], /unknown account 99/],
      [['config', 'set', 'warningHours', 'lots'], /takes a number/],
      [['config', 'set', 'warningHours', '-3'], /takes a number|at least 0/],
      [['config', 'set', 'nope', '1'], /unknown setting "nope"/],
      [['config', 'set', 'notify.webhookUrl', 'ftp://x'], /http\(s\) URL/],
      [['config', 'set', 'notify.webhookFormat', 'xml'], /one of json, slack, ntfy/],
      [['status', '--bogus'], /unknown option/],
    ];
    for (const [args, re] of cases) {
      const r = ctk(args, sb.env);
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.stderr, args.join(' ')).toMatch(re);
      expect(r.stderr.trim().split('\n').length, args.join(' ')).toBeLessThanOrEqual(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(snapshot(), args.join(' ')).toBe(before);
    }
  });

  it('imports id ranges with a {id} pattern', () => {
    for (const id of ['1', '2', '3', '100', '101']) writeAccount(sb, id);
    const r = ctk(['accounts', 'import', '1-3,100-101', '--pattern', path.join(sb.root, 'accounts', '{id}')], sb.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported 5 accounts/);
    expect(ctk(['accounts', 'list', '--ids'], sb.env).stdout).toBe('1\n2\n3\n100\n101\n');
    const s = JSON.parse(ctk(['status', '--json'], sb.env).stdout);
    expect(s.accounts).toHaveLength(5);
  });

  it('discovers ~/.claude* folders that hold credentials', () => {
    for (const name of ['.claude', '.claude-7', '.claude_work']) {
      fs.mkdirSync(path.join(sb.home, name));
      fs.writeFileSync(path.join(sb.home, name, '.credentials.json'), '{}', { mode: 0o600 });
    }
    fs.mkdirSync(path.join(sb.home, '.claude-empty'));
    let r = ctk(['accounts', 'discover', '--json'], sb.env);
    const found = JSON.parse(r.stdout).found.map((f: any) => f.id).sort();
    expect(found).toEqual(['7', 'default', 'work']);
    expect(snapshot()).toBeNull();
    r = ctk(['accounts', 'discover'], sb.env);
    expect(r.stdout).toMatch(/--yes/);
    expect(snapshot()).toBeNull();
    r = ctk(['accounts', 'discover', '--yes'], sb.env);
    expect(r.code).toBe(0);
    expect(ctk(['accounts', 'list', '--ids'], sb.env).stdout).toBe('7\ndefault\nwork\n');
    expect(ctk(['accounts', 'discover', '--json'], sb.env).stdout).toMatch(/"found": \[\]/);
  });

  it('validates folders, modes, identities and duplicate emails', () => {
    writeAccount(sb, '1', { email: 'same@example.com' });
    const d2 = writeAccount(sb, '2', { email: 'same@example.com' });
    fs.chmodSync(path.join(d2, '.credentials.json'), 0o644);
    writeAccount(sb, '3');
    expect(ctk(['accounts', 'import', '1-3', '--pattern', path.join(sb.root, 'accounts', '{id}')], sb.env).code).toBe(0);
    fs.rmSync(sb.accountDir('3'), { recursive: true });
    const r = ctk(['accounts', 'validate', '--json'], sb.env);
    expect(r.code).toBe(1);
    const rep = JSON.parse(r.stdout);
    expect(rep.duplicateEmails).toEqual([{ email: 'same@example.com', ids: ['1', '2'] }]);
    const a = Object.fromEntries(rep.accounts.map((x: any) => [x.id, x]));
    expect(a['1'].problems).toEqual([]);
    expect(a['2'].checks.mode).toBe(false);
    expect(a['3'].checks.folder).toBe(false);
    const text = ctk(['accounts', 'validate'], sb.env).stdout;
    expect(text).toMatch(/✗ 2 .*0644/);
    expect(text).toMatch(/same@example.com is signed in on 1, 2/);
  });
});

describe('ctk config', () => {
  it('gets, sets (validated, dotted keys), lists and unsets settings', () => {
    expect(ctk(['config', 'get', 'warningHours'], sb.env).stdout).toBe('2\n');
    expect(ctk(['config', 'set', 'warningHours', '3.5'], sb.env).code).toBe(0);
    expect(ctk(['config', 'set', 'notify.webhookUrl', 'http://127.0.0.1:9/hook'], sb.env).code).toBe(0);
    expect(ctk(['config', 'set', 'notify.desktop', 'off'], sb.env).code).toBe(0);
    expect(readJson(configFile())).toMatchObject({ warningHours: 3.5, notify: { webhookUrl: 'http://127.0.0.1:9/hook', desktop: false } });
    expect(ctk(['config', 'get', 'notify.webhookUrl'], sb.env).stdout).toBe('http://127.0.0.1:9/hook\n');
    const list = JSON.parse(ctk(['config', 'list', '--json'], sb.env).stdout);
    expect(list).toMatchObject({ warningHours: 3.5, 'notify.desktop': false, 'notify.webhookFormat': 'json' });
    expect(ctk(['config', 'unset', 'warningHours'], sb.env).code).toBe(0);
    expect(ctk(['config', 'get', 'warningHours'], sb.env).stdout).toBe('2\n');
    expect(ctk(['config', 'path'], sb.env).stdout.trim()).toBe(configFile());
  });

  it('refuses to write over a hand-broken config and says which file', () => {
    fs.mkdirSync(sb.configDir, { recursive: true });
    fs.writeFileSync(configFile(), '{"warningHours":"abc"}');
    const r = ctk(['config', 'set', 'warningHours', '3'], sb.env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/config\.json is invalid: .*warningHours/);
    expect(fs.readFileSync(configFile(), 'utf8')).toBe('{"warningHours":"abc"}');
  });
});

describe('--demo', () => {
  it('builds a 32-account sandbox with every state and touches nothing else', () => {
    const demoDir = path.join(sb.root, 'demo');
    const r = ctk(['status', '--demo', '--demo-dir', demoDir, '--json'], sb.env);
    expectNoToken(r.stdout, r.stderr);
    const json = JSON.parse(r.stdout);
    expect(json.accounts.map((a: any) => a.id)).toEqual([...Array.from({ length: 28 }, (_, i) => String(i + 1)), '100', '101', '102', '103']);
    for (const s of ['healthy', 'expiring', 'expired', 'revoked', 'missing', 'invalid']) expect(json.summary[s], s).toBeGreaterThan(0);
    expect(r.code).toBe(3);
    expect(json.accounts.every((a: any) => a.dir.startsWith(demoDir))).toBe(true);
    expect(fs.existsSync(sb.configDir)).toBe(false);
    expect(fs.readdirSync(sb.home)).toEqual([]);
    // refuses to take over a folder that is not a sandbox
    const other = path.join(sb.root, 'precious');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'keep.txt'), 'x');
    const bad = ctk(['status', '--demo', '--demo-dir', other], sb.env);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/not a ctk demo sandbox/);
    expect(fs.readdirSync(other)).toEqual(['keep.txt']);
  });
});

describe('start-up', () => {
  it('status and accounts list load no prompt, task-list, HTTP, process or conf library', () => {
    writeAccount(sb, '1');
    fs.mkdirSync(sb.configDir, { recursive: true });
    fs.writeFileSync(configFile(), JSON.stringify({ accounts: [{ id: '1', dir: sb.accountDir('1') }] }));
    for (const args of [['status'], ['status', '--json'], ['accounts', 'list', '--ids']]) {
      const trace = path.join(sb.root, 'trace.txt');
      const r = spawnSync(process.execPath, ['--import', path.join(ROOT, 'test/fixtures/trace-imports.mjs'), CLI, ...args], {
        env: { ...sb.env, CTK_TRACE_IMPORTS_FILE: trace },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      const urls = fs.readFileSync(trace, 'utf8');
      expect(urls).toContain('dist/cli.js');
      // The build's one-file fast path: besides the entry and what it needs itself, no module of ctk's own.
      const own = new Set(urls.split('\n').filter((u) => u.includes('/dist/')).map((u) => u.replace(/.*\/dist\//, '')));
      expect([...own].sort(), args.join(' ')).toEqual(['cli.js', 'fast-path.bundle.js', 'util/in-flight.js']);
      for (const heavy of ['@inquirer', 'listr2', 'execa', 'node_modules/conf/', 'ajv', 'node-notifier', 'proper-lockfile', 'node:http', 'node:https', 'undici']) {
        expect(urls, `${args.join(' ')} loaded ${heavy}`).not.toContain(heavy);
      }
    }
  });

  it('bare ctk shows the status; typos get a suggestion and exit 64', () => {
    writeAccount(sb, '1', { expiresIn: 5 * H });
    fs.mkdirSync(sb.configDir, { recursive: true });
    fs.writeFileSync(configFile(), JSON.stringify({ accounts: [{ id: '1', dir: sb.accountDir('1') }] }));
    const bare = ctk([], sb.env);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toMatch(/1 account: 1 healthy/);
    const demo = ctk(['--demo', '--demo-dir', path.join(sb.root, 'demo')], sb.env);
    expect(demo.stdout).toMatch(/32 accounts/);
    const typo = ctk(['stauts'], sb.env);
    expect(typo.code).toBe(64);
    expect(typo.stderr).toMatch(/unknown command 'stauts'[\s\S]*Did you mean status/);
    const version = ctk(['--version'], sb.env);
    expect(version.stdout.trim()).toBe(readJson(path.join(ROOT, 'package.json')).version);
    const help = ctk(['--help'], sb.env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/status \[options\] \[ids\.\.\.\]/);
  });
});
