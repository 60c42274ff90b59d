// ctk status: every account's token at a glance, with monitoring-style exit codes.
import { brokenEntryRow, checkAccounts } from '../accounts/check.js';
import { summarize, statusExitCode } from '../domain/token-state.js';
import { colors } from '../ui/colors.js';
import { checkOptions, loadContext, pickAccounts } from '../app/context.js';
import { writeJson } from '../ui/json.js';
import { HOUR_MS } from '../domain/duration.js';

export interface StatusOptions {
  /** hours, parsed from --warning-hours */
  warningHours?: number;
  /** days, parsed from --login-warning-days */
  loginWarningDays?: number;
  json?: boolean;
}

export async function run(ids: string[], opts: StatusOptions): Promise<number> {
  const ctx = loadContext();
  const accounts = pickAccounts(ctx, ids);
  const check = checkOptions(ctx, opts);
  const now = check.now;
  // Broken registry entries are rows too (never read from): all of them unless ids were named.
  const rows = [...checkAccounts(accounts, check), ...(ids.length ? [] : ctx.registry.broken.map(brokenEntryRow))];
  const summary = { ...summarize(rows.map((r) => r.state)), loginEnding: rows.filter((r) => r.loginEnding).length };
  const code = statusExitCode(summary, summary.loginEnding);

  if (opts.json) {
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
