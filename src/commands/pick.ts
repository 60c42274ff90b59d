// ctk pick: choose an account on the terminal; only the chosen id goes to stdout.
// (`--best`, most usage headroom, is the usage command's to add.)
import { checkAccounts } from '../accounts/check.js';
import { EXIT, UserError } from '../util/errors.js';
import { loadContext, warningHours } from './context.js';

export interface PickOptions {
  message?: string;
}

export async function run(opts: PickOptions = {}): Promise<number> {
  const ctx = loadContext();
  const hours = warningHours(ctx, undefined);
  const rows = checkAccounts(ctx.accounts, { store: ctx.store, now: ctx.now(), warningMs: hours * 3_600_000, env: ctx.env });
  const { pickAccount, PickCancelled, NoTerminal } = await import('../ui/picker.js');
  let id: string;
  try {
    id = await pickAccount({ rows, message: opts.message });
  } catch (err) {
    if (err instanceof PickCancelled) return EXIT.interrupted;
    if (err instanceof NoTerminal) throw new UserError('ctk pick needs a terminal to draw on; name the account instead (c <id>, ctk use <id>)');
    throw err;
  }
  process.stdout.write(id + '\n');
  return 0;
}
