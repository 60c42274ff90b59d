// The rows `ctk status` shows: every selected account checked, plus the broken registry entries
// as their own invalid rows (all of them unless ids were named). Metrics and the dashboard read
// through this too, so they can never disagree with ctk status.
import { brokenEntryRow, checkAccounts, type CheckOptions } from '../accounts/check.js';
import type { AccountStatus } from '../domain/account.js';
import { checkOptions, pickAccounts, type Context } from './context.js';

export interface StatusRows {
  rows: AccountStatus[];
  check: CheckOptions;
}

export function statusRows(ctx: Context, ids: string[], flags: { warningHours?: number; loginWarningDays?: number } = {}): StatusRows {
  const check = checkOptions(ctx, flags);
  const rows = [...checkAccounts(pickAccounts(ctx, ids), check), ...(ids.length ? [] : ctx.registry.broken.map(brokenEntryRow))];
  return { rows, check };
}
