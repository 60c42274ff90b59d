// ctk logins: the renewal calendar. Every account by login deadline (about 30 days after its
// browser sign-in, never moved by a refresh), soonest first, with the day to renew it, so that
// renewals spread out instead of all falling due on one day.
import { checkAccounts } from '../../accounts/check.js';
import { checkOptions, loadContext, pickAccounts } from '../../app/context.js';
import type { AccountStatus } from '../../domain/account.js';
import { DAY_MS } from '../../domain/duration.js';
import { renewalCalendar, type PlannedRenewal } from '../../domain/login-deadline.js';
import { colors, type Colors } from '../../ui/colors.js';
import { writeJson } from '../../ui/json.js';
import { dayLabel, dayWithWeekday, localDay } from '../../ui/time.js';
import { terminalWidth, wrapText } from '../../ui/wrap.js';

export interface LoginsOptions {
  json?: boolean;
  /** parsed from --per-day */
  perDay?: number;
}

/** Sign in again this many days before the deadline at the latest. */
const MARGIN_DAYS = 2;
const DEFAULT_PER_DAY = 3;

function daysLeft(r: AccountStatus, now: number): number | null {
  return r.loginExpiresAt === null ? null : Math.floor((r.loginExpiresAt - now) / DAY_MS);
}

function render(plan: PlannedRenewal<AccountStatus>[], now: number, c: Colors): string[] {
  if (plan.length === 0) return ['No accounts.'];
  const idW = Math.max(2, ...plan.map((p) => p.row.id.length));
  const lines = [c.bold(`${'id'.padEnd(idW)}  ${'login ends'.padEnd(24)}  renew on`)];
  for (const p of plan) {
    const r = p.row;
    const left = daysLeft(r, now);
    const ends = r.loginExpiresAt === null ? c.dim('unknown') : `${dayLabel(localDay(r.loginExpiresAt))} (${left! < 0 ? 'ended' : `in ${left} d`})`;
    const on = p.renewOn === null ? c.dim('—') : p.overdue ? c.red(`today: ${dayWithWeekday(p.renewOn)}`) : dayWithWeekday(p.renewOn);
    const who = r.label ?? r.expectedEmail ?? r.email;
    lines.push(`${r.id.padEnd(idW)}  ${ends.padEnd(24 + (ends.length - strip(ends).length))}  ${on}${who ? c.dim(`  ${who}`) : ''}`);
  }
  return lines;
}

// eslint-disable-next-line no-control-regex
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

export async function run(ids: string[], opts: LoginsOptions): Promise<number> {
  const ctx = loadContext();
  const check = checkOptions(ctx);
  const rows = checkAccounts(pickAccounts(ctx, ids), check);
  const now = check.now;
  const perDay = opts.perDay ?? DEFAULT_PER_DAY;
  const plan = renewalCalendar(rows, now, { perDay, marginDays: MARGIN_DAYS, dayOf: localDay, label: dayLabel });
  if (opts.json) {
    writeJson({
      schemaVersion: 1,
      generatedAt: new Date(now).toISOString(),
      perDay,
      marginDays: MARGIN_DAYS,
      loginWarningDays: check.loginWarningDays,
      accounts: plan.map((p) => ({
        id: p.row.id,
        label: p.row.label,
        email: p.row.email,
        expectedEmail: p.row.expectedEmail,
        loginExpiresAt: p.row.loginExpiresAt,
        daysLeft: daysLeft(p.row, now),
        renewOn: p.renewOn,
        overdue: p.overdue,
        command: p.renewOn === null ? null : `ctk refresh ${p.row.id} --method login`,
      })),
    });
    return 0;
  }
  const c = colors();
  const lines = render(plan, now, c);
  const today = plan.filter((p) => p.renewOn === dayLabel(localDay(now))).map((p) => p.row.id);
  if (today.length) lines.push('', `${c.bold('Renew today:')} ctk refresh ${today.join(' ')} --method login`);
  const notes: string[] = [];
  if (plan.some((p) => p.renewOn === null)) notes.push('—: no deadline stored yet (Claude Code stores it at a sign-in; older versions do not).');
  notes.push(`A browser sign-in renews an account's login for about 30 days; a refresh never moves it. At most ${perDay} a day, ${MARGIN_DAYS} days before the deadline at the latest.`);
  for (const n of notes) lines.push('', ...wrapText(n, terminalWidth()).map((l) => c.dim(l)));
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
