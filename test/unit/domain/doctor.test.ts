import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configProblems, doctorExitCode, isStaleLock, nodeCheck } from '../../../src/domain/doctor.js';

const T0 = Date.parse('2026-11-20T08:00:00Z');

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
