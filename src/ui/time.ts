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
