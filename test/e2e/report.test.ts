// ctk report end to end: known history in, the right lifespans and median out, nothing identifying.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ctk, expectNoToken, H, makeSandbox, register, writeAccount, type Sandbox } from '../helpers.js';

let sb: Sandbox;
let env: NodeJS.ProcessEnv;
const T0 = Date.parse('2026-11-20T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const USER = os.userInfo().username;

beforeEach(() => {
  sb = makeSandbox();
  const bin = path.join(sb.root, 'bin');
  fs.mkdirSync(bin);
  const claude = path.join(bin, 'claude');
  fs.writeFileSync(claude, '#!/bin/sh\necho "2.1.197 (Claude Code)"\n', { mode: 0o755 });
  env = { ...sb.env, CTK_CLAUDE_BIN: claude };
  writeAccount(sb, '12', { expiresIn: 6 * H, email: 'dev12@example.com' });
  writeAccount(sb, 'work', { expiresIn: -1 * H, email: 'alice.work@example.com' });
  writeAccount(sb, '3', { expiresIn: 6 * H, email: 'dev3@example.com' });
  register(sb, [{ id: '12' }, { id: 'work' }, { id: '3' }]);
  const workDir = sb.accountDir('work');
  const lines = [
    { at: iso(T0), account: '12', method: 'login', result: 'refreshed', oldExpiresAt: null, newExpiresAt: T0 + 8 * H, lifespanMs: 8 * H, via: 'morning' },
    { at: iso(T0 + 1 * H), account: 'work', method: 'oauth', result: 'refreshed', oldExpiresAt: T0 + 0.5 * H, newExpiresAt: T0 + 5 * H, lifespanMs: null, refreshTokenFp: 'abcd1234', via: 'refresh' },
    { at: iso(T0 + 2 * H), account: '3', method: 'oauth', result: 'refreshed', oldExpiresAt: T0 + 3 * H, newExpiresAt: T0 + 4 * H, lifespanMs: 2 * H, via: 'watch' },
    { at: iso(T0 + 8.5 * H), account: '12', method: 'oauth', result: 'refreshed', oldExpiresAt: T0 + 8 * H, newExpiresAt: T0 + 9.5 * H, lifespanMs: 1 * H, via: 'usage' },
    { at: iso(T0 + 9 * H), account: '12', method: 'oauth', result: 'failed', oldExpiresAt: T0 + 9.5 * H, newExpiresAt: null, lifespanMs: null, reason: 'HTTP 503 for sk-ant-ort01-LEAKED000 (ctk refresh 12)' },
    { at: iso(T0 + 10 * H), account: '3', method: 'oauth', result: 'skipped', oldExpiresAt: null, newExpiresAt: null, lifespanMs: null, reason: 'healthy' },
    { at: iso(T0 + 30 * H), account: 'work', method: 'oauth', result: 'needs-login', oldExpiresAt: T0 + 5 * H, newExpiresAt: null, lifespanMs: null, reason: `invalid_grant for alice.work@example.com in ${workDir} (${sb.home}/x, user ${USER}, account work)` },
  ].map((l) => JSON.stringify(l));
  fs.mkdirSync(sb.configDir, { recursive: true });
  fs.writeFileSync(path.join(sb.configDir, 'history.jsonl'), [...lines.slice(0, 3), '{"at":"2026-11-20T1', ...lines.slice(3)].join('\n') + '\n');
});
afterEach(() => sb.cleanup());

function expectNothingIdentifying(text: string): void {
  expectNoToken(text);
  expect(text).not.toMatch(/@example\.com/);
  expect(text).not.toContain(sb.root);
  expect(text).not.toContain(sb.home);
  expect(text).not.toMatch(/\bwork\b/);
  expect(text).not.toMatch(/\| 12 \|/);
  expect(text).not.toMatch(/abcd1234/);
  if (USER.length >= 3) expect(text).not.toMatch(new RegExp(`\\b${USER}\\b`));
}

describe('ctk report', () => {
  it('shows each event’s lifespan and the median, with every identifier redacted', () => {
    const r = ctk(['report'], env);
    expect(r.code).toBe(0);
    const md = r.stdout;
    expectNothingIdentifying(md + r.stderr);
    expect(md).toMatch(/^## Claude Code OAuth token lifetime report/);
    expect(md).toMatch(/\| Claude Code \| 2\.1\.197 \(Claude Code\) \|/);
    expect(md).toMatch(/\| OS \| \w+ .*\((linux|darwin|win32) \w+\) \|/);
    expect(md).toMatch(/\| Accounts on this machine \| 3 \(2 healthy, 1 expired\) \|/);
    // Lifespans 8 h, 4 h (computed from expiresAt), 2 h, 1 h: median 3 h.
    expect(md).toContain('**Median lifespan: 3.0 h** over 4 logins/refreshes (shortest 1.0 h, longest 8.0 h).');
    expect(md).toContain('By method: login 8.0 h (n=1), oauth 2.0 h (n=3).');
    expect(md).toContain('Refresh token rejected (had to log in again): 1 time, median 29.0 h after the previous successful refresh.');
    const rows = md.split('\n').filter((l) => /^\| 2026-/.test(l));
    expect(rows).toHaveLength(6); // the skipped attempt and the torn line are not evidence
    expect(rows[0]).toMatch(/^\| 2026-11-20 08:00 UTC \| A \| login \| refreshed \| 2026-11-20 16:00 UTC \| 8\.0 h \| — \| via morning \|$/);
    expect(rows[1]).toMatch(/^\| 2026-11-20 09:00 UTC \| B \| oauth \| refreshed \| 2026-11-20 13:00 UTC \| 4\.0 h \| -30 min \|/);
    expect(rows[2]).toMatch(/\| C \| oauth \| refreshed \| .* \| 2\.0 h \| 1\.0 h \|/);
    expect(rows[3]).toMatch(/^\| 2026-11-20 16:30 UTC \| A \| oauth \| refreshed \| 2026-11-20 17:30 UTC \| 1\.0 h \| -30 min \| via usage \|$/);
    expect(rows[4]).toMatch(/\| A \| oauth \| failed \| — \| — \| 30 min \| HTTP 503 for \[token\] \(ctk refresh A\) \|$/);
    expect(rows[5]).toMatch(/\| B \| oauth \| needs-login \| .*refresh token was 29\.0 h old; invalid_grant for <email> in <path> \(~\/x, user <user>, account B\)/);
    expect(md).toMatch(/redacted; accounts are lettered A, B/);
  });

  it('reveals account ids and emails with --include-emails, never paths or tokens', () => {
    const r = ctk(['report', '--include-emails'], env);
    expect(r.code).toBe(0);
    expectNoToken(r.stdout);
    expect(r.stdout).toMatch(/\| 12 <dev12@example\.com> \| login \|/);
    expect(r.stdout).toMatch(/\| work <alice\.work@example\.com> \| oauth \| needs-login \|.*invalid_grant for alice\.work@example\.com in <path>/);
    expect(r.stdout).not.toContain(sb.root);
    expect(r.stdout).not.toContain(sb.home);
    expect(r.stdout).toMatch(/paths, user name and tokens are redacted/);
  });

  it('gives the exact numbers as JSON and narrows to one account', () => {
    const all = ctk(['report', '--json'], env);
    expect(all.code).toBe(0);
    expectNothingIdentifying(all.stdout);
    const j = JSON.parse(all.stdout);
    expect(j).toMatchObject({ schemaVersion: 1, includeEmails: false, claudeCode: '2.1.197 (Claude Code)', accounts: 3 });
    expect(j.events.map((e: any) => [e.account, e.result, e.lifespanMs])).toEqual([
      ['A', 'refreshed', 8 * H],
      ['B', 'refreshed', 4 * H],
      ['C', 'refreshed', 2 * H],
      ['A', 'refreshed', 1 * H],
      ['A', 'failed', null],
      ['B', 'needs-login', null],
    ]);
    expect(j.summary).toMatchObject({ count: 4, medianMs: 3 * H, minMs: 1 * H, maxMs: 8 * H, rejected: { count: 1, medianRefreshTokenAgeMs: 29 * H } });
    expect(j.markdown).toContain('**Median lifespan: 3.0 h**');

    const one = JSON.parse(ctk(['report', '12', '--json'], env).stdout);
    expect(one.account).toBe('A');
    expect(one.events).toHaveLength(3);
    expect(one.summary).toMatchObject({ count: 2, medianMs: 4.5 * H });
    expect(one.markdown).toContain('**Median lifespan: 4.5 h** over 2 logins/refreshes');
  });

  it('says "not found" without claude, handles no history, rejects unknown ids, and writes nothing', () => {
    fs.rmSync(path.join(sb.configDir, 'history.jsonl'));
    const before = fs.readdirSync(sb.configDir).sort();
    const r = ctk(['report'], { ...env, CTK_CLAUDE_BIN: path.join(sb.root, 'no-such-claude') });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| Claude Code \| not found \|/);
    expect(r.stdout).toMatch(/No successful login or refresh/);
    expectNothingIdentifying(r.stdout);
    expect(fs.readdirSync(sb.configDir).sort()).toEqual(before);
    const bad = ctk(['report', 'nobody'], env);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/unknown account nobody/);
  });
});
