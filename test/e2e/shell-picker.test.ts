// The account picker in a real pseudo-terminal: drawn on the terminal, only the id on stdout.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, expectNoToken, H } from '../helpers.js';
import { KEYS, spawnPty, type PtySession } from '../pty.js';
import { shellWorld, type ShellWorld } from './shell-world.js';

let world: ShellWorld | null = null;
let session: PtySession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
  world?.cleanup();
  world = null;
});

/** Waits for a pattern in what the terminal showed after `mark` characters of text. */
async function waitAfter(s: PtySession, mark: number, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pattern.test(s.text().slice(mark))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${pattern}; screen:\n${s.text().slice(mark).slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function pickWorld() {
  world = shellWorld({
    1: {},
    12: { label: 'team alpha', expiresIn: -2 * H },
    100: { expiresIn: 45 * 60_000 },
    101: {},
    work: { email: 'me@corp.example' },
  });
  return world;
}

/** `ctk pick > out` on a terminal, the way `id=$(ctk pick)` runs it: stdin and stderr are the tty. */
function startPick(w: ShellWorld, env: NodeJS.ProcessEnv = w.env) {
  const out = path.join(w.sb.root, 'picked.txt');
  session = spawnPty(['-c', `exec ${q(process.execPath)} ${q(CLI)} pick > ${q(out)}`], env, { file: '/bin/sh', cols: 120, rows: 30 });
  return { s: session, out: () => fs.readFileSync(out, 'utf8') };
}

describe('ctk pick', () => {
  it('shows every account with state and time left, current first; filter, move, Enter prints the id', async () => {
    const w = pickWorld();
    const { s, out } = startPick(w, { ...w.env, CLAUDE_CONFIG_DIR: w.dirs.work });
    await s.waitFor(/Account/);
    await s.waitFor(/101\s+healthy 6\.0 h/);
    const first = s.text();
    expect(first).toMatch(/▶ work\s+healthy 6\.0 h\s+me@corp\.example/);
    expect(first).toMatch(/12\s+expired 2\.0 h ago\s+team alpha · dev12@example\.com/);
    expect(first).toMatch(/100\s+expiring (44|45) min/);
    // the current account is the first row
    expect(first.indexOf('▶ work')).toBeLessThan(first.indexOf(' 1 '));
    s.write('10');
    await s.waitFor(/❯\s+100 /);
    s.write(KEYS.down);
    await s.waitFor(/❯\s+101 /);
    s.write(KEYS.enter);
    const { exitCode } = await s.exited;
    expect(exitCode).toBe(0);
    expect(out()).toBe('101\n');
    expectNoToken(s.output());
  });

  it('filters by label and email', async () => {
    const w = pickWorld();
    let p = startPick(w);
    await p.s.waitFor(/Account/);
    p.s.write('alpha');
    await p.s.waitFor(/❯\s+12 /);
    p.s.write(KEYS.enter);
    expect((await p.s.exited).exitCode).toBe(0);
    expect(p.out()).toBe('12\n');
    p = startPick(w);
    await p.s.waitFor(/Account/);
    p.s.write('corp');
    await p.s.waitFor(/❯\s+work /);
    p.s.write(KEYS.enter);
    expect((await p.s.exited).exitCode).toBe(0);
    expect(p.out()).toBe('work\n');
  });

  it('Esc cancels with exit 130 and prints nothing', async () => {
    const w = pickWorld();
    const { s, out } = startPick(w);
    await s.waitFor(/101\s+healthy/);
    s.write('1');
    await s.waitFor(/❯\s+1 /);
    s.write(KEYS.esc);
    expect((await s.exited).exitCode).toBe(130);
    expect(out()).toBe('');
  });

  it('Ctrl-C cancels with exit 130 and prints nothing', async () => {
    const w = pickWorld();
    const { s, out } = startPick(w);
    await s.waitFor(/101\s+healthy/);
    s.write(KEYS.ctrlC);
    expect((await s.exited).exitCode).toBe(130);
    expect(out()).toBe('');
  });

  it('without any terminal it says to name the account instead', () => {
    const w = pickWorld();
    const r = spawnSync('setsid', ['-w', process.execPath, CLI, 'pick'], { env: w.env, encoding: 'utf8', input: '' });
    if (r.error) return; // no setsid here
    expect(r.status).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/needs a terminal.*ctk use <id>/);
  });
});

describe('c with no id, in an interactive bash', () => {
  it('opens the picker and switches the shell to the chosen account', async () => {
    const w = pickWorld();
    session = spawnPty(['--norc', '--noprofile', '-i'], { ...w.env, PS1: 'BP> ', TERM: 'xterm' }, { file: 'bash', cols: 120, rows: 30 });
    const s = session;
    s.write('eval "$(ctk init bash)"; echo READY-$((6*7))\r');
    await s.waitFor('READY-42');
    s.write('c\r');
    await s.waitFor(/101\s+healthy/);
    s.write('work');
    await s.waitFor(/❯\s+work /);
    s.write(KEYS.enter);
    await s.waitFor(/switched to work/);
    s.write('echo "rc=$? now=[$CLAUDE_CONFIG_DIR]"\r');
    await s.waitFor(/rc=0 now=\[.*\]/);
    expect(s.text()).toContain(`rc=0 now=[${w.dirs.work}]`);
    // Esc in the picker leaves the shell where it was
    let mark = s.text().length;
    s.write('c\r');
    await waitAfter(s, mark, /101\s+healthy/);
    mark = s.text().length;
    s.write(KEYS.esc);
    await waitAfter(s, mark, /BP> $/);
    s.write('echo "rc=$? still=[$CLAUDE_CONFIG_DIR]"\r');
    await s.waitFor(/rc=130 still=\[/);
    expect(s.text()).toContain(`rc=130 still=[${w.dirs.work}]`);
  });
});
