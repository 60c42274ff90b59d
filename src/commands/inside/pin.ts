// ctk pin <id> [--dir <path>] and ctk pin --list: folders pinned to an account, kept in ctk's
// registry. Inside a pinned folder (the nearest pinned ancestor wins) `ctk run` without an id,
// `ctk current --pinned` and `c` without an id use the pin.
import { canonicalDir, CASE_FOLD, folderPins, pinFor, savePins } from '../../accounts/folder-pins.js';
import { readRegistry, resolveAccounts, selectAccounts } from '../../accounts/registry-file.js';
import { openStore } from '../../accounts/registry.js';
import { withPin } from '../../domain/folder-pins.js';
import { printable } from '../../domain/text.js';
import { writeJson } from '../../ui/json.js';
import { UserError } from '../../util/errors.js';
import { isDirectory } from '../../util/fs.js';

export interface PinOptions {
  dir?: string;
  list?: boolean;
  json?: boolean;
}

function list(json: boolean | undefined): number {
  const registry = readRegistry();
  const pins = folderPins(registry);
  const here = pinFor(registry);
  if (json) {
    writeJson({ schemaVersion: 1, pins, here: here ? here.id : null, hereDir: here ? here.dir : null });
    return 0;
  }
  if (pins.length === 0) {
    process.stdout.write('no pinned folders; pin one with: ctk pin <id> [--dir <path>]\n');
    return 0;
  }
  const width = Math.max(2, ...pins.map((p) => p.id.length));
  for (const p of pins) process.stdout.write(`${p.id.padEnd(width)}  ${printable(p.dir)}${here && here.dir === p.dir ? '  (covers this folder)' : ''}\n`);
  return 0;
}

export async function pin(id: string | undefined, opts: PinOptions): Promise<number> {
  if (opts.list || id === undefined) {
    if (id !== undefined || opts.dir !== undefined) throw new UserError('ctk pin --list takes no id or --dir');
    return list(opts.json);
  }
  const registry = readRegistry();
  const [account] = selectAccounts(resolveAccounts(registry), [id]);
  const dir = canonicalDir(opts.dir ?? process.cwd());
  if (!isDirectory(dir)) throw new UserError(`${dir} is not a folder`);
  const store = await openStore();
  savePins(store, withPin(folderPins(readRegistry()), { dir, id: account.id }, CASE_FOLD));
  if (opts.json) writeJson({ schemaVersion: 1, pinned: { dir, id: account.id } });
  else process.stdout.write(`pinned ${printable(dir)} to account ${account.id}: inside it, ctk run and c without an id use ${account.id}\n`);
  return 0;
}
