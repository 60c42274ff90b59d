// zsh, fish and PowerShell, each where installed: c <id> read back from the same shell with
// awkward folder names, and completion through each shell's own machinery.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoToken } from '../helpers.js';
import { spawnPty, stripAnsi, type PtySession } from '../pty.js';
import { AWKWARD, hasShell, runShell, shellWorld, type ShellWorld } from './shell-world.js';

let world: ShellWorld | null = null;
let session: PtySession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
  world?.cleanup();
  world = null;
});

/** Waits until the terminal has been quiet for a moment (a completion listing is drawn). */
async function settle(s: PtySession, quietMs = 400, maxMs = 8000): Promise<void> {
  const start = Date.now();
  let last = s.output().length;
  let since = Date.now();
  while (Date.now() - start < maxMs) {
    await new Promise((r) => setTimeout(r, 50));
    const now = s.output().length;
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

function readBack(w: ShellWorld, out: string, ids: string[]): void {
  for (const id of ids) {
    const got = fs.readFileSync(path.join(out, id));
    expect(got.equals(Buffer.from(w.dirs[id], 'utf8')), `${id}: got ${JSON.stringify(got.toString())} want ${JSON.stringify(w.dirs[id])}`).toBe(true);
  }
}

describe.skipIf(!hasShell('zsh'))('zsh', () => {
  it('c <id> round-trips awkward folders byte for byte', () => {
    world = shellWorld({ ...AWKWARD, 12: {} });
    const out = path.join(world.sb.root, 'out');
    fs.mkdirSync(out);
    const ids = Object.keys(AWKWARD);
    const script = [
      'eval "$(ctk init zsh)" || exit 99',
      `c 12; printf 'rc=%s dir=%s\\n' $? "$CLAUDE_CONFIG_DIR"`,
      ...ids.map((id) => `c ${id} 2>/dev/null; printf '%s' "$CLAUDE_CONFIG_DIR" > '${out}/${id}'`),
    ].join('\n');
    const r = runShell(['zsh', '-f', '-c', script], world.env);
    expectNoToken(r.stdout, r.stderr);
    expect(r.stdout).toBe(`rc=0 dir=${world.dirs['12']}\n`);
    readBack(world, out, ids);
  });

  it('completes c 1<TAB> and ctk commands through compsys in an interactive zsh', async () => {
    world = shellWorld({ 1: {}, 12: { label: 'team alpha' }, 100: {}, 101: {}, work: {} });
    const zdot = path.join(world.sb.root, 'zdot');
    fs.mkdirSync(zdot);
    session = spawnPty(['-f', '-i'], { ...world.env, TERM: 'xterm', ZDOTDIR: zdot }, { file: 'zsh', cols: 160, rows: 50 });
    const s = session;
    s.write(`PS1='ZP> '; autoload -U compinit; compinit -u -d '${zdot}/.zcompdump'; zstyle ':completion:*' format '<<%d>>'\r`);
    s.write('eval "$(ctk init zsh)"; echo READY-$((6*7))\r');
    await s.waitFor('READY-42');
    const mark = s.output().length;
    s.write('c 1\t');
    await s.waitFor('<<account>>');
    await settle(s);
    // The listing ends where zsh moves the cursor back up to the command line.
    const raw = s.output().slice(mark);
    const start = raw.indexOf('<<account>>');
    const up = raw.slice(start).search(/\x1b\[\d*A/);
    const listing = stripAnsi(raw.slice(start, up < 0 ? undefined : start + up)).replace('<<account>>', '');
    const ids = new Set<string>();
    for (const line of listing.split(/\r?\n/)) {
      if (/^\s*ZP>/.test(line) || line.trim() === '') continue;
      const left = line.includes(' -- ') ? line.split(' -- ')[0] : line;
      for (const tok of left.trim().split(/\s+/)) if (tok) ids.add(tok);
    }
    expect([...ids].sort()).toEqual(['1', '100', '101', '12']);
    expect(listing).toMatch(/12\s+-- team alpha/);

    // Clear the line, then a unique prefix completes in place.
    s.write('\x03');
    await settle(s, 200);
    const mark2 = s.output().length;
    s.write('ctk acc\t');
    await s.waitFor(/ctk accounts/);
    s.write('l\t');
    await settle(s);
    // zsh redraws with a backspace before the inserted word
    expect(stripAnsi(s.output().slice(mark2))).toMatch(/ctk accounts[ \x08]*list /);
    s.write('\x03');
    await settle(s, 200);
    const mark3 = s.output().length;
    s.write('ctk run 12\t');
    await s.waitFor(/ctk run 12 /);
    await settle(s);
    expect(stripAnsi(s.output().slice(mark3))).toMatch(/ctk run 12 /);
    // compsys reports broken specs on the terminal; none may appear
    expect(s.text()).not.toMatch(/_arguments:|comparguments|doubled rest/);
  });

  it('registers completion at the first prompt when compinit runs after ctk init', async () => {
    world = shellWorld({ 7: {}, 70: {}, 8: {} });
    const zdot = path.join(world.sb.root, 'zdot');
    fs.mkdirSync(zdot);
    session = spawnPty(['-f', '-i'], { ...world.env, TERM: 'xterm', ZDOTDIR: zdot }, { file: 'zsh', cols: 160, rows: 50 });
    const s = session;
    s.write(`PS1='ZP> '; eval "$(ctk init zsh)"; autoload -U compinit; compinit -u -d '${zdot}/.zcompdump'; echo READY-$((6*7))\r`);
    await s.waitFor('READY-42');
    await settle(s, 200);
    const mark = s.output().length;
    s.write('c 7\t');
    await s.waitFor(/7\s+70/);
    await settle(s);
    expect(stripAnsi(s.output().slice(mark))).not.toMatch(/\b8\b/);
  });
});

describe.skipIf(!hasShell('fish'))('fish', () => {
  it('c <id> round-trips awkward folders byte for byte', () => {
    world = shellWorld({ ...AWKWARD, 12: { expiresIn: -3_600_000 } });
    const out = path.join(world.sb.root, 'out');
    fs.mkdirSync(out);
    const ids = Object.keys(AWKWARD);
    const script = [
      'ctk init fish | source; or exit 99',
      `c 12; printf 'rc=%s dir=%s\\n' $status "$CLAUDE_CONFIG_DIR"`,
      ...ids.map((id) => `c ${id} 2>/dev/null; printf '%s' "$CLAUDE_CONFIG_DIR" > '${out}/${id}'`),
    ].join('\n');
    const r = runShell(['fish', '--no-config', '-c', script], world.env);
    expectNoToken(r.stdout, r.stderr);
    expect(r.stdout).toBe(`rc=2 dir=${world.dirs['12']}\n`);
    expect(r.stderr).toMatch(/!! log in again: ctk refresh 12/);
    readBack(world, out, ids);
  });

  it('completes through complete -C, with labels as descriptions', () => {
    world = shellWorld({ 1: {}, 12: { label: 'team alpha' }, 100: {}, work: {} });
    const probe = (line: string) => {
      const r = runShell(['fish', '--no-config', '-c', `ctk init fish | source; complete -C ${JSON.stringify(line)}`], world!.env);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.split('\n').filter(Boolean);
    };
    expect(probe('c 1').sort()).toEqual(['1', '100', '12\tteam alpha']);
    expect(probe('ct w')).toEqual(['work']);
    expect(probe('ctk stat')).toEqual([expect.stringMatching(/^status\t/)]);
    expect(probe('ctk accounts li')).toEqual([expect.stringMatching(/^list\tlist registered accounts/)]);
    expect(probe('ctk status --warn')).toEqual([expect.stringMatching(/^--warning-hours\t/)]);
    expect(probe('ctk run 10')).toEqual(['100']);
    expect(probe('ctk init z').map((l) => l.split('\t')[0])).toEqual(['zsh']);
  });
});

describe.skipIf(!hasShell('fish'))('fish, interactive', () => {
  it('c with no id opens the picker inside the command substitution and switches', async () => {
    world = shellWorld({ 1: {}, 12: {}, work: { label: 'the work one' } });
    const w = world;
    session = spawnPty(['--no-config', '-i'], { ...w.env, TERM: 'xterm' }, { file: 'fish', cols: 120, rows: 40 });
    const s = session;
    s.write('ctk init fish | source; echo READY-(math 6 \\* 7)\r');
    await s.waitFor('READY-42');
    s.write('c\r');
    await s.waitFor(/work\s+healthy/);
    s.write('work one');
    await s.waitFor(/❯\s+work /);
    s.write('\r');
    await s.waitFor(/switched to work/);
    s.write('echo "rc=$status now=[$CLAUDE_CONFIG_DIR]"\r');
    await s.waitFor(/rc=0 now=\[[^\]]+\]/);
    expect(stripAnsi(s.output())).toContain(`rc=0 now=[${w.dirs.work}]`);
  });
});

describe.skipIf(!hasShell('pwsh'))('PowerShell', () => {
  it('c <id> round-trips awkward folders, and ids complete for c', () => {
    world = shellWorld({ ...AWKWARD, 12: {} });
    const out = path.join(world.sb.root, 'out');
    fs.mkdirSync(out);
    const ids = Object.keys(AWKWARD);
    const script = [
      'ctk init pwsh | Out-String | Invoke-Expression',
      ...ids.map((id) => `c ${id} 2>$null; [IO.File]::WriteAllText('${out}/${id}', $env:CLAUDE_CONFIG_DIR)`),
      `$r = TabExpansion2 -inputScript 'c 1' -cursorColumn 3`,
      `$r.CompletionMatches | ForEach-Object { 'match=' + $_.CompletionText }`,
    ].join('\n');
    const r = runShell(['pwsh', '-NoProfile', '-NonInteractive', '-Command', script], world.env, 60_000);
    expectNoToken(r.stdout, r.stderr);
    readBack(world, out, ids);
    expect(r.stdout).toMatch(/match=12/);
  });
});
