// ctk accounts set <id> --email <address> | --label <text>: change an account's pinned identity
// or label on purpose (a login into another account never changes them).
import { readRegistry } from '../../accounts/registry-file.js';
import { openStore, saveAccounts, storedAccounts } from '../../accounts/registry.js';
import { readIdentity } from '../../claude/identity.js';
import { UserError } from '../../util/errors.js';
import { EMAIL_RE } from './add.js';

export interface SetOptions {
  email?: string;
  label?: string;
}

export async function set(id: string, opts: SetOptions): Promise<number> {
  if (opts.email === undefined && opts.label === undefined) throw new UserError('say what to change: ctk accounts set <id> --email <address> and/or --label <text>');
  if (opts.email !== undefined && opts.email !== '' && !EMAIL_RE.test(opts.email)) throw new UserError(`"${opts.email}" is not an email address`);
  if (!readRegistry().accounts.some((a) => a.id === id)) throw new UserError(`unknown account ${id} (see ctk accounts list)`);
  const store = await openStore();
  const changed: string[] = [];
  const accounts = storedAccounts(store).map((a) => {
    if (a.id !== id) return a;
    const out = { ...a };
    if (opts.label !== undefined) {
      out.label = opts.label || undefined;
      changed.push(opts.label ? `label "${opts.label}"` : 'no label');
    }
    if (opts.email !== undefined) {
      out.email = opts.email || undefined;
      // The uuid pin belongs to the old identity; keep one only if the folder is signed in as the new email.
      const signedIn = readIdentity({ ...a, implicit: false });
      out.accountUuid = opts.email && signedIn?.email?.toLowerCase() === opts.email.toLowerCase() ? (signedIn.accountUuid ?? undefined) : undefined;
      changed.push(opts.email ? `pinned to ${opts.email}` : 'no pinned email');
    }
    return out;
  });
  saveAccounts(store, accounts);
  process.stdout.write(`${id}: ${changed.join(', ')}\n`);
  return 0;
}
