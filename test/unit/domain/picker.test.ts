import { describe, expect, it } from 'vitest';
import { filterRows, healthFirst, orderRows, stateText, type PickRow } from '../../../src/domain/picker.js';
import { initCommandLine, initNames, prefixProblem } from '../../../src/domain/init-names.js';

const H = 3_600_000;

const row = (id: string, extra: Partial<PickRow> = {}): PickRow => ({
  id,
  label: null,
  email: `dev${id}@example.com`,
  state: 'healthy',
  msLeft: 5 * H,
  current: false,
  ...extra,
});

describe('picker model', () => {
  const rows = [row('1'), row('12', { label: 'team alpha' }), row('100'), row('101', { current: true }), row('work', { email: 'me@corp.example' })];

  it('puts the current account first and keeps the rest in order', () => {
    expect(orderRows(rows).map((r) => r.id)).toEqual(['101', '1', '12', '100', 'work']);
  });

  it('filters by id first, then label and email', () => {
    expect(filterRows(rows, '1').map((r) => r.id)).toEqual(['1', '12', '100', '101']);
    expect(filterRows(rows, '10').map((r) => r.id)).toEqual(['100', '101']);
    expect(filterRows(rows, 'alpha').map((r) => r.id)).toEqual(['12']);
    expect(filterRows(rows, 'corp').map((r) => r.id)).toEqual(['work']);
    expect(filterRows(rows, 'TEAM Alpha').map((r) => r.id)).toEqual(['12']);
    expect(filterRows(rows, 'nothing')).toEqual([]);
    expect(filterRows(rows, '  ')).toEqual(rows);
  });

  it('shows the state with the time left', () => {
    expect(stateText({ state: 'healthy', msLeft: 7.2 * H })).toBe('healthy 7.2 h');
    expect(stateText({ state: 'expiring', msLeft: 45 * 60_000 })).toBe('expiring 45 min');
    expect(stateText({ state: 'expired', msLeft: -3 * H })).toBe('expired 3.0 h ago');
    expect(stateText({ state: 'revoked', msLeft: null })).toBe('revoked');
  });
});

describe('healthFirst', () => {
  it('healthy, then expiring, then unusable, each in the given order', () => {
    const rows = [row('1', { state: 'expired' }), row('2', { state: 'expiring' }), row('3'), row('4', { state: 'revoked' }), row('5'), row('6', { state: 'wrong-account' })];
    expect(healthFirst(rows).map((r) => r.id)).toEqual(['3', '5', '2', '1', '4', '6']);
  });
});

describe('ctk init names', () => {
  it('builds every name from the prefix and refuses names a shell would not take', () => {
    expect(initNames()).toEqual({ switch: 'c', status: 'ct', all: 'ct-all', refresh: 'ct-refresh' });
    expect(initNames('x')).toEqual({ switch: 'x', status: 'xt', all: 'xt-all', refresh: 'xt-refresh' });
    expect(prefixProblem('cc_2')).toBeNull();
    for (const bad of ['', 'a b', '-x', '1x', "x'", 'x;y', 'a'.repeat(25)]) expect(prefixProblem(bad), bad).toMatch(/--cmd/);
    expect(initCommandLine('zsh', { cmd: 'x', completion: false })).toBe('ctk init zsh --cmd x --no-completion');
    expect(initCommandLine('bash', { cmd: 'c' })).toBe('ctk init bash');
  });
});
