import { describe, expect, it } from 'vitest';
import { pickBackend } from '../../../src/schedule/backends.js';

describe('picking a backend', () => {
  it('goes by platform, systemd when it runs, cron otherwise, and takes an override', () => {
    expect(pickBackend('auto', 'darwin', false).name).toBe('launchd');
    expect(pickBackend(undefined, 'win32', false).name).toBe('schtasks');
    expect(pickBackend('auto', 'linux', true).name).toBe('systemd');
    expect(pickBackend('auto', 'linux', false).name).toBe('cron');
    expect(pickBackend('cron', 'linux', true).name).toBe('cron');
    expect(() => pickBackend('anacron', 'linux', true)).toThrow(/--backend takes auto, systemd, cron, launchd, schtasks/);
  });
});
