// The assistant (bare `ctk` on a terminal, `ctk shell`) in a real pseudo-terminal at 80 columns:
// header, prompt, commands through the same CLI, completion, the menu, Ctrl-C, history.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, ctk, expectNoToken, ROOT } from '../helpers.js';
import { KEYS, spawnPty, type PtySession } from '../pty.js';
import { expectNoStack, H, routineWorld, type World } from './routines-world.js';

let world: World | null = null;
afterEach(() => {
  world?.cleanup();
  world = null;
});

const PROMPT = 'ctk› ';

function start(w: World, args: string[] = []): PtySession {
  return spawnPty(args, { ...w.env, TERM: 'xterm-256color' }, { cols: 80, rows: 40 });
}

const count = (s: PtySession, text: string) => s.output().split(text).length - 1;

/** Waits until `text` appears once more than it had when `before` was taken. */
async function waitForMore(s: PtySession, text: string, before: number): Promise<void> {
  await s.waitFor({ test: () => count(s, text) > before } as unknown as RegExp);
}

/** How often the prompt has been drawn so far (readline redraws it when a line is edited). */
const prompts = (s: PtySession) => s.text().split(PROMPT).length - 1;

/** Waits until the prompt is drawn again after `before` prompts. */
async function nextPrompt(s: PtySession, before: number): Promise<void> {
  await s.waitFor({ test: () => prompts(s) > before } as unknown as RegExp);
}

/** Types a line at the prompt and waits for the prompt to come back. */
async function type(s: PtySession, line: string): Promise<string> {
  const before = s.text().length;
  const n = prompts(s);
  s.write(line + KEYS.enter);
  await nextPrompt(s, n);
  return s.text().slice(before);
}

const historyFile = (w: World) => path.join(w.sb.configDir, 'state', 'assistant-history');

