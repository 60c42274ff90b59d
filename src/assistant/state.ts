// What the assistant knows about the accounts: the same check as `ctk status`, read again after
// each command so the header and the completion of ids stay current.
import { brokenEntryRow, checkAccounts } from '../accounts/check.js';
import { checkOptions, loadContext, loginWarningDays, warningHours } from '../app/context.js';
import { summarize } from '../domain/token-state.js';
import type { HeaderFacts } from '../ui/assistant-view.js';

export interface AccountsState extends HeaderFacts {
  ids: string[];
  warningHours: number;
  loginWarningDays: number;
}

export function readState(): AccountsState {
  const ctx = loadContext();
  const check = checkOptions(ctx);
  const rows = [...checkAccounts(ctx.accounts, check), ...ctx.registry.broken.map(brokenEntryRow)];
  return {
    rows,
    summary: { ...summarize(rows.map((r) => r.state)), loginEnding: rows.filter((r) => r.loginEnding).length },
    now: check.now,
    ids: ctx.accounts.filter((a) => !a.implicit).map((a) => a.id),
    warningHours: warningHours(ctx),
    loginWarningDays: loginWarningDays(ctx),
  };
}
