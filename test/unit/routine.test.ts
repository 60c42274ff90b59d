// The routine's pure decisions and the login adapter's pure parts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chooseMethod,
  countResults,
  loginCommandText,
  nextExpiry,
  planQueue,
  queueReason,
  routineExitCode,
  shellQuote,
  verifyRefresh,
  type AttemptResult,
  type QueueRow,
} from '../../src/domain/routine.js';
import { locateClaude, loginArgs, loginEnv } from '../../src/claude/login.js';

const NOW = 1_800_000_000_000;
const H = 3_600_000;
const row = (id: string, state: QueueRow['state'], hoursLeft: number | null): QueueRow => ({
  id,
  state,
  msLeft: hoursLeft === null ? null : hoursLeft * H,
  expiresAt: hoursLeft === null ? null : NOW + hoursLeft * H,
});

describe('planQueue', () => {
  const rows = [
    row('1', 'healthy', 12),
    row('2', 'healthy', 7.5),
    row('3', 'expiring', 1),
    row('4', 'expired', -2),
    row('5', 'revoked', null),
    row('6', 'missing', null),
    row('7', 'invalid', null),
    row('8', 'healthy', 8),
  ];

  it('queues what expires within the window plus the dead accounts, most urgent first', () => {
    const plan = planQueue(rows, { kind: 'window', windowMs: 8 * H });
    expect(plan.queued.map((r) => r.id)).toEqual(['5', '6', '4', '3', '2', '8']);
    expect(plan.needsAttention.map((r) => r.id)).toEqual(['7']);
  });

  it('a small window still takes the dead ones but not the healthy ones', () => {
    expect(planQueue(rows, { kind: 'window', windowMs: 2 * H }).queued.map((r) => r.id)).toEqual(['5', '6', '4', '3']);
    expect(planQueue(rows, { kind: 'window', windowMs: 0 }).queued.map((r) => r.id)).toEqual(['5', '6', '4']);
  });

  it('explicit ids take exactly those, in the given order, even healthy or invalid ones', () => {
    const plan = planQueue(rows, { kind: 'ids', ids: ['7', '1'] });
    expect(plan.queued.map((r) => r.id)).toEqual(['7', '1']);
    expect(plan.needsAttention).toEqual([]);
  });

  it('names the reason for each state', () => {
    expect(queueReason(row('x', 'revoked', null))).toMatch(/revoked/);
    expect(queueReason(row('x', 'missing', null))).toBe('not logged in');
    expect(queueReason(row('x', 'expiring', 1))).toBe('expires soon');
  });
});

describe('chooseMethod', () => {
  it('auto uses the refresh token when there is a live one, else a login', () => {
    expect(chooseMethod('auto', { hasRefreshToken: true, state: 'expiring' })).toBe('oauth');
    expect(chooseMethod('auto', { hasRefreshToken: true, state: 'expired' })).toBe('oauth');
    expect(chooseMethod('auto', { hasRefreshToken: false, state: 'expiring' })).toBe('login');
    expect(chooseMethod('auto', { hasRefreshToken: false, state: 'revoked' })).toBe('login');
    expect(chooseMethod('auto', { hasRefreshToken: false, state: 'missing' })).toBe('login');
    expect(chooseMethod('auto', { hasRefreshToken: true, state: 'expired', refreshTokenDead: true })).toBe('login');
  });
  it('an explicit method wins', () => {
    expect(chooseMethod('login', { hasRefreshToken: true, state: 'expiring' })).toBe('login');
    expect(chooseMethod('oauth', { hasRefreshToken: false, state: 'revoked' })).toBe('oauth');
  });
});

