// Folders pinned to an account: ctk pin/unpin, the nearest pinned ancestor, ctk run without an
// id, pin.guard (warn/strict/--force), the SessionStart warning, and the cd hook of
// `ctk init <shell> --auto` in a real bash and zsh.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ctk, expectNoToken } from '../helpers.js';
import { hasShell, runShell, shellWorld, type ShellWorld } from './shell-world.js';

let world: ShellWorld;
afterEach(() => world?.cleanup());

/** A project tree: proj (pinned to 1) holds sub (pinned to 12) and other (not pinned). */
function projects(w: ShellWorld): { proj: string; sub: string; deep: string; other: string; outside: string } {
  const proj = path.join(w.sb.root, 'src', 'proj');
  const p = { proj, sub: path.join(proj, 'sub'), deep: path.join(proj, 'sub', 'deep'), other: path.join(proj, 'other'), outside: path.join(w.sb.root, 'src', 'free') };
  for (const d of [p.deep, p.other, p.outside]) fs.mkdirSync(d, { recursive: true });
  return p;
}

function fakeClaude(w: ShellWorld): { bin: string; out: string } {
  const out = path.join(w.sb.root, 'claude-ran.txt');
  const bin = path.join(w.sb.root, 'fake-claude');
  fs.writeFileSync(bin, `#!/bin/sh\nprintf '%s\\n' "$CLAUDE_CONFIG_DIR" > '${out}'\nfor a in "$@"; do printf '[%s]\\n' "$a" >> '${out}'; done\n`, { mode: 0o755 });
  return { bin, out };
}

describe('ctk pin', () => {
  it('pins folders, lists them, finds the nearest pinned ancestor, and unpins', () => {
    world = shellWorld({ 1: {}, 12: {} });
    const p = projects(world);
    expect(ctk(['pin', '1', '--dir', p.proj], world.env).stdout).toMatch(/^pinned .*\/proj to account 1: inside it/);
    expect(ctk(['pin', '12'], world.env, { cwd: p.sub }).code).toBe(0);
    fs.symlinkSync(p.proj, path.join(world.sb.root, 'link'));
    const here = (cwd: string) => ctk(['current', '--pinned'], world.env, { cwd });
    expect(here(p.deep).stdout).toBe('12\n');
    expect(here(p.sub).stdout).toBe('12\n');
    expect(here(p.other).stdout).toBe('1\n');
    expect(here(path.join(world.sb.root, 'link', 'other')).stdout).toBe('1\n');
    expect(ctk(['current', '--pinned', '--dir'], world.env, { cwd: p.deep }).stdout).toBe(world.dirs['12'] + '\n');
    const none = here(p.outside);
    expect(none).toMatchObject({ code: 1, stdout: '' });
    expect(none.stderr).toMatch(/^ctk: this folder is not pinned/);
    const list = JSON.parse(ctk(['pin', '--list', '--json'], world.env, { cwd: p.deep }).stdout);
    expect(list).toMatchObject({ here: '12', pins: [{ dir: fs.realpathSync(p.proj), id: '1' }, { dir: fs.realpathSync(p.sub), id: '12' }] });
    expect(ctk(['pin', '--list'], world.env, { cwd: p.other }).stdout).toMatch(/^1 +.*\/proj {2}\(covers this folder\)\n12 +.*\/sub\n$/);
    // Re-pinning a folder replaces its pin; nothing is written into the folder itself.
    expect(ctk(['pin', '1', '--dir', p.sub], world.env).code).toBe(0);
    expect(here(p.deep).stdout).toBe('1\n');
    expect(fs.readdirSync(p.sub)).toEqual(['deep']);
    const notPinned = ctk(['unpin'], world.env, { cwd: p.deep });
    expect(notPinned.code).toBe(1);
    expect(notPinned.stderr).toMatch(/^ctk: .*\/deep is not pinned; it is inside .*\/sub, pinned to 1: ctk unpin --dir /);
    expect(ctk(['unpin', '--dir', p.sub], world.env).stdout).toMatch(/^unpinned /);
    expect(here(p.deep).stdout).toBe('1\n');
    expect(ctk(['pin', 'nope', '--dir', p.proj], world.env)).toMatchObject({ code: 64 });
    expect(ctk(['pin', '1', '--dir', path.join(p.proj, 'missing')], world.env).stderr).toMatch(/^ctk: .* is not a folder\n$/);
  });

  it('ctk run without an id uses the pin, else the shell’s account', () => {
    world = shellWorld({ 1: {}, 12: {} });
    const p = projects(world);
    ctk(['pin', '12', '--dir', p.proj], world.env);
    const f = fakeClaude(world);
    const env = { ...world.env, CTK_CLAUDE_BIN: f.bin, CLAUDE_CONFIG_DIR: world.dirs['1'] };
    let r = ctk(['run', '--', '-p', 'hi there'], env, { cwd: p.deep });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(fs.readFileSync(f.out, 'utf8')).toBe(`${world.dirs['12']}\n[-p]\n[hi there]\n`);
    r = ctk(['run'], env, { cwd: p.outside });
    expect(fs.readFileSync(f.out, 'utf8')).toBe(`${world.dirs['1']}\n`);
    r = ctk(['run'], { ...env, CLAUDE_CONFIG_DIR: '/elsewhere' }, { cwd: p.outside });
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/^ctk: say which account: ctk run <id>/);
  });

  it('pin.guard: warn starts with a warning, strict refuses with exit 2 and the fix, --force overrides, off is silent', () => {
    world = shellWorld({ 1: {}, 12: {} });
    const p = projects(world);
    ctk(['pin', '12', '--dir', p.proj], world.env);
    const f = fakeClaude(world);
    const env = { ...world.env, CTK_CLAUDE_BIN: f.bin };
    let r = ctk(['run', '1'], env, { cwd: p.sub });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('ctk: this folder is pinned to account 12; starting 1 as asked\n');
    expect(fs.readFileSync(f.out, 'utf8')).toBe(`${world.dirs['1']}\n`);
    fs.rmSync(f.out);
    expect(ctk(['config', 'set', 'pin.guard', 'strict'], world.env).code).toBe(0);
    r = ctk(['run', '1', '--', '-p', 'x'], env, { cwd: p.sub });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ctk: this folder is pinned to account 12, not 1 (pin.guard strict); run ctk run 12, or ctk run 1 --force\n');
    expect(fs.existsSync(f.out)).toBe(false);
    expect(ctk(['run', '12'], env, { cwd: p.sub }).code).toBe(0);
    expect(ctk(['run', '1', '--force'], env, { cwd: p.sub }).code).toBe(0);
    expect(fs.readFileSync(f.out, 'utf8')).toBe(`${world.dirs['1']}\n`);
    // The SessionStart hook warns about a session on another account than the folder's pin.
    const hook = (e: NodeJS.ProcessEnv) => ctk(['hook', 'session-start'], { ...e, CLAUDE_CONFIG_DIR: world.dirs['1'] }, { input: JSON.stringify({ cwd: p.deep, hook_event_name: 'SessionStart' }) });
    const h = hook(world.env);
    expectNoToken(h.stdout);
    expect(JSON.parse(h.stdout).systemMessage).toBe('ctk: this folder is pinned to account 12, but this session runs as 1; start it as 12: ctk run 12');
    expect(ctk(['config', 'set', 'pin.guard', 'off'], world.env).code).toBe(0);
    expect(hook(world.env).stdout).toBe('');
    r = ctk(['run', '1'], env, { cwd: p.sub });
    expect(r).toMatchObject({ code: 0, stderr: '' });
  });
});

