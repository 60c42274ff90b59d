import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { desktopBackendFor } from '../../../src/alerts/desktop.js';
import { notificationCheck, scheduleCheck } from '../../../src/doctor/system.js';
import { makeSandbox, type Sandbox } from '../../helpers.js';

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
    expect(linux).toMatchObject({ ok: true, note: true, message: expect.stringMatching(/notify-send is not installed.*optional.*notify\.webhookUrl/) });
    fs.writeFileSync(path.join(bin, 'notify-send'), '#!/bin/sh\n', { mode: 0o755 });
    expect(notificationCheck({ desktop: true, webhookUrl: '' }, desktopBackendFor('linux', { PATH: bin })).ok).toBe(true);
    expect(notificationCheck({ desktop: true, webhookUrl: 'https://x.example' }, desktopBackendFor('linux', none)).ok).toBe(true);
    expect(notificationCheck({ desktop: false, webhookUrl: '' }, desktopBackendFor('darwin', none))).toMatchObject({ note: true, message: expect.stringMatching(/notify\.desktop true/) });
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
    expect(scheduleCheck(null)).toMatchObject({ ok: true, note: true, message: expect.stringMatching(/optional: ctk schedule install/) });
    expect(scheduleCheck(record, () => true)).toMatchObject({ ok: true, message: 'schedule installed: launchd (com.claude-token-kit.watch), every 30 min, evening at 18:30' });
    const damaged = scheduleCheck(record, () => false);
    expect(damaged).toMatchObject({ ok: false, message: expect.stringMatching(/damaged: .*watch\.plist is missing/) });
  });
});
