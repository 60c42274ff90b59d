import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { locateClaude, loginArgs, loginEnv } from '../../../src/claude/login.js';

describe('login adapter', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ctk-login-unit-'));
    dirs.push(d);
    return d;
  };

  it('passes --email only when an email is known', () => {
    expect(loginArgs('a@b.c')).toEqual(['auth', 'login', '--email', 'a@b.c']);
    expect(loginArgs(null)).toEqual(['auth', 'login']);
  });

  it('sets CLAUDE_CONFIG_DIR for the child only and drops what would log in as someone else', () => {
    const parent = {
      PATH: '/bin',
      CLAUDE_CONFIG_DIR: '/home/me/.claude-1',
      CLAUDE_SECURESTORAGE_CONFIG_DIR: '/secure',
      CLAUDE_CODE_OAUTH_REFRESH_TOKEN: 'x',
      CLAUDE_CODE_OAUTH_TOKEN: 'y',
    };
    const child = loginEnv({ id: '4', dir: '/home/me/.claude-4', implicit: false }, parent);
    expect(child).toEqual({ PATH: '/bin', CLAUDE_CONFIG_DIR: '/home/me/.claude-4' });
    expect(parent.CLAUDE_CONFIG_DIR).toBe('/home/me/.claude-1');
    // The current account keeps its secure-storage override.
    expect(loginEnv({ id: '1', dir: '/home/me/.claude-1', implicit: false }, parent).CLAUDE_SECURESTORAGE_CONFIG_DIR).toBe('/secure');
    // The implicit default runs without CLAUDE_CONFIG_DIR, as Claude Code itself would.
    expect(loginEnv({ id: 'default', dir: '/home/me/.claude', implicit: true }, parent)).not.toHaveProperty('CLAUDE_CONFIG_DIR');
  });

  it('finds claude on PATH, and says clearly when it is missing or not executable', () => {
    const bin = tmp();
    const other = tmp();
    expect(locateClaude('claude', { PATH: [other, bin].join(path.delimiter) }, 'linux')).toEqual({
      ok: false,
      message: expect.stringMatching(/^claude is not on PATH; install Claude Code/),
    });
    fs.writeFileSync(path.join(bin, 'claude'), '#!/bin/sh\n', { mode: 0o644 });
    expect(locateClaude('claude', { PATH: bin }, 'linux')).toEqual({ ok: false, message: expect.stringMatching(/claude is not executable/) });
    fs.chmodSync(path.join(bin, 'claude'), 0o755);
    expect(locateClaude('claude', { PATH: [other, bin].join(path.delimiter) }, 'linux')).toEqual({ ok: true, path: path.join(bin, 'claude') });
    expect(locateClaude(path.join(bin, 'nope'), {}, 'linux')).toMatchObject({ ok: false, message: expect.stringMatching(/does not exist/) });
    expect(locateClaude(bin, {}, 'linux')).toMatchObject({ ok: false, message: expect.stringMatching(/is not a file/) });
  });

  it('tries PATHEXT on Windows', () => {
    const bin = tmp();
    fs.writeFileSync(path.join(bin, 'claude.cmd'), '@echo off\n');
    expect(locateClaude('claude', { PATH: bin, PATHEXT: '.EXE;.CMD' }, 'win32')).toEqual({ ok: true, path: path.join(bin, 'claude.cmd') });
  });
});
