// The pure parts of ctk inside Claude Code: reading the status-line JSON, the line itself, the
// settings.json merge, and folder pins.
import { describe, expect, it } from 'vitest';
import { hooksState, installHooks, isCtkCommand, removeHooks } from '../../../src/domain/claude-settings.js';
import { guardVerdict, nearestPin, parseFolderPins } from '../../../src/domain/folder-pins.js';
import { compactLeft, parseStatusInput, statusLineText } from '../../../src/domain/statusline.js';

const H = 3_600_000;

describe('status line input', () => {
  it('reads 2.1.332’s rate_limits (seconds) and tolerates ms, ISO strings, junk and missing parts', () => {
    expect(parseStatusInput(JSON.stringify({ cwd: '/w', rate_limits: { five_hour: { used_percentage: 23.4, resets_at: 1796230800 } } }))).toEqual({
      cwd: '/w',
      windows: { five_hour: { utilization: 23.4, resetsAt: '2026-12-02T17:00:00.000Z' } },
    });
    expect(parseStatusInput(JSON.stringify({ rate_limits: { seven_day: { used_percentage: 5, resets_at: 1796230800000 } } })).windows?.seven_day.resetsAt).toBe('2026-12-02T17:00:00.000Z');
    expect(parseStatusInput(JSON.stringify({ workspace: { current_dir: '/x' }, rate_limits: { five_hour: { used_percentage: -1 }, seven_day: null } }))).toEqual({ cwd: '/x', windows: null });
    for (const junk of ['', 'null', '[1]', '{"rate_limits": 3}', '{']) expect(parseStatusInput(junk)).toEqual({ cwd: null, windows: null });
  });

  it('prints the line, loud for dead tokens, with a reset window shown as empty', () => {
    const base = { id: '12', label: null, email: 'someone.long.name@example.com', state: 'healthy' as const, msLeft: 5 * H + 40 * 60_000, loginExpiresAt: null, loginEnding: false, windows: null };
    const now = Date.parse('2026-12-02T12:00:00Z');
    expect(statusLineText(base, now)).toBe('ctk 12 someone.long.na… · 5h40m left');
    const windows = { five_hour: { utilization: 80, resetsAt: '2026-12-02T11:00:00Z' }, seven_day: { utilization: 61.5, resetsAt: null } };
    expect(statusLineText({ ...base, label: 'work\tlaptop', windows }, now)).toBe('ctk 12 work laptop · 5h40m left · 5h 0% 7d 62%');
    expect(statusLineText({ ...base, state: 'revoked' }, now)).toBe('⚠ 12 someone.long.na… · LOGGED OUT: ctk refresh 12');
    expect(statusLineText({ ...base, msLeft: null }, now)).toBe('ctk 12 someone.long.na… · token never expires');
    expect([compactLeft(59 * 60_000), compactLeft(47.5 * H), compactLeft(3.9 * 24 * H), compactLeft(-5)]).toEqual(['59m', '47h30m', '3d', '0m']);
  });
});

describe('settings.json merge', () => {
  it('knows ctk’s commands and nobody else’s', () => {
    expect(isCtkCommand('ctk statusline', 'statusline')).toBe(true);
    expect(isCtkCommand("'/usr/bin/node' '/opt/ctk/dist/cli.js' statusline", 'statusline')).toBe(true);
    expect(isCtkCommand('"C:\\Program Files\\nodejs\\ctk.cmd" hook session-start', 'session-start')).toBe(true);
    for (const other of ['~/bin/statusline', 'myctk statusline', 'ctk status', 'ctk statusline --x', 42]) expect(isCtkCommand(other, 'statusline'), String(other)).toBe(false);
  });

  it('adds, updates to a new command, and removes only ctk’s entries', () => {
    const mine = { hooks: { SessionStart: [{ hooks: [{ type: 'command', command: 'echo hi' }, { type: 'command', command: 'old/ctk hook session-start' }] }] } };
    const a = installHooks(mine, 'ctk', ['statusline', 'session-start']);
    expect(a.next.hooks).toEqual({ SessionStart: [{ hooks: [{ type: 'command', command: 'echo hi' }] }, { hooks: [{ type: 'command', command: 'ctk hook session-start', timeout: 10 }] }] });
    expect(hooksState(a.next)).toMatchObject({ statusline: 'ctk', sessionStart: true });
    expect(installHooks(a.next, 'ctk', ['statusline', 'session-start']).changed).toBe(false);
    expect(removeHooks(a.next, ['statusline', 'session-start']).next).toEqual({ hooks: { SessionStart: [{ hooks: [{ type: 'command', command: 'echo hi' }] }] } });
    expect(removeHooks(a.next, ['statusline']).next.hooks).toEqual(a.next.hooks);
  });

  it('leaves a hooks value of another shape alone', () => {
    const odd = { hooks: { SessionStart: 'x' } };
    const r = installHooks(odd, 'ctk', ['session-start']);
    expect(r).toMatchObject({ changed: false, next: odd });
    expect(r.notes[0]).toMatch(/not in Claude Code’s shape/);
    expect(removeHooks({ hooks: [1] }, ['session-start']).changed).toBe(false);
  });
});

describe('folder pins', () => {
  const pins = parseFolderPins([{ dir: '/src/a', id: '1' }, { dir: '/src/a/b', id: '12' }, { dir: 'relative', id: '3' }, { dir: '/src/c', id: '-bad' }, null]);
  it('keep valid entries; the nearest pinned ancestor wins; a sibling with the same prefix is not inside', () => {
    expect(pins).toEqual([{ dir: '/src/a', id: '1' }, { dir: '/src/a/b', id: '12' }]);
    expect(nearestPin(pins, '/src/a/b/c')?.id).toBe('12');
    expect(nearestPin(pins, '/src/a/bc')?.id).toBe('1');
    expect(nearestPin(pins, '/src/ab')).toBeNull();
    expect(nearestPin(pins, '/SRC/A/B', true)?.id).toBe('12');
  });
  it('guard', () => {
    expect(guardVerdict('warn', pins[0], '2')).toBe('warn');
    expect(guardVerdict('strict', pins[0], '2')).toBe('refuse');
    expect(guardVerdict('strict', pins[0], '1')).toBe('ok');
    expect(guardVerdict('off', pins[0], '2')).toBe('ok');
    expect(guardVerdict('strict', null, '2')).toBe('ok');
  });
});
