// Which files `ctk init <shell> --write <file>` wrote, so `ctk doctor` can say when one is stale.
// Kept in the state folder as shell-init.json; one entry per file (the latest write wins).
import path from 'node:path';
import type { InitOptions } from '../domain/init-names.js';
import type { Shell } from '../domain/shells.js';
import { SHELLS } from '../domain/shells.js';
import { readStateText } from '../util/fs.js';
import { writePrivateFileAtomic } from '../util/private-fs.js';
import { stateDir } from './paths.js';

export interface InitFileRecord {
  file: string;
  shell: Shell;
  options: InitOptions;
  /** The ctk version that wrote it. */
  version: string;
  writtenAt: string;
}

const manifest = (env: NodeJS.ProcessEnv) => path.join(stateDir(env), 'shell-init.json');

export function readInitFiles(env: NodeJS.ProcessEnv = process.env): InitFileRecord[] {
  try {
    const raw = JSON.parse(readStateText(manifest(env)) ?? 'null');
    if (!raw || !Array.isArray(raw.files)) return [];
    return raw.files.filter(
      (f: any) => f && typeof f.file === 'string' && (SHELLS as readonly string[]).includes(f.shell) && f.options && typeof f.options === 'object',
    );
  } catch {
    return [];
  }
}

export function recordInitFile(record: InitFileRecord, env: NodeJS.ProcessEnv = process.env): void {
  const files = readInitFiles(env).filter((f) => f.file !== record.file);
  writePrivateFileAtomic(manifest(env), JSON.stringify({ version: 1, files: [...files, record] }, null, 2) + '\n');
}
