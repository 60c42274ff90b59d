// Issue 14's shell set-up in a real bash, zsh and fish (each skipped where absent): ctk init keeps
// a user's alias or function and says so once, --cmd picks the names, --write makes a file to
// source that doctor calls stale after an upgrade, c - goes back and c default goes to ~/.claude,
// and zsh without compinit prints a one-line hint.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CLI, ctk, expectNoToken } from '../helpers.js';
import { spawnPty, stripAnsi, type PtySession } from '../pty.js';
import { hasShell, runShell, shellWorld, type ShellWorld } from './shell-world.js';

let world: ShellWorld | null = null;
let session: PtySession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
  world?.cleanup();
  world = null;
});

interface ShellKit {
  name: 'bash' | 'zsh' | 'fish';
  argv(script: string): string[];
  /** Loads ctk init with these flags; exits 99 when that fails. */
  init(flags?: string): string;
  /** The same as init, from a file generated once. */
  cached(flags?: string): string;
  /** Loads a file written by --write. */
  source(file: string): string;
  /** A user's own alias c and function ct, defined before ctk init. */
  userNames: string;
  /** Prints "kept-c" when c is still the user's alias, then runs ct (the user's prints "mine"). */
  probeUserNames: string;
  /** Prints "rc=<last status> dir=<CLAUDE_CONFIG_DIR or unset>". */
  show: string;
}

// What ctk init prints does not depend on the accounts: generated once per shell and flags, and
// sourced from a file, so each script below starts one Node fewer (the first test evals it).
const CACHE = fs.mkdtempSync(path.join(os.tmpdir(), 'ctk-init-cache-'));
afterAll(() => fs.rmSync(CACHE, { recursive: true, force: true }));
function cachedInit(shell: string, flags: string): string {
  const file = path.join(CACHE, `${shell}${flags.replace(/\W+/g, '_')}`);
  if (!fs.existsSync(file)) {
    const env = { ...process.env, HOME: CACHE, CTK_CONFIG_DIR: path.join(CACHE, 'config') };
    delete env.CLAUDE_CONFIG_DIR;
    const r = spawnSync(process.execPath, [CLI, 'init', shell, ...flags.split(' ').filter(Boolean)], { encoding: 'utf8', env });
    if (r.status !== 0) throw new Error(r.stderr);
    fs.writeFileSync(file, r.stdout);
  }
  return file;
}

const posix = (name: 'bash' | 'zsh', argv: (s: string) => string[]): ShellKit => ({
  name,
  argv,
  init: (flags = '') => `eval "$(ctk init ${name}${flags ? ' ' + flags : ''})" || exit 99`,
  cached: (flags = '') => `. '${cachedInit(name, flags)}' || exit 99`,
  source: (file) => `. '${file}' || exit 99`,
  userNames: `alias c=clear\nct() { echo mine; }`,
  // bash's `alias c` prints c='clear', zsh's c=clear: either way the alias is still there.
  probeUserNames: `alias c >/dev/null 2>&1 && echo kept-c\nct`,
  show: `printf 'rc=%s dir=%s\\n' "$?" "\${CLAUDE_CONFIG_DIR-unset}"`,
});

const SHELLS: ShellKit[] = [
  posix('bash', (s) => ['bash', '--norc', '--noprofile', '-c', s]),
  posix('zsh', (s) => ['zsh', '-f', '-c', s]),
  {
    name: 'fish',
    argv: (s) => ['fish', '--no-config', '-c', s],
    init: (flags = '') => `ctk init fish${flags ? ' ' + flags : ''} | source; or exit 99`,
    cached: (flags = '') => `source '${cachedInit('fish', flags)}'; or exit 99`,
    source: (file) => `source '${file}'; or exit 99`,
    userNames: `alias c=clear\nfunction ct; echo mine; end`,
    probeUserNames: `functions c | string match -q '*clear*'; and echo kept-c\nct`,
    show: `printf 'rc=%s dir=%s\\n' $status (set -q CLAUDE_CONFIG_DIR; and echo $CLAUDE_CONFIG_DIR; or echo unset)`,
  },
];

function run(k: ShellKit, lines: string[], env = world!.env) {
  const r = runShell(k.argv(lines.join('\n')), env);
  expectNoToken(r.stdout, r.stderr);
  return r;
}

const kept = (shell: string, what: string) => `ctk: kept your ${what}; other names: ctk init ${shell} --cmd <prefix>\n`;

