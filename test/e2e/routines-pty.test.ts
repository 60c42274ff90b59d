// The routines in a real pseudo-terminal: the queue checkbox, the terminal handed to claude,
// and Ctrl-C during a login.
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoToken } from '../helpers.js';
import { KEYS, spawnPty, stripAnsi } from '../pty.js';
import { expectNoStack, H, routineWorld, type World } from './routines-world.js';

let world: World | null = null;
afterEach(() => {
  world?.cleanup();
  world = null;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ptyEnv(w: World, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // A real terminal: colours on, so the output is what a user sees (tests strip ANSI).
  const env = { ...w.env, TERM: 'xterm-256color', ...extra };
  delete env.NO_COLOR;
  return env;
}

describe('ctk morning in a terminal', () => {
  it('offers every candidate pre-ticked and leaves an unticked account alone', async () => {
    world = routineWorld({
      '1': { expiresIn: 1 * H },
      '2': { expiresIn: 0.5 * H },
      '3': { expiresIn: -1 * H },
      '4': { expiresIn: 6 * H },
    });
    const w = world;
    const before2 = w.credentials('2');
    const s = spawnPty(['morning', '--method', 'login'], ptyEnv(w));
    await s.waitFor(/Refresh which of these 3 accounts\?[\s\S]*◉ 1\s+dev1/);
    const screen = s.text();
    // Most urgent first, each with email and time left, all ticked.
    expect(screen).toMatch(/◉ 3\s+dev3@example\.com\s+expired/);
    expect(screen).toMatch(/◉ 2\s+dev2@example\.com\s+29 min left/);
    expect(screen).toMatch(/◉ 1\s+dev1@example\.com\s+(59 min|1\.0 h) left/);
    expect(screen).not.toMatch(/◉ 4\s/);
    s.write(KEYS.down);
    s.write(KEYS.space);
    await s.waitFor(/◯ 2\s+dev2/);
    s.write(KEYS.enter);
    const { exitCode } = await s.exited;
    const text = s.text();
    expect(exitCode, text).toBe(0);
    expect(w.loggedIn()).toEqual(['3', '1']);
    expect(w.credentials('2')).toBe(before2);
    expect(text).toMatch(/Queue: 2 accounts \(1 unticked\)/);
    // The answer line counts what is still ticked.
    expect(text).toMatch(/Refresh which of these 3 accounts\? \(space unticks, enter starts\) 2 of 3: 3, 1/);
    expect(text).toMatch(/2 queued: 2 refreshed/);
    expectNoToken(s.output());
    expectNoStack(text);
  });

  it('hands the terminal to claude: it reads the pasted code, and the task list does not draw meanwhile', async () => {
    world = routineWorld({ '1': { expiresIn: 1 * H }, '2': { expiresIn: 9 * H } });
    const w = world;
    const s = spawnPty(['morning', '--method', 'login'], ptyEnv(w, { FAKE_CLAUDE_MODE: 'wait-input' }));
    await s.waitFor('Refresh this account?');
    s.write(KEYS.enter);
    await s.waitFor('Paste code here if prompted >');
    // While claude owns the terminal, nothing else may write to it (no spinner frames).
    const quiet = s.output().length;
    await sleep(700);
    expect(s.output().slice(quiet)).toBe('');
    s.write('abc123#state456\r');
    const { exitCode } = await s.exited;
    const text = s.text();
    expect(exitCode, text).toBe(0);
    expect(text).toMatch(/Got code 15 chars/);
    expect(text).toMatch(/1 queued: 1 refreshed/);
    expect(w.expiresAt('1')! - Date.now()).toBeGreaterThan(7.9 * H);
    expectNoToken(s.output());
  });

  it('does nothing when the checkbox is cancelled with Ctrl-C', async () => {
    world = routineWorld({ '1': { expiresIn: 1 * H } });
    const w = world;
    const before = w.snapshot();
    const s = spawnPty(['morning', '--method', 'login'], ptyEnv(w));
    await s.waitFor('Refresh this account?');
    s.write(KEYS.ctrlC);
    const { exitCode } = await s.exited;
    expect(exitCode).toBe(130);
    expect(s.text()).toMatch(/Cancelled; nothing was changed/);
    expect(w.calls()).toEqual([]);
    expect(w.snapshot()).toEqual(before);
  });
});

describe('Ctrl-C during a login', () => {
  it('skip: leaves that account, goes on with the next, exit 2 and the summary says so', async () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: 1 * H }, c: { expiresIn: 1.5 * H } });
    const w = world;
    const s = spawnPty(['refresh', 'a', 'b', 'c', '--method', 'login'], ptyEnv(w, { FAKE_CLAUDE_MODES: JSON.stringify({ b: 'hang' }) }));
    await s.waitFor('fake claude hangs');
    s.write(KEYS.ctrlC);
    await s.waitFor('Login for b was interrupted. What now?');
    s.write(KEYS.enter); // the first choice: skip
    const { exitCode } = await s.exited;
    const text = s.text();
    expect(exitCode, text).toBe(2);
    expect(w.loggedIn()).toEqual(['a', 'b', 'c']);
    expect(text).toMatch(/3 queued: 2 refreshed, 1 skipped/);
    expect(text.replace(/\s+/g, ' ')).toMatch(/login interrupted \(Ctrl-C\); skipped/);
    expect(text).toMatch(/b: log in when ready: ctk refresh b --method login/);
    expect(w.history().map((e) => [e.account, e.result])).toEqual([
      ['a', 'refreshed'],
      ['b', 'skipped'],
      ['c', 'refreshed'],
    ]);
    expectNoStack(text);
  });

  it('stop: runs nothing more and still prints the summary', async () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: 1 * H }, c: { expiresIn: 1.5 * H } });
    const w = world;
    const s = spawnPty(['refresh', 'a', 'b', 'c', '--method', 'login'], ptyEnv(w, { FAKE_CLAUDE_MODES: JSON.stringify({ b: 'hang' }) }));
    await s.waitFor('fake claude hangs');
    s.write(KEYS.ctrlC);
    await s.waitFor('What now?');
    s.write(KEYS.down);
    s.write(KEYS.enter);
    const { exitCode } = await s.exited;
    const text = s.text();
    expect(exitCode, text).toBe(2);
    expect(w.loggedIn()).toEqual(['a', 'b']);
    expect(text).toMatch(/3 queued: 1 refreshed, 2 skipped \(stopped\)/);
    expect(text.replace(/\s+/g, ' ')).toMatch(/c .*routine stopped before this account/);
    expect(w.history().map((e) => [e.account, e.result])).toEqual([
      ['a', 'refreshed'],
      ['b', 'skipped'],
    ]);
    expect(stripAnsi(text)).toMatch(/Next expiry:/);
  });

  it('at 80 columns: Check and Queue stay above the login transcripts, and the Refresh line agrees with the summary', async () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: 1 * H }, c: { expiresIn: 1.5 * H } });
    const w = world;
    const s = spawnPty(['refresh', 'a', 'b', 'c', '--method', 'login'], ptyEnv(w, { FAKE_CLAUDE_MODES: JSON.stringify({ b: 'hang' }) }), { cols: 80 });
    await s.waitFor('fake claude hangs');
    s.write(KEYS.ctrlC);
    await s.waitFor('What now?');
    s.write(KEYS.down);
    s.write(KEYS.enter);
    expect((await s.exited).exitCode).toBe(2);
    const lines = await s.screenLines();
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
    const screen = lines.join('\n');
    // Once each, in the order they happened: Check, Queue, then a's and b's logins.
    expect(count(/Check: 3 accounts/), screen).toBe(1);
    expect(count(/Queue: 3 accounts/), screen).toBe(1);
    expect(at(/Check: 3 accounts/)).toBeLessThan(at(/Queue: 3 accounts/));
    expect(at(/Queue: 3 accounts/)).toBeLessThan(at(/1\/3 · a.*Claude Code has the terminal/));
    // The step's line and the summary count the same way (c, never reached, is skipped in both).
    expect(screen).toMatch(/Refresh: 1 refreshed, 2 skipped \(stopped\)/);
    expect(screen).toMatch(/3 queued: 1 refreshed, 2 skipped \(stopped\)/);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
  });

  it('a Refresh in which every account failed is marked failed, and "What to do" is one command for them', async () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: 1 * H }, c: { expiresIn: 1.5 * H } });
    const w = world;
    const s = spawnPty(['refresh', 'a', 'b', 'c', '--method', 'login'], ptyEnv(w, { FAKE_CLAUDE_MODE: 'fail' }), { cols: 80 });
    expect((await s.exited).exitCode).toBe(2);
    const screen = (await s.screenLines()).join('\n');
    expect(screen).toMatch(/✖ Refresh: 0 refreshed, 3 failed/);
    expect(screen).not.toMatch(/✔ Refresh/);
    expect(screen).toMatch(/3 queued: 3 failed/);
    expect(screen).toMatch(/^ {2}a, b, c: try again: ctk refresh a b c --method login$/m);
  });

  it('also asks when claude itself exits on Ctrl-C (raw mode, no signal reaches ctk)', async () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: 1 * H } });
    const w = world;
    const s = spawnPty(['refresh', 'a', 'b', '--method', 'login'], ptyEnv(w, { FAKE_CLAUDE_MODES: JSON.stringify({ a: 'raw-ctrl-c' }) }));
    await s.waitFor('Login for a was interrupted. What now?');
    s.write(KEYS.enter);
    const { exitCode } = await s.exited;
    expect(exitCode).toBe(2);
    expect(w.loggedIn()).toEqual(['a', 'b']);
    expect(s.text()).toMatch(/2 queued: 1 refreshed, 1 skipped/);
  });
});
