import { describe, expect, it } from 'vitest';
import { filterRows, orderRows, stateText, type PickRow } from '../../../src/domain/picker.js';

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
