// Inside Claude Code: `ctk statusline` (what Claude Code shows under the prompt), the SessionStart
// hook, and `ctk hooks install|remove|status` merging both into each account's settings.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, ctk, expectNoToken, H, ROOT, SAMPLES } from '../helpers.js';
import { shellWorld, type ShellWorld } from './shell-world.js';

let world: ShellWorld;
afterEach(() => world?.cleanup());

const DAY = 24 * H;
const SAMPLE = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'statusline-input.claude-code-2.1.332.json'), 'utf8'));

/** The real-shaped sample, with resets in the future (the sample's own times are fixed). */
function sample(over: Record<string, unknown> = {}): string {
  const s = structuredClone(SAMPLE);
  const now = Math.floor(Date.now() / 1000);
  s.rate_limits.five_hour.resets_at = now + 2 * 3600;
  s.rate_limits.seven_day.resets_at = now + 3 * 86400;
  return JSON.stringify({ ...s, ...over });
}

function withLoginDeadline(dir: string, expiresIn: number, loginIn: number): void {
  const now = Date.now();
  const oauth = { accessToken: 'sk-ant-oat01-TESTlogin', refreshToken: 'sk-ant-ort01-TESTlogin', expiresAt: now + expiresIn, scopes: ['user:inference'], subscriptionType: 'max', refreshTokenExpiresAt: now + loginIn };
  fs.writeFileSync(path.join(dir, '.credentials.json'), JSON.stringify({ claudeAiOauth: oauth }), { mode: 0o600 });
}

function statusline(env: NodeJS.ProcessEnv, input: string) {
  const r = ctk(['statusline'], env, { input });
  expectNoToken(r.stdout, r.stderr);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  expect(r.stdout.split('\n')).toHaveLength(2);
  return r.stdout.trimEnd();
}

describe('ctk statusline', () => {
  it('prints id, label, time left and Claude Code’s 5h/7d figures, and caches them for ctk usage with the network closed', () => {
    world = shellWorld({ 12: { label: 'work', expiresIn: 6 * H } });
    const env = { ...world.env, CLAUDE_CONFIG_DIR: world.dirs['12'] };
    const input = sample();
    expect(statusline(env, input)).toMatch(/^ctk 12 work · 5h5\dm left · 5h 23% 7d 61%$/);
    const cache = JSON.parse(fs.readFileSync(path.join(world.sb.configDir, 'state', 'usage-cache.json'), 'utf8'));
    expect(cache.accounts['12']).toMatchObject({ dir: world.dirs['12'], windows: { five_hour: { utilization: 23.4 }, seven_day: { utilization: 61 } } });
    expect(Date.parse(cache.accounts['12'].windows.five_hour.resetsAt)).toBe(JSON.parse(input).rate_limits.five_hour.resets_at * 1000);
    // No server at all: ctk usage answers from what the status line saw.
    const closed = { ...world.env, CTK_API_BASE_URL: 'http://127.0.0.1:9', CTK_OAUTH_TOKEN_URL: 'http://127.0.0.1:9/v1/oauth/token' };
    const u = ctk(['usage', '--json'], closed);
    expect(u.code, u.stderr).toBe(0);
    const row = JSON.parse(u.stdout).accounts[0];
    expect(row).toMatchObject({ id: '12', status: 'cached', headroom: 39, windows: { five_hour: { utilization: 23.4 }, seven_day: { utilization: 61 } } });
  });

  it('without rate_limits prints no figures and caches nothing; a shortened email stands in for a label', () => {
    world = shellWorld({ 7: { expiresIn: 40 * 60_000 } });
    const env = { ...world.env, CLAUDE_CONFIG_DIR: world.dirs['7'] };
    const { rate_limits: _, ...noLimits } = JSON.parse(sample());
    expect(statusline(env, JSON.stringify(noLimits))).toMatch(/^ctk 7 dev7 · ⚠ (39|40)m left$/);
    expect(fs.existsSync(path.join(world.sb.configDir, 'state', 'usage-cache.json'))).toBe(false);
  });

  it('marks an expired token, a wrong sign-in and a near login deadline loudly', () => {
    world = shellWorld({ 1: { expiresIn: -2 * H }, 2: {}, 3: {} });
    const raw = JSON.parse(fs.readFileSync(path.join(world.sb.configDir, 'config.json'), 'utf8'));
    raw.accounts[1].email = 'someone-else@example.com';
    fs.writeFileSync(path.join(world.sb.configDir, 'config.json'), JSON.stringify(raw));
    withLoginDeadline(path.join(world.sb.root, 'accounts', '3'), 6 * H, 2 * DAY + H);
    const line = (id: string) => statusline({ ...world.env, CLAUDE_CONFIG_DIR: world.dirs[id] }, sample());
    expect(line('1')).toBe('⚠ 1 dev1 · TOKEN EXPIRED: ctk refresh 1 · 5h 23% 7d 61%');
    expect(line('2')).toBe('⚠ 2 dev2 · WRONG ACCOUNT: ctk status 2 · 5h 23% 7d 61%');
    expect(line('3')).toMatch(/^ctk 3 dev3 · 5h5\dm left · ⚠ login ends in 2d · 5h 23% 7d 61%$/);
  });

  it('never fails: garbage, empty input, an unknown folder or a broken ctk config give a short line and exit 0', () => {
    world = shellWorld({ 12: {} });
    const env = { ...world.env, CLAUDE_CONFIG_DIR: world.dirs['12'] };
    expect(statusline(env, 'not json {')).toMatch(/^ctk 12 dev12 · 5h5\dm left$/);
    expect(statusline(env, '')).toMatch(/^ctk 12 dev12 · /);
    expect(statusline(env, JSON.stringify({ rate_limits: { five_hour: { used_percentage: 'x' } } }))).toMatch(/^ctk 12 dev12 · 5h5\dm left$/);
    expect(statusline({ ...world.env, CLAUDE_CONFIG_DIR: path.join(world.sb.root, 'elsewhere') }, sample())).toBe('ctk ? · elsewhere is not a ctk account');
    fs.writeFileSync(path.join(world.sb.configDir, 'config.json'), '{ broken');
    expect(statusline(env, sample())).toBe('ctk ? · cannot read ctk’s config (run ctk doctor)');
  });

  it('statusline, hook session-start and current --pinned load no prompt, task-list, process, HTTP or conf library', () => {
    world = shellWorld({ 1: {} });
    for (const args of [['statusline'], ['hook', 'session-start'], ['current', '--pinned']]) {
      const trace = path.join(world.sb.root, 'trace.txt');
      const r = spawnSync(process.execPath, ['--import', path.join(ROOT, 'test/fixtures/trace-imports.mjs'), CLI, ...args], {
        env: { ...world.env, CTK_TRACE_IMPORTS_FILE: trace, CLAUDE_CONFIG_DIR: world.dirs['1'] },
        encoding: 'utf8',
        input: sample(),
      });
      expect(r.stderr).toMatch(args[0] === 'current' ? /not pinned/ : /^$/);
      const urls = fs.readFileSync(trace, 'utf8');
      expect(urls).not.toContain('commander');
      for (const heavy of ['@inquirer', 'listr2', 'execa', 'node_modules/conf/', 'ajv', 'node-notifier', 'proper-lockfile', 'node:http', 'undici']) {
        expect(urls, `${args.join(' ')} loaded ${heavy}`).not.toContain(heavy);
      }
    }
  });
});