describe('verifyRefresh', () => {
  const base = { before: NOW + 1 * H, after: NOW + 8 * H, expectedEmail: 'a@x.com', actualEmail: 'a@x.com', now: NOW };

  it('passes a later, future expiry for the expected email (case-insensitive)', () => {
    expect(verifyRefresh(base)).toEqual({ ok: true, expiresAt: NOW + 8 * H, note: null });
    expect(verifyRefresh({ ...base, actualEmail: 'A@X.com' }).ok).toBe(true);
    expect(verifyRefresh({ ...base, before: null }).ok).toBe(true);
  });

  it('fails an unchanged or earlier expiry', () => {
    expect(verifyRefresh({ ...base, after: base.before })).toMatchObject({ ok: false, kind: 'not-renewed' });
    expect(verifyRefresh({ ...base, after: NOW + 0.5 * H })).toMatchObject({ ok: false, kind: 'not-renewed' });
  });

  it('fails an expiry in the past even when it is later than before', () => {
    expect(verifyRefresh({ ...base, before: NOW - 5 * H, after: NOW - 1 })).toMatchObject({ ok: false, kind: 'expired' });
  });

  it('fails missing credentials with the reason', () => {
    expect(verifyRefresh({ ...base, after: null, afterProblem: 'no credentials file' })).toEqual({
      ok: false,
      kind: 'unreadable',
      message: 'no credentials file',
    });
  });

  it('reports a login into another account first and loudly, even with a fresh token', () => {
    const v = verifyRefresh({ ...base, actualEmail: 'intruder@x.com' });
    expect(v).toMatchObject({ ok: false, kind: 'wrong-account' });
    expect(!v.ok && v.message).toBe('WRONG ACCOUNT: signed in as intruder@x.com, expected a@x.com');
  });

  it('notes when the identity could not be compared', () => {
    expect(verifyRefresh({ ...base, actualEmail: null })).toMatchObject({ ok: true, note: expect.stringMatching(/could not read/) });
    expect(verifyRefresh({ ...base, expectedEmail: null })).toMatchObject({ ok: true, note: 'signed in as a@x.com' });
  });
});

describe('results', () => {
  const r = (id: string, result: AttemptResult['result']): AttemptResult => ({
    id,
    result,
    method: 'login',
    reason: null,
    oldExpiresAt: null,
    newExpiresAt: null,
    lifespanMs: null,
    nextStep: null,
  });

  it('exit 0 only when every queued account is done', () => {
    expect(routineExitCode([])).toBe(0);
    expect(routineExitCode([r('1', 'refreshed'), r('2', 'refreshed')])).toBe(0);
    expect(routineExitCode([r('1', 'refreshed'), r('2', 'skipped')])).toBe(2);
    expect(routineExitCode([r('1', 'failed')])).toBe(2);
    expect(routineExitCode([r('1', 'planned')])).toBe(0);
  });

  it('counts each kind', () => {
    expect(countResults([r('1', 'refreshed'), r('2', 'failed'), r('3', 'failed')])).toEqual({ refreshed: 1, failed: 2, skipped: 0, planned: 0 });
  });

  it('finds the next expiry ahead, ignoring dead and past tokens', () => {
    const rows = [
      { id: 'a', expiresAt: NOW - H },
      { id: 'b', expiresAt: null },
      { id: 'c', expiresAt: NOW + 3 * H },
      { id: 'd', expiresAt: NOW + 2 * H },
    ];
    expect(nextExpiry(rows, NOW)?.id).toBe('d');
    expect(nextExpiry([{ id: 'a', expiresAt: null }], NOW)).toBeNull();
  });
});

describe('loginCommandText', () => {
  it('previews the login as a POSIX shell line, quoting only what needs it', () => {
    expect(loginCommandText('claude', '/home/me/.claude-4', 'dev4@example.com', 'linux')).toBe(
      'CLAUDE_CONFIG_DIR=/home/me/.claude-4 claude auth login --email dev4@example.com',
    );
    expect(loginCommandText('claude', "/Users/me/My Accounts/o'neil", null, 'darwin')).toBe(
      `CLAUDE_CONFIG_DIR='/Users/me/My Accounts/o'\\''neil' claude auth login`,
    );
    expect(loginCommandText('claude', null, 'a@b.c', 'linux')).toBe('claude auth login --email a@b.c');
  });

  it('previews it as PowerShell on Windows', () => {
    expect(loginCommandText('claude', 'C:\\Users\\me\\.claude-4', 'dev4@example.com', 'win32')).toBe(
      "$env:CLAUDE_CONFIG_DIR='C:\\Users\\me\\.claude-4'; claude auth login --email dev4@example.com",
    );
    expect(shellQuote("it's", 'win32')).toBe("'it''s'");
  });
});

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

