// What the Prometheus metrics are built from: the rows of `ctk status` (the same check, the same
// settings), ctk's history and the usage cache. Read-only; never touches the network.
import type { Context } from '../app/context.js';
import { statusRows } from '../app/status-rows.js';
import { buildMetrics, renderExposition } from '../domain/metrics.js';
import { readHistory } from '../history/history.js';
import { readUsageCache } from '../usage/cache.js';

export interface MetricsFlags {
  warningHours?: number;
  loginWarningDays?: number;
  withEmails?: boolean;
}

/** The exposition text for the given accounts (all when ids is empty), and how many rows it has. */
export function metricsText(ctx: Context, ids: string[], flags: MetricsFlags = {}): { text: string; accounts: number; rows: ReturnType<typeof statusRows>['rows'] } {
  const { rows, check } = statusRows(ctx, ids, flags);
  const families = buildMetrics({
    rows,
    history: readHistory(ctx.env),
    usage: readUsageCache(ctx.env).accounts,
    now: check.now,
    withEmails: flags.withEmails,
  });
  return { text: renderExposition(families), accounts: rows.length, rows };
}