describe('ctk hook session-start', () => {
  const hook = (env: NodeJS.ProcessEnv, input = JSON.stringify({ session_id: 'x', cwd: '/', hook_event_name: 'SessionStart', source: 'startup' })) => {
    const r = ctk(['hook', 'session-start'], env, { input });
    expectNoToken(r.stdout, r.stderr);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    return r.stdout === '' ? null : JSON.parse(r.stdout).systemMessage;
  };

  it('says nothing when all is well, and warns with the fixing command otherwise', () => {
    world = shellWorld({ 1: {}, 2: { expiresIn: -H }, 3: { expiresIn: 30 * 60_000 }, 4: {} });
    withLoginDeadline(path.join(world.sb.root, 'accounts', '4'), 6 * H, 3 * DAY + H);
    const env = (id: string) => ({ ...world.env, CLAUDE_CONFIG_DIR: world.dirs[id] });
    expect(hook(env('1'))).toBeNull();
    expect(hook(env('2'))).toBe('ctk: account 2 (dev2@example.com): its token expired 1.0 h ago; fix: ctk refresh 2');
    expect(hook(env('3'))).toMatch(/^ctk: account 3 \(dev3@example.com\): its token expires in (29|30) min; refresh it: ctk refresh 3$/);
    expect(hook(env('4'))).toBe('ctk: account 4: login ends in 3 d; renew it with a browser sign-in: ctk refresh 4 --method login');
    expect(hook(env('2'), 'garbage')).toMatch(/expired/);
    expect(hook({ ...world.env, CLAUDE_CONFIG_DIR: '/nowhere' })).toBeNull();
  });
});