describe('routine report view', () => {
  // Imported here so the pure-domain tests above stay free of table code.
  const row = (id: string, result: 'refreshed' | 'failed' | 'skipped', extra: Record<string, unknown> = {}) => ({
    id,
    label: null,
    email: `dev${id}@x.com`,
    method: 'login' as const,
    result,
    reason: result === 'refreshed' ? null : 'claude auth login exited with code 1',
    nextStep: result === 'refreshed' ? null : `try again: ctk refresh ${id} --method login`,
    oldExpiresAt: NOW + H,
    newExpiresAt: result === 'refreshed' ? NOW + 8 * H : null,
    lifespanMs: result === 'refreshed' ? 8 * H : null,
    signedInAs: null,
    wrongAccount: false,
    command: null,
    ...extra,
  });

  it('prints the table, the counts, the next expiry and one next step per account not done', async () => {
    const { renderRoutineReport } = await import('../../src/ui/routine-view.js');
    const pc = (await import('picocolors')).default.createColors(false);
    const lines = renderRoutineReport(
      {
        command: 'evening',
        method: 'login',
        windowHours: 8,
        dryRun: false,
        stopped: false,
        results: [row('1', 'refreshed'), row('2', 'failed'), row('3', 'failed', { wrongAccount: true, nextStep: 'log in again as dev3@x.com' })],
        next: { id: '2', email: 'dev2@x.com', expiresAt: NOW + H, msLeft: H },
        needsAttention: [{ id: '9', state: 'invalid', error: 'not JSON' }],
        exitCode: 2,
      },
      pc,
      NOW,
    );
    const text = lines.join('\n');
    expect(text).toMatch(/1\s+dev1@x\.com\s+login\s+✔ refreshed/);
    expect(text).toMatch(/3\s+dev3@x\.com\s+login\s+✖ WRONG ACCOUNT/);
    expect(text).toContain('3 queued: 1 refreshed, 2 failed');
    expect(text).toMatch(/Next expiry: 2 \(dev2@x\.com\) at .*, in 1\.0 h/);
    expect(text).toContain('Not queued: 9 is invalid (not JSON)');
    expect(lines.slice(-3)).toEqual(['What to do:', '  2: try again: ctk refresh 2 --method login', '  3: log in again as dev3@x.com']);
  });

  it('a dry run lists the commands and says nothing changed', async () => {
    const { renderRoutineReport, routineJson } = await import('../../src/ui/routine-view.js');
    const pc = (await import('picocolors')).default.createColors(false);
    const report = {
      command: 'refresh',
      method: 'auto' as const,
      windowHours: null,
      dryRun: true,
      stopped: false,
      results: [{ ...row('4', 'refreshed'), result: 'planned' as const, command: 'CLAUDE_CONFIG_DIR=/a/4 claude auth login' }],
      next: null,
      needsAttention: [],
      exitCode: 0,
    };
    expect(renderRoutineReport(report, pc, NOW)).toEqual([
      'Not executed: CLAUDE_CONFIG_DIR=/a/4 claude auth login',
      '',
      'Dry run: nothing was changed.',
    ]);
    expect(routineJson(report, NOW)).toMatchObject({
      schemaVersion: 1,
      generatedAt: new Date(NOW).toISOString(),
      summary: { queued: 1, refreshed: 0, failed: 0, skipped: 0, planned: 1 },
      nextExpiry: null,
    });
  });
});
