// ctk accounts remove <id…>: unregister (folders and credentials are left alone).
import { readRegistry } from '../../accounts/registry-file.js';
import { openStore, saveAccounts, storedAccounts } from '../../accounts/registry.js';
import { UserError } from '../../util/errors.js';

export async function remove(ids: string[]): Promise<number> {
  const registry = readRegistry();
  const unknown = ids.filter((id) => !registry.accounts.some((a) => a.id === id));
  if (unknown.length) throw new UserError(`unknown account ${unknown.join(', ')} (nothing removed; see ctk accounts list)`);
  const store = await openStore();
  saveAccounts(store, storedAccounts(store).filter((a) => !ids.includes(a.id)));
  process.stdout.write(`removed ${ids.join(', ')} (folders and credentials left untouched)\n`);
  return 0;
}

