// ctk usage: how much of each account's five-hour and seven-day quota is used, most headroom first.
import { rankByHeadroom } from '../../domain/usage.js';
import { colors } from '../../ui/colors.js';
import { UserError } from '../../util/errors.js';
import { ctkVersion } from '../../util/version.js';
import { loadContext, pickAccounts, warningHours } from '../../app/context.js';
import { writeJson } from '../../ui/json.js';
import { HOUR_MS } from '../../domain/duration.js';

export interface UsageOptions {
  json?: boolean;
  /** commander's --no-cache */
  cache?: boolean;
  /** ms, parsed from --timeout */
  timeout?: number;
}


export async function run(ids: string[], opts: UsageOptions): Promise<number> {
  const ctx = loadContext();
  const accounts = pickAccounts(ctx, ids);
  const timeoutMs = opts.timeout ?? 10_000;
  if (ctx.env.CTK_API_BASE_URL) {
    let ok = false;
    try {
      ok = /^https?:$/.test(new URL(ctx.env.CTK_API_BASE_URL).protocol);
    } catch {
      /* reported below */
    }
    if (!ok) throw new UserError(`CTK_API_BASE_URL must be an http(s) URL such as https://api.anthropic.com (got "${ctx.env.CTK_API_BASE_URL}")`);
  }
  const { bestRow, collectUsage } = await import('../../usage/collect.js');
  // The demo's tokens must never reach a server: simulate, unless a test points at a mock.
  const demo = ctx.env.CTK_DEMO === '1' && !ctx.env.CTK_API_BASE_URL ? (await import('../../usage/demo.js')).demoUsage : null;
  const rows = rankByHeadroom(
    await collectUsage(accounts, {
      store: ctx.store,
      env: ctx.env,
      now: ctx.now,
      warningMs: warningHours(ctx) * HOUR_MS,
      useCache: opts.cache !== false,
      timeoutMs,
      version: ctkVersion(),
      ...(demo ? { fetch: async (a: { id: string }) => demo(a.id, ctx.now()) } : {}),
    }),
  );
  const now = ctx.now();
  const complete = rows.every((r) => r.status === 'fresh' || r.status === 'cached');

  if (opts.json) {
    writeJson({
      schemaVersion: 1,
      generatedAt: new Date(now).toISOString(),
      accounts: rows.map((r) => ({
        id: r.id,
        label: r.label,
        email: r.email,
        state: r.state,
        status: r.status,
        fetchedAt: r.fetchedAt === null ? null : new Date(r.fetchedAt).toISOString(),
        headroom: r.headroom,
        windows: r.windows ?? {},
        refreshed: r.refreshed,
        message: r.message,
      })),
      best: bestRow(rows)?.id ?? null,
    });
    return complete ? 0 : 1;
  }

  const { renderUsageNotes, renderUsageTable } = await import('../../ui/usage-table.js');
  const c = colors();
  const lines = [renderUsageTable(rows, c, now)];
  const notes = renderUsageNotes(rows, bestRow(rows), c);
  if (notes.length) lines.push('', ...notes);
  process.stdout.write(lines.join('\n') + '\n');
  return complete ? 0 : 1;
}
