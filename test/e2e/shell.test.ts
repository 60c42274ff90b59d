// Shell integration end to end in bash (always present): ctk init, c, ct, ct-all, ct-refresh,
// quoting round trips, completion through bash's own machinery, ctk use / current / run,
// and the generated completions/ files.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, ctk, ctkAsync, expectNoToken, H, ROOT } from '../helpers.js';
import { startMockOAuthServer, type MockOAuthServer } from '../fixtures/mock-oauth-server.js';
import { AWKWARD, runShell, shellWorld, type ShellWorld } from './shell-world.js';

let world: ShellWorld | null = null;
let server: MockOAuthServer | null = null;
afterEach(async () => {
  world?.cleanup();
  world = null;
  await server?.close();
  server = null;
});

function bash(script: string, env = world!.env) {
  const r = runShell(['bash', '--norc', '--noprofile', '-c', `eval "$(ctk init bash)" || exit 99\n${script}`], env);
  expectNoToken(r.stdout, r.stderr);
  return r;
}

describe('bash: c, ct, ct-all, ct-refresh', () => {
  it('c 12 switches this shell to the account, read back from the same shell', () => {
    world = shellWorld({ 1: {}, 12: { label: 'team alpha' }, 100: {} });
    const r = bash(`c 12; echo "rc=$?"; printf 'dir=%s\\n' "$CLAUDE_CONFIG_DIR"; c 1; printf 'dir=%s\\n' "$CLAUDE_CONFIG_DIR"`);
    expect(r.stdout).toBe(`rc=0\ndir=${world.dirs['12']}\ndir=${world.dirs['1']}\n`);
    expect(r.stderr).toMatch(/switched to 12 \(team alpha\) · healthy, 6\.0 h left/);
  });

  it('an expired or revoked account is still switched to, loudly, with the fix', () => {
    world = shellWorld({ 1: {}, 12: { expiresIn: -3 * H }, 13: { expiresIn: 'revoked' }, 14: { expiresIn: 30 * 60_000 } });
    let r = bash(`c 12; echo "rc=$?"; printf 'dir=%s\\n' "$CLAUDE_CONFIG_DIR"`);
    expect(r.stdout).toBe(`rc=2\ndir=${world.dirs['12']}\n`);
    expect(r.stderr).toMatch(/!! switched to 12 \(dev12@example\.com\), but its token expired 3\.0 h ago/);
    expect(r.stderr).toMatch(/!! log in again: ctk refresh 12/);
    r = bash(`c 13; echo "rc=$?"; printf 'dir=%s\\n' "$CLAUDE_CONFIG_DIR"`);
    expect(r.stdout).toBe(`rc=2\ndir=${world.dirs['13']}\n`);
    expect(r.stderr).toMatch(/revoked.*\n.*ctk refresh 13/);
    r = bash(`c 14; echo "rc=$?"`);
    expect(r.stdout).toBe('rc=0\n');
    expect(r.stderr).toMatch(/expires in (29|30) min: ctk refresh 14/);
  });

  it('an unknown id changes nothing and says what exists', () => {
    world = shellWorld({ 1: {}, 12: {} });
    const r = bash(`export CLAUDE_CONFIG_DIR=/before; c 7; echo "rc=$?"; printf 'dir=%s\\n' "$CLAUDE_CONFIG_DIR"; c -h; echo "rc=$?"; c 1 2; echo "rc=$?"`);
    expect(r.stdout).toBe('rc=64\ndir=/before\nrc=64\nrc=64\n');
    expect(r.stderr).toMatch(/unknown account 7 \(known: 1, 12/);
    expect(r.stderr).toMatch(/usage: c \[id\]/);
  });

  it('quotes awkward folders so the variable reads back byte for byte', () => {
    world = shellWorld(AWKWARD);
    const ids = Object.keys(AWKWARD);
    const out = path.join(world.sb.root, 'out');
    fs.mkdirSync(out);
    const script = ids.map((id) => `c ${id} 2>/dev/null; printf '%s' "$CLAUDE_CONFIG_DIR" > '${out}/${id}'`).join('\n');
    const r = bash(script);
    expect(r.code, r.stderr).toBe(0);
    for (const id of ids) {
      expect(fs.readFileSync(path.join(out, id)).equals(Buffer.from(world.dirs[id], 'utf8')), `${id}: ${world.dirs[id]}`).toBe(true);
    }
    // the trailing slash and the decomposed é are kept as registered
    expect(world.dirs.trailing.endsWith('/')).toBe(true);
    expect(fs.readFileSync(path.join(out, 'nfd'), 'utf8')).toContain('e\u0301');
  });

  it('ct shows the current account, ct-all every account, ct-refresh refreshes the current one', () => {
    world = shellWorld({ 1: {}, 12: { expiresIn: 1 * H }, 100: {} });
    // A logging ctk in front of the real one shows which commands the functions run.
    const log = path.join(world.sb.root, 'calls.log');
    const logBin = path.join(world.sb.root, 'logbin');
    fs.mkdirSync(logBin);
    fs.writeFileSync(
      path.join(logBin, 'ctk'),
      `#!/bin/sh\necho "$*" >> '${log}'\n[ "$1" = refresh ] && exit 0\nexec '${world.bin}/ctk' "$@"\n`,
      { mode: 0o755 },
    );
    const env = { ...world.env, PATH: `${logBin}:${world.env.PATH}` };
    const r = bash(`c 12 2>/dev/null; ct; echo "ct=$?"; ct-all; echo "all=$?"; ct-refresh; ct-refresh 100; ct 1 --json > /dev/null; echo "json=$?"`, env);
    expect(r.stdout).toMatch(/expiring\s+12/);
    expect(r.stdout).toMatch(/ct=1\n/);
    expect(r.stdout).toMatch(/3 accounts: 2 healthy, 1 expiring/);
    expect(r.stdout).toMatch(/json=0\n/);
    expect(fs.readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual([
      'init bash',
      'use --shell bash -- 12',
      'current',
      'status 12',
      'status',
      'current',
      'refresh 12',
      'refresh 100',
      'status 1 --json',
    ]);
  });

  it('ct without a current account says how to switch', () => {
    world = shellWorld({ 1: {} });
    const r = bash(`unset CLAUDE_CONFIG_DIR; ct; echo "rc=$?"`);
    expect(r.stdout).toBe('rc=1\n');
    expect(r.stderr).toMatch(/on no registered account.*c <id>/);
  });
});

describe('bash completion', () => {
  /** Completes `words` (the last one is being typed) through the function bash registered. */
  function complete(world: ShellWorld, words: string[]): string[] {
    const cmd = words[0];
    const arr = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
    const r = bash(
      `spec=$(complete -p ${cmd}) || exit 98
fn=\${spec#*-F }; fn=\${fn%% *}
COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}
COMP_LINE="\${COMP_WORDS[*]}"; COMP_POINT=\${#COMP_LINE}
"$fn" ${cmd} '${words.at(-1)}' '${words.at(-2) ?? ''}'
printf '%s\\n' "\${COMPREPLY[@]}"`,
      world.env,
    );
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.split('\n').filter(Boolean);
  }

  it('offers account ids for c, ct and ct-refresh', () => {
    world = shellWorld({ 1: {}, 12: {}, 100: {}, 101: {}, 2: {}, work: {} });
    expect(complete(world, ['c', '1'])).toEqual(['1', '12', '100', '101']);
    expect(complete(world, ['ct', '10'])).toEqual(['100', '101']);
    expect(complete(world, ['ct-refresh', 'w'])).toEqual(['work']);
    expect(complete(world, ['c', ''])).toHaveLength(6);
    expect(complete(world, ['c', '12', ''])).toEqual([]);
  });

  it('completes ctk commands, subcommands, options, choices and ids', () => {
    world = shellWorld({ 1: {}, 12: {}, 100: {} });
    expect(complete(world, ['ctk', 'st'])).toEqual(['status']);
    expect(complete(world, ['ctk', 'accounts', 'l'])).toEqual(['list']);
    expect(complete(world, ['ctk', 'status', '--w'])).toEqual(['--warning-hours', '--with-emails']);
    expect(complete(world, ['ctk', 'status', '--no'])).toEqual(['--no-color']);
    expect(complete(world, ['ctk', 'status', '1'])).toEqual(['1', '12', '100']);
    expect(complete(world, ['ctk', 'status', '-w', '2', '1'])).toEqual(['1', '12', '100']);
    expect(complete(world, ['ctk', 'run', '1'])).toEqual(['1', '12', '100']);
    expect(complete(world, ['ctk', 'init', ''])).toEqual(['bash', 'zsh', 'fish', 'pwsh']);
    expect(complete(world, ['ctk', 'use', '12', '--shell', 'p'])).toEqual(['pwsh']);
    expect(complete(world, ['ctk', 'config', 'get', 'warn'])).toEqual(['warningHours']);
    expect(complete(world, ['ctk', 'help', 'acc'])).toEqual(['accounts']);
    // a new account's id is not completed from the existing ones
    expect(complete(world, ['ctk', 'accounts', 'add', '1'])).toEqual([]);
    // folders for --dir
    fs.mkdirSync(path.join(world.sb.root, 'pick me'));
    expect(complete(world, ['ctk', 'accounts', 'add', 'x', '--dir', path.join(world.sb.root, 'pic')])).toEqual([path.join(world.sb.root, 'pick me')]);
  });

  it('the standalone script (ctk completion bash) registers the same completion', () => {
    world = shellWorld({ 7: {}, 70: {} });
    const r = runShell(
      ['bash', '--norc', '-c', `source <(ctk completion bash); COMP_WORDS=(ctk status 7); COMP_CWORD=2; _ctk; printf '%s\\n' "\${COMPREPLY[@]}"; complete -p ctk`],
      world.env,
    );
    expect(r.stdout).toBe('7\n70\ncomplete -F _ctk ctk\n');
  });
});

describe('ctk use and ctk current', () => {
  it('prints only the statement on stdout, per shell, and nothing for an unknown id', () => {
    world = shellWorld({ 1: { folder: "it's" } });
    const d = world.dirs['1'];
    expect(ctk(['use', '1', '--shell', 'bash'], world.env).stdout).toBe(`export CLAUDE_CONFIG_DIR='${d.replace(/'/g, `'\\''`)}'\n`);
    expect(ctk(['use', '1', '--shell', 'fish'], world.env).stdout).toBe(`set -gx CLAUDE_CONFIG_DIR '${d.replace(/'/g, "\\'")}'\n`);
    expect(ctk(['use', '1', '--shell', 'pwsh'], world.env).stdout).toBe(`$env:CLAUDE_CONFIG_DIR = '${d.replace(/'/g, "''")}'\n`);
    expect(ctk(['use', '1'], { ...world.env, SHELL: '/usr/bin/fish' }).stdout).toMatch(/^set -gx /);
    const q = ctk(['use', '1', '--quiet', '--shell', 'zsh'], world.env);
    expect(q.stderr).toBe('');
    const bad = ctk(['use', 'nope'], world.env);
    expect(bad).toMatchObject({ code: 64, stdout: '' });
    const badShell = ctk(['use', '1', '--shell', 'tcsh'], world.env);
    expect(badShell.code).toBe(64);
    expect(badShell.stdout).toBe('');
  });

  it('the implicit default account unsets the variable instead of naming ~/.claude', () => {
    world = shellWorld({});
    fs.writeFileSync(path.join(world.sb.configDir, 'config.json'), '{}');
    const r = ctk(['use', 'default', '--shell', 'bash', '--no-check'], world.env);
    expect(r).toMatchObject({ code: 0, stdout: 'unset CLAUDE_CONFIG_DIR\n' });
  });

  it('ctk current matches CLAUDE_CONFIG_DIR, trailing slash or not', () => {
    world = shellWorld({ 1: {}, 12: {} });
    expect(ctk(['current'], { ...world.env, CLAUDE_CONFIG_DIR: world.dirs['12'] + '/' }).stdout).toBe('12\n');
    expect(ctk(['current', '--dir'], { ...world.env, CLAUDE_CONFIG_DIR: world.dirs['12'] }).stdout).toBe(world.dirs['12'] + '\n');
    const none = ctk(['current'], { ...world.env, CLAUDE_CONFIG_DIR: '/elsewhere' });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/CLAUDE_CONFIG_DIR=\/elsewhere/);
  });

  it('use, current and completion --accounts load no prompt, task-list, process, HTTP or conf library', () => {
    world = shellWorld({ 1: { label: 'work' } });
    for (const args of [['use', '1', '--shell', 'bash'], ['current'], ['completion', '--accounts'], ['accounts', 'list', '--ids']]) {
      const trace = path.join(world.sb.root, 'trace.txt');
      const r = spawnSync(process.execPath, ['--import', path.join(ROOT, 'test/fixtures/trace-imports.mjs'), CLI, ...args], {
        env: { ...world.env, CTK_TRACE_IMPORTS_FILE: trace, CLAUDE_CONFIG_DIR: world.dirs['1'] },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      const urls = fs.readFileSync(trace, 'utf8');
      for (const heavy of ['@inquirer', 'listr2', 'execa', 'node_modules/conf/', 'ajv', 'node-notifier', 'proper-lockfile', 'node:http', 'undici']) {
        expect(urls, `${args.join(' ')} loaded ${heavy}`).not.toContain(heavy);
      }
    }
  });

  it('completion --accounts prints ids with labels or emails for descriptions', () => {
    world = shellWorld({ 1: { label: 'work\tlaptop' }, 2: {} });
    const raw = JSON.parse(fs.readFileSync(path.join(world.sb.configDir, 'config.json'), 'utf8'));
    raw.accounts[1].email = 'two@example.com';
    fs.writeFileSync(path.join(world.sb.configDir, 'config.json'), JSON.stringify(raw));
    expect(ctk(['completion', '--accounts'], world.env).stdout).toBe('1\twork laptop\n2\ttwo@example.com\n');
  });
});

describe('ctk run', () => {
  function fakeClaude(w: ShellWorld, exitCode = 7): { bin: string; out: string } {
    const out = path.join(w.sb.root, 'claude-ran.txt');
    const bin = path.join(w.sb.root, 'fake-claude');
    // A guided login (claude auth login) fails at once: only a real start writes the file.
    fs.writeFileSync(bin, `#!/bin/sh\n[ "$1" = auth ] && exit 1\nprintf '%s\\n' "$CLAUDE_CONFIG_DIR" > '${out}'\nfor a in "$@"; do printf '[%s]\\n' "$a" >> '${out}'; done\nexit ${exitCode}\n`, { mode: 0o755 });
    return { bin, out };
  }

  it('starts claude under the account with its arguments and passes its exit code back', () => {
    world = shellWorld({ 12: { folder: 'my accounts/12', suffix: '/' } });
    const f = fakeClaude(world);
    const r = ctk(['run', '12', '--', '--resume', '-p', 'hello world'], { ...world.env, CTK_CLAUDE_BIN: f.bin, CLAUDE_CONFIG_DIR: '/other' });
    expectNoToken(r.stdout, r.stderr);
    expect(r.code).toBe(7);
    expect(fs.readFileSync(f.out, 'utf8')).toBe(`${world.dirs['12']}\n[--resume]\n[-p]\n[hello world]\n`);
    expect(r.stderr).toBe('');
  });

  it('refuses expired, revoked and missing tokens with exit 2 and the fix, without starting claude', () => {
    world = shellWorld({ 12: { expiresIn: -2 * H }, 13: { expiresIn: 'revoked' }, 14: { expiresIn: null } });
    const f = fakeClaude(world);
    for (const id of ['12', '13', '14']) {
      const r = ctk(['run', id], { ...world.env, CTK_CLAUDE_BIN: f.bin });
      expect(r.code, id).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`fix: ctk refresh ${id} \\(or ctk run ${id} --refresh\\)`));
      expect(fs.existsSync(f.out)).toBe(false);
    }
    expect(ctk(['run', '12'], { ...world.env, CTK_CLAUDE_BIN: f.bin }).stderr).toMatch(/token expired 2\.0 h ago/);
  });

  it('warns when the token expires within the hour, and still starts claude', () => {
    world = shellWorld({ 12: { expiresIn: 40 * 60_000 } });
    const f = fakeClaude(world, 0);
    const r = ctk(['run', '12'], { ...world.env, CTK_CLAUDE_BIN: f.bin });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/expires in (39|40) min; refresh soon: ctk refresh 12/);
    expect(fs.existsSync(f.out)).toBe(true);
  });

  it('--refresh refreshes a dead token first (ctk refresh --yes against a loopback server), then starts claude', async () => {
    server = await startMockOAuthServer();
    server.enqueue({ kind: 'success', expiresIn: 28800 });
    world = shellWorld({ 12: { expiresIn: -1 * H } });
    const f = fakeClaude(world, 5);
    const r = await ctkAsync(['run', '12', '--refresh', '--', 'go'], { ...world.env, CTK_CLAUDE_BIN: f.bin, CTK_OAUTH_TOKEN_URL: server.url }, { timeout: 30_000 });
    expectNoToken(r.stdout, r.stderr);
    expect(r.code, r.stderr).toBe(5);
    expect(server.requests).toHaveLength(1);
    expect(fs.readFileSync(f.out, 'utf8')).toBe(`${world.dirs['12']}\n[go]\n`);
    const st = JSON.parse(ctk(['status', '--json', '12'], world.env).stdout);
    expect(st.accounts[0].state).toBe('healthy');
  });

  it('--refresh that cannot fix the token still refuses to start claude', async () => {
    server = await startMockOAuthServer({ defaultReply: { kind: 'invalid_grant' } });
    world = shellWorld({ 12: { expiresIn: -1 * H } });
    const f = fakeClaude(world);
    const r = await ctkAsync(['run', '12', '--refresh'], { ...world.env, CTK_CLAUDE_BIN: f.bin, CTK_OAUTH_TOKEN_URL: server.url }, { timeout: 30_000 });
    expectNoToken(r.stdout, r.stderr);
    expect(r.code).toBe(2);
    expect(fs.existsSync(f.out)).toBe(false);
  });

  it('says how to point ctk at claude when it is not installed', () => {
    world = shellWorld({ 12: {} });
    const r = ctk(['run', '12'], { ...world.env, CTK_CLAUDE_BIN: path.join(world.sb.root, 'no-such-claude') });
    expect(r.code).toBe(127);
    expect(r.stderr).toMatch(/not found; set CTK_CLAUDE_BIN or ctk config set claudeBin/);
  });
});

describe('completions/', () => {
  it('holds exactly what ctk completion prints (regenerate: node scripts/gen-completions.mjs)', () => {
    world = shellWorld({});
    for (const [shell, file] of [['bash', 'ctk.bash'], ['zsh', '_ctk'], ['fish', 'ctk.fish'], ['pwsh', 'ctk.ps1']]) {
      const r = ctk(['completion', shell], world.env);
      expect(r.code).toBe(0);
      const onDisk = fs.readFileSync(path.join(ROOT, 'completions', file), 'utf8');
      expect(onDisk === r.stdout, `completions/${file} is stale: run npm run build && node scripts/gen-completions.mjs`).toBe(true);
    }
  });
});
