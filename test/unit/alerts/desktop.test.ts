import { describe, expect, it } from 'vitest';
import { refreshAlert, transitions, type CheckedAccount } from '../../../src/domain/alerts.js';
import { DesktopNotifier, desktopBackendFor, shellSafe, type DesktopBackend } from '../../../src/alerts/desktop.js';
import type { AccountStatus } from '../../../src/accounts/check.js';
import fs from 'node:fs';
import path from 'node:path';
import { makeSandbox } from '../../helpers.js';
import { stateRow } from '../../helpers/status-row.js';

const NOW = 1_800_000_000_000;
const H = 3_600_000;

const row = (id: string, state: CheckedAccount['state'], msLeft: number | null = null, extra: Partial<AccountStatus> = {}): AccountStatus => stateRow(id, NOW, state, msLeft, extra);

describe('desktop notifications through the notifier interface', () => {
  function recorder(fail = false): DesktopBackend & { calls: { title: string; message: string }[] } {
    const calls: { title: string; message: string }[] = [];
    return {
      name: 'recorder',
      calls,
      async show(title, message) {
        calls.push({ title, message });
        if (fail) throw new Error('no D-Bus session');
      },
    };
  }
  const ac = new AbortController();

  it('shows one notification per alert naming the account, time left and command', async () => {
    const b = recorder();
    const alerts = transitions(null, [row('12', 'expiring', 90 * 60_000), row('4', 'revoked')], NOW).alerts;
    const res = await new DesktopNotifier(b).deliver(alerts, ac.signal);
    expect(res.every((r) => r.ok)).toBe(true);
    expect(b.calls).toHaveLength(2);
    expect(b.calls[0].title).toBe('ctk: account 12 expires in 1.5 h');
    expect(b.calls[0].message).toContain('ctk refresh 12');
    expect(b.calls[0].message).toContain('c 12 then claude auth login');
    expect(b.calls[1].title).toBe('ctk: account 4 was logged out');
  });

  it('folds a burst into one summary and leaves successful refreshes to the webhook', async () => {
    const b = recorder();
    const alerts = transitions(null, ['1', '2', '3', '4', '5'].map((id) => row(id, 'expired', -H)), NOW).alerts;
    const refreshed = refreshAlert(row('9', 'expiring', H), { outcome: 'refreshed', message: 'ok', newExpiresAt: NOW + 8 * H }, NOW);
    await new DesktopNotifier(b).deliver([...alerts, refreshed], ac.signal);
    expect(b.calls).toHaveLength(1);
    expect(b.calls[0].title).toBe('ctk: 5 accounts need attention');
    expect(b.calls[0].message).toContain('1, 2, 3, 4, 5');
    expect(await new DesktopNotifier(b).deliver([refreshed], ac.signal)).toEqual([]);
  });

  it('reports a failing backend instead of throwing', async () => {
    const res = await new DesktopNotifier(recorder(true)).deliver(transitions(null, [row('1', 'missing')], NOW).alerts, ac.signal);
    expect(res).toMatchObject([{ ok: false, error: 'no D-Bus session' }]);
  });

  it('uses notify-send on Linux only when it is on PATH', () => {
    const sb = makeSandbox();
    try {
      const bin = path.join(sb.root, 'bin');
      fs.mkdirSync(bin);
      expect(desktopBackendFor('linux', { PATH: bin })).toHaveProperty('unavailable');
      fs.writeFileSync(path.join(bin, 'notify-send'), '#!/bin/sh\n', { mode: 0o755 });
      const c = desktopBackendFor('linux', { PATH: bin });
      expect('backend' in c && c.backend.name).toBe(`notify-send (${path.join(bin, 'notify-send')})`);
      expect('backend' in desktopBackendFor('darwin', {})).toBe(true);
      expect('backend' in desktopBackendFor('win32', {})).toBe(true);
    } finally {
      sb.cleanup();
    }
  });

  it('keeps shell metacharacters away from the notify-send command line', () => {
    expect(shellSafe('a $(rm -rf ~) `x` "q" \\')).toBe("a '(rm -rf ~) 'x' 'q' '");
  });
});
