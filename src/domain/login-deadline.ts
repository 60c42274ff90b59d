// The login deadline (claudeAiOauth.refreshTokenExpiresAt, DESIGN §2a): about 30 days after a
// browser sign-in, never moved by a refresh. Pure: when it counts as ending, and the renewal
// calendar that spreads many renewals out instead of letting them fall due on one day.
import { DAY_MS } from './duration.js';
import { compareIds } from './ids.js';

export const DEFAULT_LOGIN_WARNING_DAYS = 5;

export type LoginStanding = 'ok' | 'ending' | 'ended' | 'unknown';

export function loginStanding(loginExpiresAt: number | null, now: number, warningDays: number): LoginStanding {
  if (loginExpiresAt === null) return 'unknown';
  if (loginExpiresAt <= now) return 'ended';
  return loginExpiresAt - now <= warningDays * DAY_MS ? 'ending' : 'ok';
}

/** "login ends in 2 d", "login ends in 5 h", "login ended". */
export function loginEndsText(loginExpiresAt: number, now: number): string {
  const left = loginExpiresAt - now;
  if (left <= 0) return 'login ended';
  if (left < DAY_MS) return `login ends in ${Math.max(1, Math.round(left / 3_600_000))} h`;
  return `login ends in ${Math.floor(left / DAY_MS)} d`;
}

export interface CalendarRow {
  id: string;
  loginExpiresAt: number | null;
}

export interface PlannedRenewal<R extends CalendarRow> {
  row: R;
  /** Local calendar day (YYYY-MM-DD) to sign in again, or null when the deadline is unknown. */
  renewOn: string | null;
  /** The deadline has passed or falls today: renew now. */
  overdue: boolean;
}

export interface CalendarOptions {
  /** At most this many renewals a day (more only when deadlines leave no room). */
  perDay: number;
  /** Renew at least this many days before the deadline (none left to its last day). */
  marginDays: number;
  /** The local day index of a time (days since the epoch in the user's time zone). */
  dayOf: (ms: number) => number;
  /** The YYYY-MM-DD label of a local day index. */
  label: (day: number) => string;
}

/**
 * Every account by deadline, soonest first, each given a renewal day: as late as the margin
 * allows, but never more than `perDay` on one day, so a burst of deadlines spreads over the days
 * before it. Accounts without a known deadline come last.
 */
export function renewalCalendar<R extends CalendarRow>(rows: R[], now: number, o: CalendarOptions): PlannedRenewal<R>[] {
  const known = rows.filter((r) => r.loginExpiresAt !== null).sort((a, b) => a.loginExpiresAt! - b.loginExpiresAt! || compareIds(a.id, b.id));
  const today = o.dayOf(now);
  const load = new Map<number, number>();
  const out: PlannedRenewal<R>[] = [];
  for (const row of known) {
    const deadlineDay = o.dayOf(row.loginExpiresAt!);
    const latest = Math.max(today, deadlineDay - o.marginDays);
    let day = latest;
    while (day > today && (load.get(day) ?? 0) >= o.perDay) day--;
    load.set(day, (load.get(day) ?? 0) + 1);
    out.push({ row, renewOn: o.label(day), overdue: deadlineDay <= today });
  }
  for (const row of rows.filter((r) => r.loginExpiresAt === null).sort((a, b) => compareIds(a.id, b.id))) {
    out.push({ row, renewOn: null, overdue: false });
  }
  return out;
}
