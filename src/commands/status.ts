// ctk status: every account's token at a glance, with monitoring-style exit codes.
import { summarize, statusExitCode } from '../domain/token-state.js';
import { colors } from '../ui/colors.js';
import { loadContext, pickAccounts } from '../app/context.js';
import { statusRows } from '../app/status-rows.js';
import { UserError } from '../util/errors.js';
import { writeJson } from '../ui/json.js';
import { HOUR_MS } from '../domain/duration.js';

export interface StatusOptions {
  /** hours, parsed from --warning-hours */
  warningHours?: number;
  /** days, parsed from --login-warning-days */
  loginWarningDays?: number;
  json?: boolean;
  /** table (default), json, or prometheus (the text exposition format) */
  format?: 'table' | 'json' | 'prometheus';
  /** with --format prometheus: add an email label */
  withEmails?: boolean;
}

export async function run(ids: string[], opts: StatusOptions): Promise<number> {
  if (opts.withEmails && opts.format !== 'prometheus') throw new UserError('--with-emails goes with --format prometheus (the table and --json show emails anyway)');
  const ctx = loadContext();
  if (opts.format === 'prometheus') return prometheus(ctx, ids, opts);
  const accounts = pickAccounts(ctx, ids);
  // Broken registry entries are rows too (never read from): all of them unless ids were named.
  const { rows, check } = statusRows(ctx, ids, opts);
  const now = check.now;
  const summary = { ...summarize(rows.map((r) => r.state)), loginEnding: rows.filter((r) => r.loginEnding).length };
  const code = statusExitCode(summary, summary.loginEnding);

  if (opts.json || opts.format === 'json') {
    writeJson({
      schemaVersion: 1,
      generatedAt: new Date(now).toISOString(),
      warningHours: check.warningMs / HOUR_MS,
      loginWarningDays: check.loginWarningDays,
      accounts: rows,
      summary,
    });
    return code;
  }

  // The table code (cli-table3) is only loaded for people, not for --json.
  const { renderNextSteps, renderProblems, renderStatusTable, renderSummaryLine } = await import('../ui/status-table.js');
  const c = colors();
  const lines = [renderStatusTable(rows, c, now), '', renderSummaryLine(summary, rows.length, c)];
  const problems = renderProblems(rows, c);
  if (problems.length) lines.push(...problems);
  const next = renderNextSteps(rows, c);
  if (next.length) lines.push('', ...next);
  if (accounts.length === 1 && accounts[0].implicit) {
    lines.push(
      '',
      c.dim(`No accounts registered, so this is the default ${accounts[0].dir}.`),
      c.dim('Add yours: ctk accounts discover  (finds the ~/.claude* folders that hold a login; or ctk accounts add / import)'),
      c.dim('Try the sandbox: ctk status --demo'),
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
  return code;
}

/** The Prometheus text format; its code is loaded only here, never for the table or --json. */
async function prometheus(ctx: ReturnType<typeof loadContext>, ids: string[], opts: StatusOptions): Promise<number> {
  const { metricsText } = await import('../metrics/collect.js');
  const m = metricsText(ctx, ids, opts);
  process.stdout.write(m.text);
  const summary = { ...summarize(m.rows.map((r) => r.state)), loginEnding: m.rows.filter((r) => r.loginEnding).length };
  return statusExitCode(summary, summary.loginEnding);
}
