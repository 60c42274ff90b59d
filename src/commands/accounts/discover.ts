// ctk accounts discover: find ~/.claude* folders that hold credentials and offer to register them.
import { sameDir } from '../../accounts/folders.js';
import { pinFromFolder } from '../../accounts/pin.js';
import { discoverFolders } from '../../accounts/discover.js';
import { readRegistry } from '../../accounts/registry-file.js';
import { openStore, saveAccounts, storedAccounts } from '../../accounts/registry.js';
import { compareIds } from '../../domain/ids.js';
import { writeJson } from '../../ui/json.js';

export async function discover(opts: { yes?: boolean; json?: boolean }): Promise<number> {
  const registry = readRegistry();
  const found = discoverFolders().filter(
    (f) => !registry.accounts.some((a) => sameDir(a.dir, f.dir)),
  );
  // Never reuse an id that is registered already.
  for (const f of found) {
    let id = f.id;
    let n = 2;
    while (registry.accounts.some((a) => a.id === id)) id = `${f.id}-${n++}`;
    f.id = id;
  }
  if (opts.json) {
    writeJson({ found });
    if (!opts.yes) return 0;
  }
  if (found.length === 0) {
    if (!opts.json) process.stdout.write('No unregistered ~/.claude* folders with credentials found.\n');
    return 0;
  }
  let chosen = found;
  if (!opts.yes) {
    if (!process.stdin.isTTY || !process.stderr.isTTY) {
      for (const f of found) process.stdout.write(`${f.id}\t${f.dir}\n`);
      process.stdout.write(`Found ${found.length}; run ctk accounts discover --yes to register them.\n`);
      return 0;
    }
    const { checkbox } = await import('@inquirer/prompts');
    chosen = await checkbox(
      {
        message: 'Register these accounts?',
        choices: found.map((f) => ({ name: `${f.id}  ${f.dir}`, value: f, checked: true })),
      },
      { output: process.stderr },
    );
  }
  if (chosen.length === 0) return 0;
  const store = await openStore();
  saveAccounts(store, [...storedAccounts(store), ...chosen.map(pinFromFolder)].sort((a, b) => compareIds(a.id, b.id)));
  if (!opts.json) for (const f of chosen) process.stdout.write(`added ${f.id}: ${f.dir}\n`);
  return 0;
}

