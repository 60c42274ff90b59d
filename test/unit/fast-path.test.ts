import { describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../src/accounts/check.js';

const status = (state: AccountStatus['state'], msLeft: number | null, extra: Partial<AccountStatus> = {}): AccountStatus => ({
  id: '12',
  label: null,
  dir: '/x',
  email: 'dev12@example.com',
  subscriptionType: 'max',
  state,
  expiresAt: msLeft === null ? null : 1_800_000_000_000 + msLeft,
  msLeft,
  error: null,
  current: false,
  ...extra,
});

describe('the fast path', async () => {
  const { matchFastPath: matchShellFastPath } = await import('../../src/fast-path.js');
  it('takes bare ctk, status with ids and --json, and accounts list --ids', () => {
    for (const args of [[], ['status'], ['status', '12', '--json'], ['accounts', 'list', '--ids']]) expect(matchShellFastPath(args), args.join(' ')).toBeTypeOf('function');
    for (const args of [['status', '-w', '4'], ['status', '--help'], ['accounts', 'list'], ['--demo']]) expect(matchShellFastPath(args), args.join(' ')).toBeNull();
  });
  it('takes only the exact shapes the shell functions run', () => {
    expect(matchShellFastPath(['completion', '--accounts'])).toBeTypeOf('function');
    expect(matchShellFastPath(['current'])).toBeTypeOf('function');
    expect(matchShellFastPath(['use', '--shell', 'bash', '--', '12'])).toBeTypeOf('function');
    expect(matchShellFastPath(['use', '12', '--shell', 'fish'])).toBeTypeOf('function');
    expect(matchShellFastPath(['use', '--shell', 'pwsh', '12'])).toBeTypeOf('function');
    // Claude Code's status line (every render) and SessionStart hook, and the cd hook's pin lookup.
    expect(matchShellFastPath(['statusline'])).toBeTypeOf('function');
    expect(matchShellFastPath(['hook', 'session-start'])).toBeTypeOf('function');
    expect(matchShellFastPath(['current', '--pinned'])).toBeTypeOf('function');
    // c - (the previous account) stays on the fast path
    expect(matchShellFastPath(['use', '--shell', 'zsh', '--', '-'])).toBeTypeOf('function');
    expect(matchShellFastPath(['use', '--shell', 'pwsh', '-'])).toBeTypeOf('function');
    for (const args of [
      ['completion', 'bash'],
      ['current', '--dir'],
      ['use', '12'],
      ['use', '--shell', 'tcsh', '--', '12'],
      ['use', '--shell', 'bash', '--', '-h'],
      ['use', '12', '--shell', 'bash', '--quiet'],
      ['use', '--help'],
      ['statusline', '--help'],
      ['hook'],
      ['hook', 'session-start', '-h'],
      ['current', '--pinned', '--dir'],
    ]) {
      expect(matchShellFastPath(args), args.join(' ')).toBeNull();
    }
  });
});
