// Pure pieces of ctk report (lifespans, median, redaction) and ctk doctor (judgements, and what
// it would say on the other platforms).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatSpan, formatUtc, lifespanEvents, median, summarizeLifespans } from '../../src/domain/lifespan.js';
import { letterAlias, makeRedactor } from '../../src/domain/report-redaction.js';
import { configProblems, doctorExitCode, isStaleLock, nodeCheck } from '../../src/domain/doctor.js';
import { desktopBackendFor } from '../../src/alerts/desktop.js';
import { notificationCheck, scheduleCheck } from '../../src/doctor/system.js';
import type { HistoryEntry } from '../../src/history/history.js';
import { H, makeSandbox, type Sandbox } from '../helpers.js';

const T0 = Date.parse('2026-11-20T08:00:00Z');
const e = (over: Partial<HistoryEntry> & { at: string }): HistoryEntry => ({
  account: '1',
  method: 'oauth',
  result: 'refreshed',
  oldExpiresAt: null,
  newExpiresAt: null,
  lifespanMs: null,
  ...over,
});
const iso = (ms: number) => new Date(ms).toISOString();

describe('lifespans', () => {
  it('computes each event’s lifespan, the old token’s time left and a rejected refresh token’s age', () => {
    const events = lifespanEvents([
      e({ at: iso(T0 + 10 * H), account: '1', result: 'needs-login', oldExpiresAt: T0 + 9 * H }),
      e({ at: iso(T0), account: '1', method: 'login', newExpiresAt: T0 + 8 * H, lifespanMs: 8 * H }),
      e({ at: iso(T0 + H), account: '2', newExpiresAt: T0 + 3 * H, oldExpiresAt: T0 + 2 * H }),
      e({ at: iso(T0 + 2 * H), account: '2', result: 'skipped' }),
      e({ at: 'not a time', account: '2', newExpiresAt: T0 }),
      e({ at: iso(T0 + 3 * H), account: '3', result: 'already-refreshed', newExpiresAt: T0 + 11 * H }),
    ]);
    expect(events.map((x) => [x.account, x.result, x.lifespanMs, x.oldLeftMs, x.refreshTokenAgeMs])).toEqual([
      ['1', 'refreshed', 8 * H, null, null],
      ['2', 'refreshed', 2 * H, 1 * H, null],
      ['3', 'already-refreshed', null, null, null],
      ['1', 'needs-login', null, -1 * H, 10 * H],
    ]);
    expect(lifespanEvents([e({ at: iso(T0), account: '1', newExpiresAt: T0 + H }), e({ at: iso(T0), account: '2', newExpiresAt: T0 + H })], '2')).toHaveLength(1);
  });
  it('takes the median of odd and even counts, and summarises by method', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([8, 1, 4])).toBe(4);
    expect(median([8, 1, 4, 2])).toBe(3);
    const s = summarizeLifespans(
      lifespanEvents([
        e({ at: iso(T0), method: 'login', newExpiresAt: T0 + 8 * H }),
        e({ at: iso(T0 + H), newExpiresAt: T0 + 2 * H }),
        e({ at: iso(T0 + 2 * H), newExpiresAt: T0 + 5 * H }),
        e({ at: iso(T0 + 3 * H), newExpiresAt: T0 + 2 * H }), // negative: a clock problem, not a lifespan
      ]),
    );
    expect(s).toMatchObject({ count: 3, medianMs: 3 * H, minMs: H, maxMs: 8 * H, byMethod: { login: { count: 1, medianMs: 8 * H }, oauth: { count: 2, medianMs: 2 * H } } });
  });
  it('formats spans and UTC times for a report', () => {
    expect(formatSpan(8 * H)).toBe('8.0 h');
    expect(formatSpan(-0.5 * H)).toBe('-30 min');
    expect(formatSpan(96 * H)).toBe('4.0 d');
    expect(formatSpan(null)).toBe('—');
    expect(formatUtc(T0)).toBe('2026-11-20 08:00 UTC');
  });
});

