// ctk accounts add <id>: register one account (registry changes go through conf).
import fs from 'node:fs';
import path from 'node:path';
import { checkDir, dirFromPattern, sameDir } from '../../accounts/folders.js';
import { pinFromFolder } from '../../accounts/pin.js';
import { readRegistry, settingValue } from '../../accounts/registry-file.js';
import { openStore, saveAccounts, storedAccounts } from '../../accounts/registry.js';
import { expandHome } from '../../config/paths.js';
import type { Account } from '../../domain/account.js';
import { compareIds, idProblem } from '../../domain/ids.js';
import { UserError } from '../../util/errors.js';

export const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;

export interface AddOptions {
  dir?: string;
  label?: string;
  email?: string;
  create?: boolean;
}

export async function add(id: string, opts: AddOptions): Promise<number> {
  const problem = idProblem(id);
  if (problem) throw new UserError(problem);
  if (opts.email !== undefined && !EMAIL_RE.test(opts.email)) throw new UserError(`"${opts.email}" is not an email address`);
  const registry = readRegistry();
  const dir = opts.dir !== undefined ? expandHome(opts.dir) : dirFromPattern(settingValue<string>(registry, 'dirPattern'), id);
  const existing = registry.accounts.find((a) => a.id === id);
  if (existing) throw new UserError(`account ${id} already exists (${existing.dir}); remove it first or pick another id`);
  const clash = registry.accounts.find((a) => sameDir(a.dir, dir));
  if (clash) throw new UserError(`folder ${dir} is already account ${clash.id}`);
  if (opts.create && path.isAbsolute(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  checkDir(dir, id, true);

  const store = await openStore();
  const given: Account = { id, dir };
  if (opts.label) given.label = opts.label;
  if (opts.email) given.email = opts.email;
  const account = pinFromFolder(given);
  saveAccounts(store, [...storedAccounts(store), account].sort((a, b) => compareIds(a.id, b.id)));
  process.stdout.write(`added ${id}: ${dir}${account.email ? ` (pinned to ${account.email})` : ''}\n`);
  return 0;
}
