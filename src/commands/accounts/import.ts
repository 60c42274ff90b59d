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

/** "1-28, 100-103": ids as a person reads them, runs of numbers folded. */
function describeIds(ids: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    let j = i;
    while (j + 1 < ids.length && /^\d+$/.test(ids[j]) && /^\d+$/.test(ids[j + 1]) && Number(ids[j + 1]) === Number(ids[j]) + 1) j++;
    out.push(j > i + 1 ? `${ids[i]}-${ids[j]}` : j === i + 1 ? `${ids[i]}, ${ids[j]}` : ids[i]);
    i = j;
  }
  return out.join(', ');
}

export async function importIds(ids: string[], opts: ImportOptions): Promise<number> {
  const registry = readRegistry();
  const pattern = opts.pattern ?? settingValue<string>(registry, 'dirPattern');
  // Re-runnable: what is registered already is left as it is, and said.
  const all = ids.map((id) => ({ id, dir: dirFromPattern(pattern, id) }));
  const already = all.filter((p) => registry.accounts.some((a) => a.id === p.id));
  const planned = all.filter((p) => !already.includes(p));
  if (planned.length === 0) {
    process.stdout.write(`nothing new: ${describeIds(already.map((p) => p.id))} ${already.length === 1 ? 'is' : 'are'} registered already\n`);
    return 0;
  }
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
  const skipped = already.length ? `; already registered: ${describeIds(already.map((p) => p.id))}` : '';
  process.stdout.write(`imported ${planned.length} account${planned.length === 1 ? '' : 's'}: ${describeIds(planned.map((p) => p.id))} → ${pattern}${skipped}\n`);
  return 0;
}
