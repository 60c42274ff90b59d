// What makes a registry entry usable, by the same rules as `ctk accounts add`: a valid id, an
// absolute folder, text where text belongs, no id twice. A hand-edited entry that breaks them is
// reported on its own and never used to build a path. Pure.
import path from 'node:path';
import type { Account } from './account.js';
import { idProblem } from './ids.js';

export interface BrokenEntry {
  /** 1-based position in config.json's accounts list. */
  index: number;
  /** What to call it in a row: its id when that is text, else "#<index>". Never a path. */
  shownId: string;
  problem: string;
}

const FIX = 'fix it with ctk accounts remove or edit config.json';

function entryProblem(e: unknown, seen: Set<string>, isAbsolute: (p: string) => boolean): string | null {
  if (e === null || typeof e !== 'object' || Array.isArray(e)) return 'is not an object';
  const a = e as Record<string, unknown>;
  if (typeof a.id !== 'string') return `has no text id (got ${a.id === undefined ? 'none' : JSON.stringify(a.id).slice(0, 20)})`;
  const bad = idProblem(a.id);
  if (bad) return `id ${JSON.stringify(a.id.slice(0, 40))} is not a valid id`;
  if (seen.has(a.id)) return `id ${a.id} appears twice`;
  if (typeof a.dir !== 'string' || a.dir === '') return `account ${a.id} has no folder`;
  if (!isAbsolute(a.dir)) return `the folder of ${a.id} must be an absolute path (got ${JSON.stringify(a.dir.slice(0, 60))})`;
  if (/[\x00-\x1f\x7f]/.test(a.dir)) return `the folder of ${a.id} contains control characters`;
  for (const k of ['label', 'email', 'accountUuid'] as const) {
    if (a[k] !== undefined && typeof a[k] !== 'string') return `${k} of ${a.id} is not text`;
  }
  return null;
}

export function splitRegistryEntries(list: unknown, isAbsolute: (p: string) => boolean = path.isAbsolute): { accounts: Account[]; broken: BrokenEntry[] } {
  const accounts: Account[] = [];
  const broken: BrokenEntry[] = [];
  if (!Array.isArray(list)) return { accounts, broken };
  const seen = new Set<string>();
  list.forEach((e, i) => {
    const problem = entryProblem(e, seen, isAbsolute);
    if (problem === null) {
      const a = e as Account;
      seen.add(a.id);
      accounts.push(a);
      return;
    }
    const id = e && typeof e === 'object' && typeof (e as any).id === 'string' ? (e as any).id : null;
    // A duplicate shows by position: its id names the good entry already.
    broken.push({ index: i + 1, shownId: id !== null && idProblem(id) === null && !seen.has(id) ? id : `#${i + 1}`, problem: `registry entry ${i + 1}: ${problem}; ${FIX}` });
  });
  return { accounts, broken };
}
