// Local clock times without Intl (loading ICU costs start-up time on every `ctk status`).

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const pad = (n: number) => String(n).padStart(2, '0');

/** "14:05" today, "Sat 09:15" within a week, "2026-12-24 09:15" otherwise. */
export function formatLocalTime(ms: number | null, now: number = Date.now()): string {
  if (ms === null) return '—';
  const d = new Date(ms);
  const n = new Date(now);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (d.toDateString() === n.toDateString()) return hm;
  if (Math.abs(ms - now) < 6 * 86_400_000) return `${DAYS[d.getDay()]} ${hm}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
}

/** The local calendar day of a time, as days since the epoch (for day arithmetic). */
export function localDay(ms: number): number {
  const d = new Date(ms);
  return Math.floor(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86_400_000);
}

/** The YYYY-MM-DD of a local day from localDay(). */
export function dayLabel(day: number): string {
  const d = new Date(day * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** "Wed 2026-12-09": a day a person can place in their week. */
export function dayWithWeekday(label: string): string {
  const [y, m, d] = label.split('-').map(Number);
  return `${DAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]} ${label}`;
}

/** "12-01 06:21" this year, "2025-12-01 06:21" otherwise: a history line is read days later. */
export function formatLocalDateTime(ms: number | null, now: number = Date.now()): string {
  if (ms === null) return '—';
  const d = new Date(ms);
  const md = `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.getFullYear() === new Date(now).getFullYear() ? md : `${d.getFullYear()}-${md}`;
}
