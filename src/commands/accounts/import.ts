// ctk accounts import <ids>: register many accounts from an id list such as 1-28,100-103.
import path from 'node:path';
import { dirFromPattern, sameDir } from '../../accounts/folders.js';
import { pinFromFolder } from '../../accounts/pin.js';
import { readRegistry, settingValue } from '../../accounts/registry-file.js';
import { openStore, saveAccounts, storedAccounts } from '../../accounts/registry.js';
import { compareIds } from '../../domain/ids.js';
import { UserError } from '../../util/errors.js';
import { isDirectory } from '../../util/fs.js';

export interface ImportOptions {
  pattern?: string;
  allowMissing?: boolean;
}

export async function importIds(ids: string[], opts: ImportOptions, spec = ids.join(',')): Promise<number> {
  const registry = readRegistry();
  const pattern = opts.pattern ?? settingValue<string>(registry, 'dirPattern');
  const planned = ids.map((id) => ({ id, dir: dirFromPattern(pattern, id) }));
  const taken = planned.filter((p) => registry.accounts.some((a) => a.id === p.id)).map((p) => p.id);
  if (taken.length) throw new UserError(`already registered: ${taken.join(', ')} (nothing imported)`);
  for (const p of planned) {
    if (!path.isAbsolute(p.dir)) throw new UserError(`pattern gives a relative path for ${p.id} ("${p.dir}"); use an absolute path or ~/…`);
    const clash = registry.accounts.find((a) => sameDir(a.dir, p.dir));
    if (clash) throw new UserError(`folder ${p.dir} is already account ${clash.id} (nothing imported)`);
  }
  if (!opts.allowMissing) {
    const missing = planned.filter((p) => !isDirectory(p.dir));
    if (missing.length) {
      const shown = missing.slice(0, 3).map((p) => p.dir).join(', ');
      throw new UserError(
        `${missing.length} folder${missing.length === 1 ? '' : 's'} not found: ${shown}${missing.length > 3 ? ', …' : ''} (nothing imported; check --pattern, or pass --allow-missing)`,
      );
    }
  }
  const store = await openStore();
  saveAccounts(store, [...storedAccounts(store), ...planned.map(pinFromFolder)].sort((a, b) => compareIds(a.id, b.id)));
  process.stdout.write(`imported ${planned.length} account${planned.length === 1 ? '' : 's'}: ${spec} → ${pattern}\n`);
  return 0;
}
