// Usage figures for the --demo sandbox: made up per account, steady for an hour, and never
// fetched: the demo's tokens must not reach any server.
import type { UsageFetchResult } from '../oauth/usage-client.js';
import { HOUR_MS } from '../domain/duration.js';

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

export function demoUsage(id: string, now: number): UsageFetchResult {
  const hour = Math.floor(now / HOUR_MS);
  const h = hash(`${id}:${hour}`);
  const five = (h % 97) + ((h >>> 8) % 3);
  const seven = Math.min(100, Math.round(five * 0.4 + ((h >>> 12) % 60)));
  const fiveReset = (Math.floor(now / 18_000_000) + 1) * 18_000_000;
  const sevenReset = (Math.floor(now / 604_800_000) + 1) * 604_800_000;
  const windows: Record<string, { utilization: number; resetsAt: string | null }> = {
    five_hour: { utilization: five, resetsAt: new Date(fiveReset).toISOString() },
    seven_day: { utilization: seven, resetsAt: new Date(sevenReset).toISOString() },
  };
  if (h % 3 === 0) windows.seven_day_opus = { utilization: (h >>> 4) % 40, resetsAt: new Date(sevenReset).toISOString() };
  return { kind: 'ok', windows };
}
