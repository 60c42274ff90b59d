import { describe, expect, it } from 'vitest';
import { loginEndsText, loginStanding, renewalCalendar } from '../../../src/domain/login-deadline.js';

const D = 86_400_000;
const NOW = Date.UTC(2026, 11, 2, 9, 0);
const dayOf = (ms: number) => Math.floor(ms / D);
const label = (day: number) => new Date(day * D).toISOString().slice(0, 10);

describe('loginStanding', () => {
  it('is ending within the window, ended once passed, unknown without a deadline', () => {
    expect(loginStanding(null, NOW, 5)).toBe('unknown');
    expect(loginStanding(NOW + 6 * D, NOW, 5)).toBe('ok');
    expect(loginStanding(NOW + 5 * D, NOW, 5)).toBe('ending');
    expect(loginStanding(NOW, NOW, 5)).toBe('ended');
    expect(loginEndsText(NOW + 2.5 * D, NOW)).toBe('login ends in 2 d');
    expect(loginEndsText(NOW + 5 * 3_600_000, NOW)).toBe('login ends in 5 h');
    expect(loginEndsText(NOW - 1, NOW)).toBe('login ended');
  });
});

describe('renewalCalendar', () => {
  const o = { perDay: 3, marginDays: 2, dayOf, label };
  it('puts each renewal as late as the margin allows, never more than perDay on one day', () => {
    const rows = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => ({ id, loginExpiresAt: NOW + 10 * D }));
    const plan = renewalCalendar(rows, NOW, o);
    expect(plan.map((p) => p.renewOn)).toEqual(['2026-12-10', '2026-12-10', '2026-12-10', '2026-12-09', '2026-12-09', '2026-12-09', '2026-12-08']);
    expect(plan.every((p) => !p.overdue)).toBe(true);
  });
  it('sorts by deadline with ids numerically, unknown deadlines last, overdue ones today', () => {
    const plan = renewalCalendar(
      [
        { id: '10', loginExpiresAt: null },
        { id: '9', loginExpiresAt: null },
        { id: 'late', loginExpiresAt: NOW + 20 * D },
        { id: 'gone', loginExpiresAt: NOW - D },
        { id: 'soon', loginExpiresAt: NOW + D },
      ],
      NOW,
      o,
    );
    expect(plan.map((p) => p.row.id)).toEqual(['gone', 'soon', 'late', '9', '10']);
    expect(plan[0]).toMatchObject({ renewOn: '2026-12-02', overdue: true });
    expect(plan[1]).toMatchObject({ renewOn: '2026-12-02', overdue: false });
    expect(plan[3].renewOn).toBeNull();
  });
  it('overflows onto today only when the days before are full', () => {
    const rows = ['a', 'b', 'c', 'd'].map((id) => ({ id, loginExpiresAt: NOW + 1.5 * D }));
    expect(renewalCalendar(rows, NOW, { ...o, perDay: 1 }).map((p) => p.renewOn)).toEqual(['2026-12-02', '2026-12-02', '2026-12-02', '2026-12-02']);
  });
});