describe.each(['bash', 'zsh'])('the cd hook and c in a real %s', (shell) => {
  it.skipIf(!hasShell(shell))(`ctk init ${shell} --auto switches on entering a pinned tree and back on leaving; c without an id uses the pin`, () => {
    world = shellWorld({ 1: {}, 7: {}, 12: {} });
    const p = projects(world);
    ctk(['pin', '12', '--dir', p.proj], world.env);
    const show = (tag: string) => `echo "${tag}=\${CLAUDE_CONFIG_DIR-unset}"`;
    const script = [
      `eval "$(ctk init ${shell} --auto)"`,
      show('start'),
      `cd '${p.deep}'`,
      show('in'),
      `cd '${p.other}'`,
      show('still'),
      `cd '${p.outside}'`,
      show('out'),
      `export CLAUDE_CONFIG_DIR='${world.dirs['7']}'`,
      show('set'),
      `cd '${p.sub}'`,
      show('in2'),
      `c 1 2>/dev/null`,
      `cd '${p.outside}'`,
      show('kept'),
      `cd '${p.sub}'`,
      show('in3'),
      `cd '${p.outside}'`,
      show('back'),
      `c 2>/dev/null; echo "c-outside=$?"`,
      `cd '${p.sub}'`,
      `c 2>/dev/null`,
      show('c'),
      'exit 0',
    ].join('\n');
    // bash runs PROMPT_COMMAND only when interactive; zsh runs chpwd on every cd.
    const argv = shell === 'bash' ? ['bash', '--norc', '--noprofile', '-i'] : ['zsh', '-f', '-c', script];
    const env = { ...world.env, PS1: '', CLAUDE_CONFIG_DIR: '' };
    delete env.CLAUDE_CONFIG_DIR;
    const r = shell === 'bash' ? runBash(argv, env, script) : runShell(argv, env);
    const vars = Object.fromEntries([...r.stdout.matchAll(/^([a-z0-9-]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    expect(vars, r.stdout + r.stderr).toMatchObject({
      start: 'unset',
      in: world.dirs['12'],
      still: world.dirs['12'],
      out: 'unset',
      set: world.dirs['7'],
      in2: world.dirs['12'],
      kept: world.dirs['1'],
      in3: world.dirs['12'],
      back: world.dirs['1'],
      c: world.dirs['12'],
    });
    expect(vars['c-outside']).not.toBe('0');
    expect(r.stderr).toMatch(/ctk: switched to 12/);
    expect(r.stderr).toMatch(/ctk: left the folder pinned to 12; back to the account before it/);
  });
});

function runBash(argv: string[], env: NodeJS.ProcessEnv, script: string) {
  const r = spawnSync(argv[0], argv.slice(1), { env, input: script + '\n', encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