describe('report redaction', () => {
  const ctx = {
    accountIds: ['12', 'work', '3'],
    emails: { '12': 'dev12@example.com', work: 'alice@corp.example', '3': null },
    paths: ['/home/alice/.claude-12', '/home/alice/.claude-work'],
    home: '/home/alice',
    userName: 'alice',
    includeEmails: false,
  };
  it('letters accounts and scrubs emails, paths, home, user name and tokens from free text', () => {
    expect([0, 1, 25, 26, 27, 701, 702].map(letterAlias)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    const r = makeRedactor(ctx);
    expect([r.account('12'), r.account('work'), r.account('3'), r.account('gone')]).toEqual(['A', 'B', 'C', 'D']);
    expect(r.text('invalid_grant for alice@corp.example in /home/alice/.claude-work/.credentials.json')).toBe('invalid_grant for <email> in <path>/.credentials.json');
    expect(r.text('see /home/alice/notes and C:\\Users\\alice\\x and /opt/other/place')).toBe('see ~/notes and <path> and <path>');
    expect(r.text('token sk-ant-ort01-abcDEF_123 leaked by alice')).toBe('token [token] leaked by <user>');
    expect(r.text('run ctk refresh 12; account work; 12 hours; framework')).toBe('run ctk refresh A; account B; 12 hours; framework');
  });
  it('with --include-emails shows ids and emails but never paths or tokens', () => {
    const r = makeRedactor({ ...ctx, includeEmails: true });
    expect(r.account('12')).toBe('12 <dev12@example.com>');
    expect(r.account('3')).toBe('3');
    expect(r.text('alice@corp.example in /home/alice/.claude-work sk-ant-oat01-x')).toBe('alice@corp.example in <path> [token]');
  });
});

describe('doctor judgements', () => {
  it('needs Node 20 or later', () => {
    expect(nodeCheck('v20.0.0').ok).toBe(true);
    expect(nodeCheck('v22.11.0').ok).toBe(true);
    const old = nodeCheck('v18.19.1');
    expect(old).toMatchObject({ ok: false, check: 'node' });
    expect(old.fix).toMatch(/install Node\.js 20/);
  });
  it('validates config objects for each platform', () => {
    expect(configProblems({})).toEqual([]);
    expect(configProblems({ accounts: [{ id: '1', dir: '/a' }], warningHours: 3, notify: { desktop: false, webhookFormat: 'slack' } })).toEqual([]);
    expect(configProblems({ accounts: 'x' })).toEqual(['"accounts" is not a list']);
    expect(configProblems({ accounts: [{ id: 'bad id', dir: '/a' }, { dir: '/b' }, null] })).toEqual([
      'account id "bad id" may only use letters, digits, ".", "_" and "-", and must start with a letter or digit',
      'accounts[1] has no id',
      'accounts[2] is not an object',
    ]);
    expect(configProblems({ warningHours: 500, notify: { webhookFormat: 'xml', desktop: 'yes' } })).toEqual([
      'warningHours must be at most 168 (got 500)',
      'notify.desktop should be a boolean',
      'notify.webhookFormat takes one of json, slack, ntfy (got "xml")',
    ]);
    expect(configProblems({ accounts: [{ id: '1', dir: 'C:\\Users\\me\\.claude-1' }] }, 'win32')).toEqual([]);
    expect(configProblems({ accounts: [{ id: '1', dir: 'C:\\Users\\me\\.claude-1' }] }, 'linux')).toEqual(['account 1: dir must be an absolute path']);
  });
  it('calls a lock stale after a minute, and exits 1 on any failure', () => {
    expect(isStaleLock(T0 - 59_000, T0)).toBe(false);
    expect(isStaleLock(T0 - 61_000, T0)).toBe(true);
    expect(doctorExitCode([nodeCheck('v20.1.0')])).toBe(0);
    expect(doctorExitCode([nodeCheck('v20.1.0'), nodeCheck('v16.0.0')])).toBe(1);
  });
});

describe('doctor on other platforms', () => {
  let sb: Sandbox;
  beforeEach(() => (sb = makeSandbox()));
  afterEach(() => sb.cleanup());

  it('asks the alerts module for each platform’s desktop backend; a webhook also counts', () => {
    const bin = path.join(sb.root, 'bin');
    fs.mkdirSync(bin);
    const none = { PATH: path.join(sb.root, 'empty') };
    expect(notificationCheck({ desktop: true, webhookUrl: '' }, desktopBackendFor('win32', none))).toMatchObject({ ok: true, message: expect.stringMatching(/Windows toast/) });
    expect(notificationCheck({ desktop: true, webhookUrl: '' }, desktopBackendFor('darwin', none))).toMatchObject({ ok: true, message: expect.stringMatching(/Notification Center/) });
    const linux = notificationCheck({ desktop: true, webhookUrl: '' }, desktopBackendFor('linux', none));
    expect(linux).toMatchObject({ ok: false, message: expect.stringMatching(/notify-send is not installed/), fix: expect.stringMatching(/notify\.webhookUrl/) });
    fs.writeFileSync(path.join(bin, 'notify-send'), '#!/bin/sh\n', { mode: 0o755 });
    expect(notificationCheck({ desktop: true, webhookUrl: '' }, desktopBackendFor('linux', { PATH: bin })).ok).toBe(true);
    expect(notificationCheck({ desktop: true, webhookUrl: 'https://x.example' }, desktopBackendFor('linux', none)).ok).toBe(true);
    expect(notificationCheck({ desktop: false, webhookUrl: '' }, desktopBackendFor('darwin', none))).toMatchObject({ ok: false, fix: expect.stringMatching(/notify\.desktop true/) });
    expect(notificationCheck({ desktop: false, webhookUrl: 'https://x.example' }, desktopBackendFor('linux', none)).ok).toBe(true);
  });

  it('trusts the schedule manifest, and notices files that went missing', () => {
    const record = {
      version: 1 as const,
      backend: 'launchd' as const,
      installedAt: '2026-11-27T08:00:00Z',
      intervalMinutes: 30,
      evening: '18:30',
      autoRefresh: false,
      jobs: ['com.claude-token-kit.watch'],
      files: ['/Users/me/Library/LaunchAgents/com.claude-token-kit.watch.plist'],
      command: ['node', 'cli.js', 'watch', '--once'],
    };
    expect(scheduleCheck(null)).toMatchObject({ ok: false, fix: expect.stringMatching(/ctk schedule install/) });
    expect(scheduleCheck(record, () => true)).toMatchObject({ ok: true, message: 'schedule installed: launchd (com.claude-token-kit.watch), every 30 min, evening at 18:30' });
    const damaged = scheduleCheck(record, () => false);
    expect(damaged).toMatchObject({ ok: false, message: expect.stringMatching(/damaged: .*watch\.plist is missing/) });
  });
});
