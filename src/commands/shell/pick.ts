// ctk pick: choose an account on the terminal; only the chosen id goes to stdout.
// (`--best`, most usage headroom, is the usage command's to add.)
import { checkAccounts } from '../../accounts/check.js';
import { EXIT, UserError } from '../../util/errors.js';
import { loadContext, warningHours } from '../../app/context.js';
import { HOUR_MS } from '../../domain/duration.js';

export interface PickOptions {
  message?: string;
  /** Most usage headroom first, from the figures `ctk usage` cached (no network). */
  best?: boolean;
}

export async function run(opts: PickOptions = {}): Promise<number> {
  const ctx = loadContext();
  const hours = warningHours(ctx);
  let rows = checkAccounts(ctx.accounts, { store: ctx.store, now: ctx.now(), warningMs: hours * HOUR_MS, env: ctx.env });
  let message = opts.message;
  if (opts.best) {
    const { bestFirst } = await import('../../usage/best.js');
    const b = bestFirst(rows, ctx.env, ctx.now());
    rows = b.rows;
    message ??= b.ranked ? 'Account, most usage headroom first (type to filter; Esc cancels)' : 'Account (no usage figures cached yet: run ctk usage; Esc cancels)';
  }
  const { pickAccount, PickCancelled, NoTerminal } = await import('../../ui/picker.js');
  let id: string;
  try {
    id = await pickAccount({ rows, message });
  } catch (err) {
    if (err instanceof PickCancelled) return EXIT.interrupted;
    if (err instanceof NoTerminal) throw new UserError('ctk pick needs a terminal to draw on; name the account instead (c <id>, ctk use <id>)');
    throw err;
  }
  process.stdout.write(id + '\n');
  return 0;
}
