import { describe, expect, it } from 'vitest';
import { compareIds, parseIdList, idProblem } from '../../../src/domain/ids.js';

describe('id lists', () => {
  it('expands ranges in order', () => {
    const ids = parseIdList('1-28,100-103');
    expect(ids).toHaveLength(32);
    expect(ids.slice(26)).toEqual(['27', '28', '100', '101', '102', '103']);
    expect(parseIdList('work, 3')).toEqual(['work', '3']);
  });
  it('rejects bad input with a reason', () => {
    expect(() => parseIdList('5-1')).toThrow(/backwards/);
    expect(() => parseIdList('1-3,2')).toThrow(/twice/);
    expect(() => parseIdList('a b')).toThrow(/may only use/);
    expect(() => parseIdList('')).toThrow(/no account ids/);
    expect(idProblem('-x')).toMatch(/start with/);
    expect(idProblem('x'.repeat(33))).toMatch(/longer than 32/);
  });
  it('orders numeric ids numerically, names after', () => {
    expect(['100', 'work', '3', '28', 'alpha'].sort(compareIds)).toEqual(['3', '28', '100', 'alpha', 'work']);
  });
});
