// Folder pins (`ctk pin`) in ctk's registry, as `folderPins: [{dir, id}]`: nothing is written
// into the user's folders. Reads take the fast JSON path; writes go through conf.
import fs from 'node:fs';
import path from 'node:path';
import { nearestPin, parseFolderPins, parseGuard, type FolderPin, type PinGuard } from '../domain/folder-pins.js';
import { settingValue, type RegistrySnapshot } from './registry-file.js';
import type { Store } from './registry.js';

export const CASE_FOLD = process.platform === 'win32' || process.platform === 'darwin';

/** A folder as pins store it: absolute, symlinks resolved when it exists, NFC. */
export function canonicalDir(p: string, cwd: string = process.cwd()): string {
  const abs = path.resolve(cwd, p);
  try {
    return fs.realpathSync.native(abs).normalize('NFC');
  } catch {
    return abs.normalize('NFC');
  }
}

export function folderPins(snapshot: RegistrySnapshot): FolderPin[] {
  return parseFolderPins(snapshot.raw.folderPins);
}

/** The pin that covers `dir` (default: the working folder): the nearest pinned ancestor. */
export function pinFor(snapshot: RegistrySnapshot, dir: string = process.cwd()): FolderPin | null {
  return nearestPin(folderPins(snapshot), canonicalDir(dir), CASE_FOLD);
}

export function pinGuard(snapshot: RegistrySnapshot): PinGuard {
  return parseGuard(settingValue(snapshot, 'pin.guard'));
}

export function savePins(store: Store, pins: FolderPin[]): void {
  if (pins.length === 0) store.delete('folderPins');
  else store.set('folderPins', pins.map((p) => ({ dir: p.dir, id: p.id })));
}
