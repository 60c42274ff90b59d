// What the account picker shows and how typing narrows it: pure, no terminal.
import { formatTimeLeft } from './duration.js';
import type { TokenState } from './token-state.js';

export interface PickRow {
  id: string;
  label: string | null;
  email: string | null;
  state: TokenState;
  msLeft: number | null;
  current: boolean;
}

/** The current account first, the others in registry order. */
export function orderRows<T extends PickRow>(rows: T[]): T[] {
  return [...rows.filter((r) => r.current), ...rows.filter((r) => !r.current)];
}

const HEALTH_RANK: Partial<Record<TokenState, number>> = { healthy: 0, expiring: 1 };

/**
 * Healthy accounts first, then expiring ones, then the ones claude cannot use (expired,
 * revoked, missing, invalid, wrong account); stable within each group. With no usage figures
 * this is what puts the picker's cursor on a working account.
 */
export function healthFirst<T extends { state: string }>(rows: T[]): T[] {
  const rank = (r: T) => HEALTH_RANK[r.state as TokenState] ?? 2;
  return rows.map((row, index) => ({ row, index })).sort((a, b) => rank(a.row) - rank(b.row) || a.index - b.index).map((x) => x.row);
}

/**
 * Rows matching what was typed, best first: the exact id, ids starting with it, ids
 * containing it, then labels and emails containing it. Every word typed must match.
 */
export function filterRows<T extends PickRow>(rows: T[], term: string | undefined): T[] {
  const words = (term ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  const scored: { row: T; score: number; index: number }[] = [];
  rows.forEach((row, index) => {
    const id = row.id.toLowerCase();
    const text = [row.label, row.email].filter(Boolean).join(' ').toLowerCase();
    let score = 0;
    for (const w of words) {
      const s = id === w ? 0 : id.startsWith(w) ? 1 : id.includes(w) ? 2 : text.includes(w) ? 3 : -1;
      if (s < 0) return;
      score = Math.max(score, s);
    }
    scored.push({ row, score, index });
  });
  return scored.sort((a, b) => a.score - b.score || a.index - b.index).map((s) => s.row);
}

/** "healthy 7.2 h", "expired", "expiring 45 min": the state and, while usable, the time left. */
export function stateText(row: Pick<PickRow, 'state' | 'msLeft'>): string {
  if (row.state === 'healthy' || row.state === 'expiring') return `${row.state} ${formatTimeLeft(row.msLeft)}`;
  if (row.state === 'expired' && row.msLeft !== null) return `expired ${formatTimeLeft(-row.msLeft)} ago`;
  return row.state;
}

export interface RowLayout {
  idWidth: number;
  stateWidth: number;
}

export function layoutOf(rows: PickRow[]): RowLayout {
  return {
    idWidth: Math.max(2, ...rows.map((r) => r.id.length)),
    stateWidth: Math.max(8, ...rows.map((r) => stateText(r).length)),
  };
}

/** One picker line without colour: "▶ 12  healthy 7.2 h    work laptop · dev12@example.com". */
export function rowParts(row: PickRow, layout: RowLayout): { mark: string; id: string; state: string; who: string } {
  const who = [row.label, row.email].filter(Boolean).join(' · ');
  return {
    mark: row.current ? '▶' : ' ',
    id: row.id.padEnd(layout.idWidth),
    state: stateText(row).padEnd(layout.stateWidth),
    who,
  };
}
