// Writing the registry and settings through conf (schema-validated, atomic writes).
// Loaded only by commands that change something: conf + ajv cost ~150 ms to import.
import fs from 'node:fs';
import path from 'node:path';
import { ctkConfigDir } from '../config/paths.js';
import { confSchema } from '../domain/settings.js';
import type { Account } from '../domain/account.js';
import { UserError } from '../util/errors.js';
import { writePrivateFileAtomic } from '../util/private-fs.js';

export async function openStore(env: NodeJS.ProcessEnv = process.env) {
  const { default: Conf } = await import('conf');
  const cwd = ctkConfigDir(env);
  fs.mkdirSync(cwd, { recursive: true, mode: 0o700 });
  try {
    return new Conf<Record<string, any>>({
      projectName: 'ctk',
      cwd,
      configName: 'config',
      schema: confSchema() as any,
      configFileMode: 0o600,
      clearInvalidConfig: false,
    });
  } catch (err: any) {
    // A hand-edited config that breaks the schema: say which file and why, change nothing.
    throw new UserError(`ctk config ${path.join(cwd, 'config.json')} is invalid: ${String(err?.message ?? err).split('\n')[0]}; fix it by hand or move it away`, 3);
  }
}

export type Store = Awaited<ReturnType<typeof openStore>>;

export function storedAccounts(store: Store): Account[] {
  const list = store.get('accounts');
  return Array.isArray(list) ? (list as Account[]) : [];
}

export function saveAccounts(store: Store, accounts: Account[]): void {
  // conf keeps keys in insertion order; keep only defined fields so the file stays tidy.
  store.set(
    'accounts',
    accounts.map((a) => {
      const out: Account = { id: a.id, dir: a.dir };
      if (a.label) out.label = a.label;
      if (a.email) out.email = a.email;
      if (a.accountUuid) out.accountUuid = a.accountUuid;
      return out;
    }),
  );
}

export function configPathOf(store: Store): string {
  return path.resolve(store.path);
}

/** Drops entries by 1-based position from config.json as it is, atomically, keeping everything else. */
export function removeRawEntries(file: string, raw: Record<string, unknown>, indexes: number[]): void {
  const list = Array.isArray(raw.accounts) ? raw.accounts : [];
  const next = { ...raw, accounts: list.filter((_, i) => !indexes.includes(i + 1)) };
  writePrivateFileAtomic(file, JSON.stringify(next, null, '\t'));
}
