// What `ctk statusline` reads from Claude Code and prints back: pure. Claude Code (2.1.80 and
// later) pipes one JSON object per render; 2.1.332 sends, among much else, `cwd`,
// `workspace.current_dir` and, for claude.ai subscribers, `rate_limits.five_hour|seven_day`
// `{used_percentage: 0–100, resets_at: <unix seconds>}`.
import { HOUR_MS, MINUTE_MS, DAY_MS } from './duration.js';
import { effectiveUtilization, type UsageWindows } from './usage.js';
import type { TokenState } from './token-state.js';

export interface StatusInput {
  cwd: string | null;
  /** The 5 h / 7 d windows, in the usage cache's shape (utilization in percent); null when absent. */
  windows: UsageWindows | null;
}

function resetIso(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) {
    // Seconds since the epoch (2.1.332); a value in ms is taken as it is.
    const ms = v < 1e11 ? v * 1000 : v;
    return new Date(ms).toISOString();
  }
  if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(Date.parse(v)).toISOString();
  return null;
}

/** Never throws: anything that is not the expected JSON gives empty fields. */
export function parseStatusInput(text: string): StatusInput {
  let raw: any;
  try {
    raw = JSON.parse(text);
  } catch {
    return { cwd: null, windows: null };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { cwd: null, windows: null };
  const cwd = typeof raw.cwd === 'string' ? raw.cwd : typeof raw.workspace?.current_dir === 'string' ? raw.workspace.current_dir : null;
  const rl = raw.rate_limits;
  let windows: UsageWindows | null = null;
  if (rl && typeof rl === 'object' && !Array.isArray(rl)) {
    for (const key of ['five_hour', 'seven_day']) {
      const w = rl[key];
      const pct = w?.used_percentage;
      if (typeof pct !== 'number' || !Number.isFinite(pct) || pct < 0) continue;
      windows ??= {};
      windows[key] = { utilization: Math.min(pct, 1000), resetsAt: resetIso(w.resets_at) };
    }
  }
  return { cwd, windows };
}

/** Same figures as what is cached (so a render that changes nothing writes nothing). */
export function sameWindows(a: UsageWindows | null | undefined, b: UsageWindows | null | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export interface StatusFacts {
  id: string;
  label: string | null;
  email: string | null;
  state: TokenState;
  msLeft: number | null;
  loginExpiresAt: number | null;
  loginEnding: boolean;
  windows: UsageWindows | null;
  /** The folder's pin when it differs from this account (and the guard is not off). */
  pinnedTo?: string | null;
}

const clean = (s: string, max: number): string => {
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
};

/** A label, else the part of the email before the @. */
export function shortName(label: string | null, email: string | null): string | null {
  if (label) return clean(label, 20);
  if (email) return clean(email.split('@')[0], 16);
  return null;
}

/** "5h40m", "40m", "3d": compact, for a line that must stay short. */
export function compactLeft(ms: number): string {
  const m = Math.max(0, Math.floor(ms / MINUTE_MS));
  if (ms < HOUR_MS) return `${m}m`;
  if (ms < 2 * DAY_MS) return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(ms / DAY_MS)}d`;
}

function windowsText(windows: UsageWindows | null, now: number): string | null {
  if (!windows) return null;
  const parts: string[] = [];
  for (const [key, name] of [['five_hour', '5h'], ['seven_day', '7d']] as const) {
    const used = effectiveUtilization(windows[key], now);
    if (used !== null) parts.push(`${name} ${Math.round(used)}%`);
  }
  return parts.length ? parts.join(' ') : null;
}

const LOUD: Partial<Record<TokenState, (id: string) => string>> = {
  expired: (id) => `TOKEN EXPIRED: ctk refresh ${id}`,
  revoked: (id) => `LOGGED OUT: ctk refresh ${id}`,
  missing: (id) => `NOT LOGGED IN: ctk refresh ${id}`,
  invalid: () => 'CREDENTIALS UNREADABLE: ctk accounts validate',
  'wrong-account': (id) => `WRONG ACCOUNT: ctk status ${id}`,
};

/** The one line Claude Code shows under the prompt. */
export function statusLineText(f: StatusFacts, now: number): string {
  const name = shortName(f.label, f.email);
  const who = name ? `${f.id} ${name}` : f.id;
  const loud = LOUD[f.state];
  const parts: string[] = [];
  if (loud) {
    parts.push(`⚠ ${who}`, loud(f.id));
  } else {
    parts.push(`ctk ${who}`);
    const left = f.msLeft === null ? 'token never expires' : `${compactLeft(f.msLeft)} left`;
    parts.push(f.state === 'expiring' ? `⚠ ${left}` : left);
    if (f.loginEnding && f.loginExpiresAt !== null) parts.push(`⚠ login ends in ${compactLeft(f.loginExpiresAt - now)}`);
  }
  if (f.pinnedTo) parts.push(`⚠ folder pinned to ${f.pinnedTo}`);
  const w = windowsText(f.windows, now);
  if (w) parts.push(w);
  return parts.join(' · ');
}

/** The line for a folder ctk does not know: short, and it says how to fix it. */
export function unknownAccountLine(configDir: string | undefined): string {
  if (!configDir) return 'ctk ? · ~/.claude is not a ctk account';
  const tail = configDir.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || configDir;
  return `ctk ? · ${clean(tail, 24)} is not a ctk account`;
}
