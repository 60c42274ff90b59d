// Folders pinned to an account (`ctk pin`): which pin covers a folder, and what the guard says
// when the account in use is another one. Pure. (Not the identity pin of accounts/pin.ts.)
import path from 'node:path';
import { ID_PATTERN } from './ids.js';

export interface FolderPin {
  /** Absolute, resolved folder. */
  dir: string;
  id: string;
}

export type PinGuard = 'off' | 'warn' | 'strict';
export const PIN_GUARDS: readonly PinGuard[] = ['off', 'warn', 'strict'];

/** The valid entries of the registry's `folderPins` list; anything else is ignored. */
export function parseFolderPins(raw: unknown): FolderPin[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((p): p is FolderPin => !!p && typeof p === 'object' && typeof p.dir === 'string' && path.isAbsolute(p.dir) && typeof p.id === 'string' && ID_PATTERN.test(p.id)).map((p) => ({ dir: p.dir, id: p.id }));
}

const norm = (p: string, caseFold: boolean): string => {
  const n = path.resolve(p.normalize('NFC'));
  return caseFold ? n.toLowerCase() : n;
};

/** Whether `dir` is `root` or inside it. */
export function isWithin(root: string, dir: string, caseFold = false): boolean {
  const r = norm(root, caseFold);
  const d = norm(dir, caseFold);
  if (d === r) return true;
  const rel = path.relative(r, d);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The pin of the nearest pinned ancestor of `dir` (itself included), or null. */
export function nearestPin(pins: FolderPin[], dir: string, caseFold = false): FolderPin | null {
  let best: FolderPin | null = null;
  for (const p of pins) {
    if (isWithin(p.dir, dir, caseFold) && (!best || norm(p.dir, caseFold).length > norm(best.dir, caseFold).length)) best = p;
  }
  return best;
}

/** The list with `pin` in place of any pin on the same folder. */
export function withPin(pins: FolderPin[], pin: FolderPin, caseFold = false): FolderPin[] {
  const rest = pins.filter((p) => norm(p.dir, caseFold) !== norm(pin.dir, caseFold));
  return [...rest, pin].sort((a, b) => a.dir.localeCompare(b.dir));
}

export function withoutPin(pins: FolderPin[], dir: string, caseFold = false): FolderPin[] {
  return pins.filter((p) => norm(p.dir, caseFold) !== norm(dir, caseFold));
}

export function parseGuard(v: unknown): PinGuard {
  return v === 'off' || v === 'strict' ? v : 'warn';
}

/** What to do when `accountId` is about to be used in a folder pinned to `pin`. */
export function guardVerdict(guard: PinGuard, pin: FolderPin | null, accountId: string | null): 'ok' | 'warn' | 'refuse' {
  if (guard === 'off' || !pin || accountId === pin.id) return 'ok';
  return guard === 'strict' ? 'refuse' : 'warn';
}