describe('the assistant', () => {
  it('opens with the header and the question that matters, runs commands, survives a usage error, exit leaves with 0', async () => {
    world = routineWorld({ '1': { expiresIn: 6 * H }, '2': { expiresIn: 5 * H }, '12': { expiresIn: 1 * H } });
    const s = start(world);
    await s.waitFor('refresh it? [Y/n]');
    const header = s.text();
    expect(header).toMatch(/ctk assistant\s+3 accounts: 2 healthy, 1 expiring/);
    expect(header).toMatch(/Next expiry: 12 in (59 min|1\.0 h)/);
    expect(header).toMatch(/1 account expires within 2 h \(12\) — refresh it\? \[Y\/n\]/);
    s.write('n' + KEYS.enter);
    await s.waitFor(PROMPT);
    expect(s.text()).toMatch(/Enter on an empty line opens the menu/);

    const row = await type(s, 'status 1');
    expect(row).toMatch(/healthy\s+1\s+dev1@example\.com/);
    expect(row).not.toMatch(/dev2@|dev12@/);
    expect(row).toMatch(/1 account: 1 healthy/);

    const bad = await type(s, 'status --bogus');
    expect(bad).toMatch(/ctk: unknown option '--bogus'/);
    const again = await type(s, 'ctk status 2');
    expect(again).toMatch(/healthy\s+2\s+dev2@example\.com/);

    s.write('exit' + KEYS.enter);
    const { exitCode } = await s.exited;
    expect(exitCode, s.text()).toBe(0);
    expect(world.calls()).toEqual([]);
    expectNoToken(s.output());
    expectNoStack(s.text());
  });

  it('completes commands and account ids with Tab from the completion spec', async () => {
    world = routineWorld({ '1': {}, '2': {}, '10': {}, '11': {}, '100': {} });
    const s = start(world, ['shell']);
    await s.waitFor(PROMPT);
    s.write('ref' + KEYS.tab);
    await s.waitFor(`${PROMPT}refresh `);
    // Each Tab on its own (readline takes a Tab inside pasted text literally): the first rings
    // the bell (several ids share "1"), the second lists them.
    s.write('1');
    await s.waitFor(`${PROMPT}refresh 1`);
    const bells = count(s, '\x07');
    s.write(KEYS.tab);
    await waitForMore(s, '\x07', bells);
    s.write(KEYS.tab);
    await s.waitFor(/\n1 +10 +11 +100\s*\n/);
    expect(s.text()).not.toMatch(/\n1 +2 /);
    s.write('\x15refresh --dry' + KEYS.tab);
    await s.waitFor(`${PROMPT}refresh --dry-run `);
    // Ctrl-D on an empty line leaves, as exit does.
    s.write('\x15');
    s.write('\x04');
    expect((await s.exited).exitCode).toBe(0);
  });

  it('Ctrl-C during a routine stops it (skip/stop) and returns to the prompt; the counts follow', async () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: 1 * H }, c: { expiresIn: 1.5 * H } });
    const w = world;
    const s = spawnPty(['shell'], { ...w.env, TERM: 'xterm-256color', FAKE_CLAUDE_MODES: JSON.stringify({ b: 'hang' }) }, { cols: 80 });
    await s.waitFor('refresh them? [Y/n]');
    s.write('n' + KEYS.enter);
    await s.waitFor(PROMPT);
    // Ctrl-C on the prompt drops the line and keeps the shell.
    s.write('status a');
    s.write(KEYS.ctrlC);
    await s.waitFor(`${PROMPT}status a^C`);
    s.write('refresh a b c --method login' + KEYS.enter);
    await s.waitFor('fake claude hangs');
    s.write(KEYS.ctrlC);
    await s.waitFor('What now?');
    const n = prompts(s);
    s.write(KEYS.down + KEYS.enter); // stop
    await nextPrompt(s, n);
    const text = s.text();
    expect(text).toMatch(/3 queued: 1 refreshed, 2 skipped \(stopped\)/);
    expect(text).toMatch(/Now: 3 accounts: 1 healthy, 2 expiring/);
    expect(w.loggedIn()).toEqual(['a', 'b']);
    expect(await type(s, 'status a')).toMatch(/healthy\s+a\s+deva@example\.com/);
    s.write('exit' + KEYS.enter);
    expect((await s.exited).exitCode).toBe(0);
    expectNoToken(s.output());
    expectNoStack(s.text());
  });

  it('Enter on an empty line opens the menu; choosing an action runs it', async () => {
    world = routineWorld({ '1': { expiresIn: 6 * H }, '2': { expiresIn: 1 * H } });
    const s = start(world);
    await s.waitFor('[Y/n]');
    s.write('n' + KEYS.enter);
    await s.waitFor(PROMPT);
    s.write(KEYS.enter);
    await s.waitFor('Leave the assistant');
    const menu = s.text();
    expect(menu).toMatch(/Refresh the 1 account expiring soon/);
    expect(menu).toMatch(/Run the morning routine/);
    expect(menu).toMatch(/Start Claude Code in an account/);
    expect(menu).toMatch(/Switch this shell to an account/);
    expect(menu).toMatch(/Renewal calendar/);
    s.write('status of');
    // Enter only once the list is filtered (the search answers asynchronously).
    await s.waitFor(/What now\?[^\n]*status of\s*\n❯ Status of every account\s*\n\s*\n?ctk status/);
    const n = prompts(s);
    s.write(KEYS.enter);
    await nextPrompt(s, n);
    expect(s.text()).toMatch(/2 accounts: 1 healthy, 1 expiring/);
    // "Switch this shell" says what to type instead of pretending.
    const menus = count(s, 'Leave the assistant');
    s.write(KEYS.enter);
    await waitForMore(s, 'Leave the assistant', menus);
    s.write('switch');
    await s.waitFor(/switch\s*\n❯ Switch this shell/);
    s.write(KEYS.enter);
    await s.waitFor('Switch your shell to which account?');
    s.write('2');
    await s.waitFor(/❯ .*2 .*dev2@example\.com/);
    s.write(KEYS.enter);
    await s.waitFor(/type in it: +c 2/);
    // "Start Claude Code in an account": the picker, then ctk run <id>.
    const menus2 = count(s, 'Leave the assistant');
    s.write(KEYS.enter);
    await waitForMore(s, 'Leave the assistant', menus2);
    s.write('start claude');
    await s.waitFor(/start claude\s*\n❯ Start Claude Code in an account/);
    s.write(KEYS.enter);
    await s.waitFor('Start Claude Code in which account?');
    s.write('1');
    await s.waitFor(/❯ .*1 .*dev1@example\.com/);
    const n2 = prompts(s);
    s.write(KEYS.enter);
    await nextPrompt(s, n2);
    expect(world.calls().map((c) => [c.argv, c.CLAUDE_CONFIG_DIR])).toEqual([[[], world.sb.accountDir('1')]]);
    s.write('exit' + KEYS.enter);
    expect((await s.exited).exitCode).toBe(0);
  });

  it('keeps the history across a restart, 0600, and refuses a line that holds a token', async () => {
    world = routineWorld({ '1': {}, '2': {} });
    const w = world;
    const first = start(w);
    await first.waitFor(PROMPT);
    await type(first, 'status 2');
    const secret = await type(first, 'status sk-ant-oat01-AbCdEfGhIjKlMnOpQrStUvWxYz012345');
    expect(secret).toMatch(/looks like it holds a token; it is not kept/);
    first.write('exit' + KEYS.enter);
    expect((await first.exited).exitCode).toBe(0);

    const file = historyFile(w);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const kept = fs.readFileSync(file, 'utf8');
    expect(kept).toBe('status 2\nexit\n');
    expectNoToken(kept);

    const second = start(w);
    await second.waitFor(PROMPT);
    second.write(KEYS.up + KEYS.up);
    await second.waitFor(`${PROMPT}status 2`);
    second.write(KEYS.enter);
    await second.waitFor(/healthy\s+2\s+dev2@example\.com/);
    second.write('exit' + KEYS.enter);
    expect((await second.exited).exitCode).toBe(0);
  });

  it('ctk --demo opens it on the demo sandbox', async () => {
    world = routineWorld({});
    const demo = path.join(world.sb.root, 'demo');
    const s = start(world, ['--demo', '--demo-dir', demo]);
    await s.waitFor('refresh them? [Y/n]');
    expect(s.text()).toMatch(/32 accounts: \d+ healthy/);
    s.write('n' + KEYS.enter);
    await s.waitFor('log in now? [Y/n]');
    s.write('n' + KEYS.enter);
    await s.waitFor(PROMPT);
    expect(await type(s, 'status 12')).toMatch(/12\s+dev12@example\.com/);
    s.write('exit' + KEYS.enter);
    expect((await s.exited).exitCode).toBe(0);
    expect(fs.existsSync(path.join(demo, 'accounts', '12'))).toBe(true);
  });

  it('starts like ctk status: no task list, process, HTTP or prompt library until one is needed', async () => {
    world = routineWorld({ '1': {} });
    const trace = path.join(world.sb.root, 'trace.txt');
    const s = spawnPty(['--import', path.join(ROOT, 'test/fixtures/trace-imports.mjs'), CLI], { ...world.env, CTK_TRACE_IMPORTS_FILE: trace }, { file: process.execPath, cols: 80 });
    await s.waitFor(PROMPT);
    s.write('exit' + KEYS.enter);
    expect((await s.exited).exitCode).toBe(0);
    const urls = fs.readFileSync(trace, 'utf8');
    expect(urls).toContain('assistant/session.js');
    for (const heavy of ['@inquirer', 'listr2', 'execa', 'node_modules/conf/', 'ajv', 'node-notifier', 'proper-lockfile', 'node:http', 'undici']) {
      expect(urls, `the assistant loaded ${heavy} at start`).not.toContain(heavy);
    }
  });

  it('off a terminal bare ctk is still ctk status, exit code included; ctk shell says it needs one', () => {
    world = routineWorld({ '1': { expiresIn: 6 * H }, '2': { expiresIn: 1 * H } });
    const bare = ctk([], world.env);
    const status = ctk(['status'], world.env);
    expect(bare.stdout).toMatch(/healthy\s+1\s+dev1@example\.com/);
    expect(bare.stdout).toMatch(/2 accounts: 1 healthy, 1 expiring/);
    expect(bare.code).toBe(1);
    expect(bare.code).toBe(status.code);
    expect(bare.stdout).not.toMatch(/ctk›|assistant/);
    const demo = ctk(['--demo', '--demo-dir', path.join(world.sb.root, 'demo')], world.env);
    expect(demo.stdout).toMatch(/32 accounts: \d+ healthy/);
    expect(demo.code).toBe(3);
    const shell = ctk(['shell'], world.env);
    expect(shell.code).toBe(64);
    expect(shell.stderr).toMatch(/^ctk: ctk shell needs a terminal/);
  });
});
