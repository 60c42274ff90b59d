// Finding Claude Code config folders that already hold a login.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { credentialsFilePath } from '../claude/credentials/file.js';
import { isValidId } from '../domain/ids.js';

export interface Found {
  id: string;
  dir: string;
}

/** ".claude" → "default", ".claude-12" → "12", ".claude_work" → "work". */
export function idFromFolderName(name: string): string | null {
  if (name === '.claude') return 'default';
  const m = /^\.claude[-_.](.+)$/.exec(name);
  if (m && isValidId(m[1])) return m[1];
  if (isValidId(name)) return name;
  return null;
}

function hasCredentials(dir: string): boolean {
  try {
    return fs.statSync(credentialsFilePath(dir)).isFile();
  } catch {
    return false;
  }
}

function subdirs(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

/** Folders under home named .claude* (and their children) that hold a credentials file. */
export function discoverFolders(home: string = os.homedir(), extraRoots: string[] = []): Found[] {
  const found: Found[] = [];
  const seenIds = new Set<string>();
  const consider = (dir: string, name: string) => {
    if (!hasCredentials(dir)) return;
    let id = idFromFolderName(name);
    if (!id) return;
    let n = 2;
    const base = id;
    while (seenIds.has(id)) id = `${base}-${n++}`;
    seenIds.add(id);
    found.push({ id, dir });
  };
  const tops = subdirs(home).filter((d) => path.basename(d).startsWith('.claude'));
  for (const top of [...tops, ...extraRoots]) {
    consider(top, path.basename(top));
    for (const child of subdirs(top)) consider(child, path.basename(child));
  }
  return found;
}
