// ctk accounts remove <id…>: unregister (folders and credentials are left alone). Broken entries
// (see ctk status) are removed by the id their row shows, "#7" when the entry has no valid id.
import { readRegistry } from '../../accounts/registry-file.js';
import { openStore, removeRawEntries, saveAccounts, storedAccounts } from '../../accounts/registry.js';
import { UserError } from '../../util/errors.js';

export async function remove(ids: string[]): Promise<number> {
  const registry = readRegistry();
  const brokenByShown = new Map(registry.broken.map((b) => [b.shownId, b]));
  const unknown = ids.filter((id) => !registry.accounts.some((a) => a.id === id) && !brokenByShown.has(id));
  if (unknown.length) throw new UserError(`unknown account ${unknown.join(', ')} (nothing removed; see ctk accounts list)`);
  const brokenIndexes = ids.map((id) => brokenByShown.get(id)?.index).filter((i): i is number => i !== undefined);
  if (brokenIndexes.length) {
    // conf would refuse to open a config that breaks its schema: broken entries go by hand.
    removeRawEntries(registry.file, registry.raw, brokenIndexes);
  }
  const healthy = ids.filter((id) => registry.accounts.some((a) => a.id === id));
  if (healthy.length) {
    const store = await openStore();
    saveAccounts(store, storedAccounts(store).filter((a) => !healthy.includes(a.id)));
  }
  process.stdout.write(`removed ${ids.join(', ')} (folders and credentials left untouched)\n`);
  return 0;
}