for (const k of SHELLS) {
  describe.skipIf(!hasShell(k.name))(`${k.name}: ctk init respects the user's names`, () => {
    it("keeps the user's alias c and function ct, says so in one line naming --cmd, and defines the rest", () => {
      world = shellWorld({ 1: {}, 12: {} });
      const r = run(k, [k.userNames, k.init(), k.probeUserNames, 'ct-all 12 > /dev/null', k.show, k.cached()]);
      expect(r.stdout).toBe('kept-c\nmine\nrc=0 dir=unset\n');
      // once per ctk init, one line each time
      expect(r.stderr).toBe(kept(k.name, 'c (alias), ct (function)').repeat(2));
    });

    it('--cmd x defines x, xt, xt-all and xt-refresh and leaves c alone', () => {
      world = shellWorld({ 1: {}, 12: { expiresIn: -3_600_000 } });
      const r = run(k, [
        k.userNames,
        // loaded twice: its own functions are redefined without a word
        k.cached('--cmd x'),
        k.cached('--cmd x'),
        k.probeUserNames,
        'x 12 2>/dev/null',
        k.show,
        'xt > /dev/null',
        k.show,
        'xt-all 1 > /dev/null',
        k.show,
        'x 1 2',
        k.show,
      ]);
      expect(r.stdout).toBe(`kept-c\nmine\nrc=2 dir=${world.dirs['12']}\nrc=2 dir=${world.dirs['12']}\nrc=0 dir=${world.dirs['12']}\nrc=64 dir=${world.dirs['12']}\n`);
      // nothing was taken, so nothing to say (twice); x's usage names x
      expect(r.stderr).not.toMatch(/kept/);
      expect(r.stderr).toMatch(/^usage: x \[id\]   \(no id: pick one; -: the previous account; default: ~\/\.claude\)$/m);
    });

    it('c - goes back and forth, c default goes to ~/.claude (CLAUDE_CONFIG_DIR unset), and back', () => {
      world = shellWorld({ 1: {}, 12: { folder: "it's 12" } });
      const r = run(k, [k.cached(), 'c - 2>/dev/null', k.show, 'c 12 2>/dev/null', 'c 1 2>/dev/null', 'c - 2>/dev/null', k.show, 'c - 2>/dev/null', k.show, 'c default', k.show, 'c - 2>/dev/null', k.show, 'c - 2>/dev/null', k.show]);
      const d1 = world.dirs['1'];
      const d12 = world.dirs['12'];
      // no previous account yet: nothing changes
      expect(r.stdout).toBe(`rc=64 dir=unset\nrc=0 dir=${d12}\nrc=0 dir=${d1}\nrc=2 dir=unset\nrc=0 dir=${d1}\nrc=2 dir=unset\n`);
      // ~/.claude (the sandbox's) is not logged in: switched to, loudly
      expect(r.stderr).toMatch(/switched to default \(~\/\.claude\), but it is not logged in/);
      // no account "default" is registered, so the fix is a login there, not ctk refresh default
      expect(r.stderr).toMatch(/!! log in: claude auth login \(with CLAUDE_CONFIG_DIR unset\)/);
      expect(r.stderr).not.toMatch(/ctk refresh default/);
    });
  });

  describe.skipIf(!hasShell(k.name))(`${k.name}: ctk init --write`, () => {
    it('writes a file to source (stamped, atomic) that doctor calls stale after an upgrade and the command it names fixes', () => {
      world = shellWorld({ 12: {} });
      const file = path.join(world.sb.root, 'conf dir', `init.${k.name}`);
      const w = ctk(['init', k.name, '--cmd', 'x', '--write', file], world.env);
      expect(w.code, w.stderr).toBe(0);
      expect(w.stdout).toBe('');
      expect(w.stderr).toMatch(/^ctk: wrote .*; load it from .* with: source /);
      const text = fs.readFileSync(file, 'utf8');
      const [stamp, ...rest] = text.split('\n');
      expect(stamp).toMatch(/^# ctk \d+\.\d+\.\d+\S* wrote this file; after upgrading ctk, write it again: ctk init \S+ --cmd x --write /);
      // exactly what ctk init prints, after the stamp; no temp file left behind
      if (k.name === 'bash') expect(rest.join('\n')).toBe(ctk(['init', k.name, '--cmd', 'x'], world.env).stdout);
      expect(fs.readdirSync(path.dirname(file))).toEqual([`init.${k.name}`]);
      // a new shell sources it without starting ctk
      const r = run(k, [k.source(file), 'x 12 2>/dev/null', k.show]);
      expect(r.stdout).toBe(`rc=0 dir=${world.dirs['12']}\n`);

      const shellLines = () => JSON.parse(ctk(['doctor', '--json'], world!.env).stdout).checks.filter((c: any) => c.check === 'shell');
      if (k.name === 'bash') expect(shellLines()).toEqual([expect.objectContaining({ ok: true, message: expect.stringMatching(/is up to date/) })]);
      // an upgrade: the file was written by an older ctk
      fs.writeFileSync(file, text.replace(/^# ctk \S+ /, '# ctk 0.0.1 '));
      const stale = ctk(['doctor'], world.env);
      expect(stale.code).toBe(1);
      expect(stale.stdout).toMatch(/✗ .*init\.\S+ was written by ctk 0\.0\.1, this is ctk \S+: new shells load\s+old functions → ctk init \S+ --cmd x --write/);
      const [line] = shellLines();
      expect(line.ok).toBe(false);
      // the fix it names, run as printed, makes it current again
      const r2 = run(k, [line.fix]);
      expect(r2.stderr).toMatch(/^ctk: wrote /);
      expect(fs.readFileSync(file, 'utf8')).toBe(text);
      if (k.name === 'bash') expect(shellLines()).toEqual([expect.objectContaining({ ok: true })]);
    });
  });

  describe.skipIf(!hasShell(k.name))(`${k.name}, interactive: c with no id and no usage figures`, () => {
    it('starts the picker on a healthy account, not the expired first one', async () => {
      world = shellWorld({ 1: { expiresIn: -2 * 3_600_000 }, 2: { expiresIn: null }, 3: { expiresIn: 'revoked' }, 7: { label: 'works' }, 9: {} });
      const env = { ...world.env, TERM: 'xterm', PS1: 'SP> ' };
      const args = k.name === 'bash' ? ['--norc', '--noprofile', '-i'] : k.name === 'zsh' ? ['-f', '-i'] : ['--no-config', '-i'];
      session = spawnPty(args, env, { file: k.name, cols: 120, rows: 30 });
      const s = session;
      s.write(`${k.cached()}; echo READY-${k.name === 'fish' ? '(math 6 \\* 7)' : '$((6*7))'}\r`);
      await s.waitFor('READY-42');
      s.write('c\r');
      await s.waitFor(/9\s+healthy/);
      s.write('\r');
      await s.waitFor(/switched to 7 \(works\)/);
      expect(stripAnsi(s.output())).not.toMatch(/switched to 1\b/);
    });
  });
}

describe.skipIf(!hasShell('zsh'))('zsh without compinit', () => {
  async function firstPrompt(flags: string, compinit: boolean): Promise<string> {
    world = shellWorld({ 7: {} });
    const zdot = path.join(world.sb.root, 'zdot');
    fs.mkdirSync(zdot);
    session = spawnPty(['-f', '-i'], { ...world.env, TERM: 'xterm', ZDOTDIR: zdot }, { file: 'zsh', cols: 160, rows: 40 });
    const s = session;
    const ci = compinit ? `autoload -U compinit; compinit -u -d '${zdot}/.zcompdump'; ` : '';
    s.write(`PS1='ZP> '; eval "$(ctk init zsh${flags})"; ${ci}echo READY-$((6*7))\r`);
    await s.waitFor('READY-42');
    // the first prompt has been drawn once the next command's output appears
    s.write('echo DONE-$((5*5))\r');
    await s.waitFor('DONE-25');
    return stripAnsi(s.output());
  }

  it('prints one line at the first prompt saying how to get completion', async () => {
    const out = await firstPrompt('', false);
    // one line, once (zsh draws its PROMPT_SP padding before it on the same terminal row)
    expect(out.match(/ctk: [^\r\n]*compinit[^\r\n]*/g)).toEqual(['ctk: completion needs compinit in ~/.zshrc (or: ctk init zsh --no-completion)']);
  });

  it('says nothing when compinit runs after ctk init, or with --no-completion', async () => {
    expect(await firstPrompt('', true)).not.toMatch(/needs compinit/);
    session?.kill();
    world?.cleanup();
    expect(await firstPrompt(' --no-completion', false)).not.toMatch(/needs compinit/);
  });
});
