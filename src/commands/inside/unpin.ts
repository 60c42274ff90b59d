// ctk unpin [--dir <path>]: forget the pin of a folder (the working folder by default).
import { canonicalDir, CASE_FOLD, folderPins, pinFor, savePins } from '../../accounts/folder-pins.js';
import { readRegistry } from '../../accounts/registry-file.js';
import { openStore } from '../../accounts/registry.js';
import { withoutPin } from '../../domain/folder-pins.js';
import { printable } from '../../domain/text.js';
import { UserError } from '../../util/errors.js';

export async function unpin(opts: { dir?: string }): Promise<number> {
  const dir = canonicalDir(opts.dir ?? process.cwd());
  const registry = readRegistry();
  const pins = folderPins(registry);
  const rest = withoutPin(pins, dir, CASE_FOLD);
  if (rest.length === pins.length) {
    const cover = pinFor(registry, dir);
    const hint = cover ? `; it is inside ${printable(cover.dir)}, pinned to ${cover.id}: ctk unpin --dir ${printable(cover.dir)}` : ' (see ctk pin --list)';
    throw new UserError(`${printable(dir)} is not pinned${hint}`, 1);
  }
  const store = await openStore();
  savePins(store, withoutPin(folderPins(readRegistry()), dir, CASE_FOLD));
  process.stdout.write(`unpinned ${printable(dir)}\n`);
  return 0;
}
