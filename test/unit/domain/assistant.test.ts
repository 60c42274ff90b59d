import { describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../../src/domain/account.js';
import { looksLikeSecret, menuItems, nextExpiry, splitLine, suggestions } from '../../../src/domain/assistant.js';
import { rememberSecret } from '../../../src/domain/redact.js';
import { stateRow } from '../../helpers/status-row.js';

const NOW = 1_800_000_000_000;
const H = 3_600_000;
const row = (id: string, state: AccountStatus['state'], msLeft: number | null, extra: Partial<AccountStatus> = {}): AccountStatus =>
  stateRow(id, NOW, state, msLeft, { dir: `/a/${id}`, error: null, ...extra });

describe('splitLine', () => {
  it('splits words as a shell does', () => {
    expect(splitLine('refresh 4 9-12')).toEqual(['refresh', '4', '9-12']);
    expect(splitLine('  accounts add 7 --label "work laptop"  ')).toEqual(['accounts', 'add', '7', '--label', 'work laptop']);
    expect(splitLine(`config set webhook 'a b' x\\ y ""`)).toEqual(['config', 'set', 'webhook', 'a b', 'x y', '']);
    expect(splitLine('run 1 -- -p "say \\"hi\\""')).toEqual(['run', '1', '--', '-p', 'say "hi"']);
    expect(splitLine('')).toEqual([]);
  });
  it('says when a quote is left open', () => {
    expect(() => splitLine('accounts add 7 --label "work')).toThrow(/double quote is not closed/);
  });
});

describe('looksLikeSecret', () => {
  it('refuses token shapes, long opaque strings and fragments of tokens this process read', () => {
    expect(looksLikeSecret('status sk-ant-oat01-abc')).toBe(true);
    expect(looksLikeSecret('x ort01-AbCdEfGh')).toBe(true);
    expect(looksLikeSecret('config set webhook ' + 'a'.repeat(48))).toBe(true);
    rememberSecret('QWERTYUIOPASDFGH-known-value');
    expect(looksLikeSecret('status ASDFGH-kno')).toBe(true);
    expect(looksLikeSecret('refresh 4 9-12 --method login')).toBe(false);
    expect(looksLikeSecret('config set notify.webhookUrl https://ntfy.sh/my-topic')).toBe(false);
  });
});

describe('what matters now', () => {
  const rows = [
    row('1', 'healthy', 6 * H),
    row('4', 'expiring', 1 * H),
    row('9', 'expiring', 0.3 * H),
    row('6', 'expired', -H),
    row('7', 'healthy', 5 * H, { loginEnding: true, loginExpiresAt: NOW + 3 * 24 * H }),
  ];

  it('asks about the expiring ones first, then the dead ones; at most two', () => {
    const s = suggestions(rows, 2, 5);
    expect(s.map((x) => x.text)).toEqual(['2 accounts expire within 2 h (4 9) — refresh them?', '1 account needs a login (6) — log in now?']);
    expect(s.map((x) => x.args)).toEqual([
      ['refresh', '4', '9', '--yes'],
      ['refresh', '6', '--yes'],
    ]);
    expect(suggestions([rows[0], rows[4]], 2, 5)).toEqual([{ text: '1 login ends within 5 d (7) — renew with a browser sign-in?', args: ['refresh', '7', '--method', 'login', '--yes'] }]);
    expect(suggestions([rows[0]], 2, 5)).toEqual([]);
  });

  it('offers the urgent actions in the menu, then the everyday ones', () => {
    const names = menuItems(rows, 2).map((m) => m.name);
    expect(names.slice(0, 3)).toEqual(['Refresh the 2 accounts expiring soon', 'Log in the 1 account that needs it', 'Renew the login that ends soon']);
    expect(names).toEqual(expect.arrayContaining(['Run the morning routine', 'Start Claude Code in an account', 'Switch this shell to an account', 'Show usage', 'Renewal calendar']));
    expect(menuItems([rows[0]], 2)[0].name).toBe('Run the morning routine');
    expect(menuItems(rows, 2).find((m) => m.pick === 'switch')?.args).toBeUndefined();
  });

  it('finds the next expiry among the live tokens', () => {
    expect(nextExpiry(rows, NOW)).toEqual({ id: '9', at: NOW + 0.3 * H });
    expect(nextExpiry([row('6', 'expired', -H)], NOW)).toBeNull();
  });
});
