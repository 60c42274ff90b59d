// Durations as people type them: "45s", "15m", "1h", "1h30m", "90" (seconds).

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: HOUR_MS, d: 86_400_000 };

export function parseDuration(text: string): number {
  const s = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(re)) {
    if (m.index !== consumed) break;
    total += Number(m[1]) * UNIT_MS[m[2]];
    consumed += m[0].length;
  }
  if (consumed === 0 || consumed !== s.length) {
    throw new Error(`cannot read duration "${text}" (examples: 45s, 15m, 1h, 1h30m)`);
  }
  return Math.round(total);
}

/** Parses an hours value such as "2" or "0.5"; rejects negatives and nonsense. */
export function parseHours(text: string, flag = '--hours'): number {
  const s = String(text).trim();
  if (!/^\d+(\.\d+)?$/.test(s)) throw new Error(`${flag} takes a number of hours, such as 2 or 0.5 (got "${text}")`);
  const h = Number(s);
  if (h > 24 * 365) throw new Error(`${flag} ${text} is more than a year`);
  return h;
}

/** "7.2 h", "45 min", "-1.5 h" for a time left in ms. */
export function formatTimeLeft(ms: number | null): string {
  if (ms === null) return '—';
  const abs = Math.abs(ms);
  const sign = ms < 0 ? '-' : '';
  if (abs < HOUR_MS) return `${sign}${Math.floor(abs / 60_000)} min`;
  if (abs < 100 * HOUR_MS) return `${sign}${(abs / HOUR_MS).toFixed(1)} h`;
  return `${sign}${Math.round(abs / 86_400_000)} d`;
}

export function formatDurationShort(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  if (ms < HOUR_MS) return `${Math.round(ms / 60_000)}m`;
  return `${(ms / HOUR_MS).toFixed(1)}h`;
}