describe('ctk hooks', () => {
  const USER_SETTINGS = {
    model: 'opus',
    permissions: { allow: ['Bash(npm test:*)'], deny: [] },
    hooks: {
      SessionStart: [{ matcher: 'startup', hooks: [{ type: 'command', command: 'echo mine' }] }],
      PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: '/usr/local/bin/guard' }] }],
    },
    env: { FOO: 'bar' },
  };

  const settingsOf = (id: string) => path.join(world.dirs[id], 'settings.json');
  const backups = () => {
    const d = path.join(world.sb.configDir, 'state', 'backups', 'claude-settings');
    return fs.existsSync(d) ? fs.readdirSync(d) : [];
  };

  it('merges into the user’s settings, is idempotent, and remove gives back exactly the original', () => {
    world = shellWorld({ 1: {}, 2: {} });
    const original = JSON.stringify(USER_SETTINGS, null, 2) + '\n';
    fs.writeFileSync(settingsOf('1'), original, { mode: 0o644 });
    const r = ctk(['hooks', 'install'], world.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^1 +added the status line and the SessionStart hook to .*accounts\/1\/settings\.json$/m);
    expect(r.stdout).toMatch(/runs ctk from PATH/);
    const s1 = JSON.parse(fs.readFileSync(settingsOf('1'), 'utf8'));
    expect(s1.statusLine).toEqual({ type: 'command', command: 'ctk statusline', padding: 0 });
    expect(s1.hooks.SessionStart).toEqual([...USER_SETTINGS.hooks.SessionStart, { hooks: [{ type: 'command', command: 'ctk hook session-start', timeout: 10 }] }]);
    expect(s1.hooks.PreToolUse).toEqual(USER_SETTINGS.hooks.PreToolUse);
    expect({ ...s1, statusLine: undefined, hooks: undefined }).toEqual({ ...USER_SETTINGS, statusLine: undefined, hooks: undefined });
    expect(fs.statSync(settingsOf('1')).mode & 0o777).toBe(0o644);
    expect(fs.existsSync(settingsOf('2'))).toBe(true);
    expect(backups()).toHaveLength(1);
    const backup = fs.readFileSync(path.join(world.sb.configDir, 'state', 'backups', 'claude-settings', backups()[0]), 'utf8');
    expect(backup).toBe(original);

    const before = fs.readFileSync(settingsOf('1'), 'utf8');
    const again = ctk(['hooks', 'install', '1', '--json'], world.env);
    expect(JSON.parse(again.stdout).accounts[0]).toMatchObject({ id: '1', result: 'unchanged' });
    expect(fs.readFileSync(settingsOf('1'), 'utf8')).toBe(before);
    expect(backups()).toHaveLength(1);

    const st = JSON.parse(ctk(['hooks', 'status', '--json'], world.env).stdout);
    expect(st).toMatchObject({ command: 'ctk', onPath: true });
    expect(st.accounts.map((a: any) => [a.id, a.statusline, a.sessionStart])).toEqual([['1', 'ctk', true], ['2', 'ctk', true]]);

    const rm = ctk(['hooks', 'remove'], world.env);
    expect(rm.code, rm.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(settingsOf('1'), 'utf8'))).toEqual(USER_SETTINGS);
    expect(JSON.parse(fs.readFileSync(settingsOf('2'), 'utf8'))).toEqual({});
    expect(ctk(['hooks', 'remove', '1', '--json'], world.env).stdout).toMatch(/"result": "unchanged"/);
  });

  it('keeps the user’s own statusLine, installs one part alone, and leaves an unparsable settings.json untouched', () => {
    world = shellWorld({ 1: {}, 2: {}, 3: {} });
    fs.writeFileSync(settingsOf('1'), JSON.stringify({ statusLine: { type: 'command', command: '~/my-line.sh' } }));
    fs.writeFileSync(settingsOf('2'), '{ "model": "opus", }');
    const r = ctk(['hooks', 'install', '--statusline'], world.env);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^ctk: 2: .*settings\.json is not valid JSON .*; left untouched$/)]);
    expect(fs.readFileSync(settingsOf('2'), 'utf8')).toBe('{ "model": "opus", }');
    expect(r.stdout).toMatch(/^1 +nothing to change in .* \(its own statusLine is kept; remove it by hand to use ctk’s\)$/m);
    expect(JSON.parse(fs.readFileSync(settingsOf('1'), 'utf8')).statusLine.command).toBe('~/my-line.sh');
    expect(JSON.parse(fs.readFileSync(settingsOf('3'), 'utf8'))).toEqual({ statusLine: { type: 'command', command: 'ctk statusline', padding: 0 } });
  });

  it('without ctk on PATH writes absolute paths that work from any folder', () => {
    world = shellWorld({ 1: { label: 'work' } });
    const env = { ...world.env, PATH: '/usr/bin:/bin' };
    const r = ctk(['hooks', 'install', '1'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ctk is not on PATH/);
    const command: string = JSON.parse(fs.readFileSync(settingsOf('1'), 'utf8')).statusLine.command;
    expect(command).toBe(`'${process.execPath}' '${fs.realpathSync(CLI)}' statusline`);
    // As Claude Code runs it: through a shell, from another folder, the JSON on stdin.
    const run = spawnSync('/bin/sh', ['-c', command], { cwd: '/', env: { ...env, CLAUDE_CONFIG_DIR: world.dirs['1'] }, input: sample(), encoding: 'utf8' });
    expect(run.stdout).toMatch(/^ctk 1 work · 5h5\dm left · 5h 23% 7d 61%\n$/);
    expect(ctk(['hooks', 'status'], env).stdout).toMatch(/^ctk is not on PATH: commands start '/);
  });
});
