// ctk accounts list: on the completion path, so it reads the registry without conf.
import { readRegistry, resolveAccounts } from '../../accounts/registry-file.js';
import { printable } from '../../domain/text.js';
import { writeJson } from '../../ui/json.js';


export async function list(opts: { json?: boolean; ids?: boolean }): Promise<number> {
  const registry = readRegistry();
  const accounts = resolveAccounts(registry);
  if (opts.ids) {
    process.stdout.write(accounts.map((a) => a.id).join('\n') + (accounts.length ? '\n' : ''));
    return 0;
  }
  if (opts.json) {
    writeJson(accounts.map((a) => ({ id: a.id, dir: a.dir, label: a.label ?? null, email: a.email ?? null, implicit: a.implicit })));
    return 0;
  }
  const { colors } = await import('../../ui/colors.js');
  const c = colors();
  const width = Math.max(2, ...accounts.map((a) => a.id.length));
  const lines = accounts.map((a) => {
    const extra = [a.label, a.email].filter(Boolean).join('  ');
    return `${a.id.padEnd(width)}  ${printable(a.dir)}${extra ? '  ' + c.dim(printable(extra)) : ''}`;
  });
  if (accounts.length === 1 && accounts[0].implicit) {
    lines.push(c.dim('(no accounts registered: this is the default. Add some with ctk accounts add, import or discover)'));
  }
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
