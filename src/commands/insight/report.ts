// ctk report: a ready-to-paste Markdown bug report about token lifetimes, with identifiers redacted.
import os from 'node:os';
import { checkAccounts } from '../../accounts/check.js';
import { probeClaudeVersion } from '../../claude/claude-version.js';
import { credentialsDirOf } from '../../claude/credentials/store.js';
import { readIdentity } from '../../claude/identity.js';
import { ctkConfigDir } from '../../config/paths.js';
import { lifespanEvents, loginLifespans, summarizeLifespans } from '../../domain/lifespan.js';
import { renderReportMarkdown } from '../../domain/report.js';
import { makeRedactor } from '../../domain/report-redaction.js';
import { STATES, summarize } from '../../domain/token-state.js';
import { readHistory } from '../../history/history.js';
import { UserError } from '../../util/errors.js';
import { ctkVersion } from '../../util/version.js';
import { configuredClaudeBin, loadContext, warningHours } from '../../app/context.js';
import { writeJson } from '../../ui/json.js';
import { HOUR_MS } from '../../domain/duration.js';

export interface ReportOptions {
  json?: boolean;
  includeEmails?: boolean;
}


function userName(env: NodeJS.ProcessEnv): string | null {
  try {
    return os.userInfo().username || env.USER || env.USERNAME || null;
  } catch {
    return env.USER || env.USERNAME || null;
  }
}

export async function run(id: string | undefined, opts: ReportOptions): Promise<number> {
  const ctx = loadContext();
  const env = ctx.env;
  const history = readHistory(env);
  if (id !== undefined && !ctx.accounts.some((a) => a.id === id) && !history.some((e) => e.account === id)) {
    throw new UserError(`unknown account ${id}: it is not registered and has no history (see ctk accounts list)`);
  }
  const now = ctx.now();
  const events = lifespanEvents(history, id);
  const summary = summarizeLifespans(events);
  const logins = loginLifespans(history, id);

  const statuses = checkAccounts(ctx.accounts, { store: ctx.store, now, warningMs: warningHours(ctx) * HOUR_MS, env });
  const counts = summarize(statuses.map((s) => s.state));
  const stateSummary = STATES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`).join(', ');

  const emails: Record<string, string | null> = {};
  for (const a of ctx.accounts) emails[a.id] = readIdentity(a)?.email ?? a.email ?? null;
  const ids = [...new Set([...events.map((e) => e.account), ...ctx.accounts.map((a) => a.id)])];
  const red = makeRedactor({
    accountIds: ids,
    emails,
    paths: [...ctx.accounts.flatMap((a) => [a.dir, credentialsDirOf(a, env)]), ctkConfigDir(env)],
    home: os.homedir(),
    userName: userName(env),
    includeEmails: Boolean(opts.includeEmails),
  });

  const claude = await probeClaudeVersion(configuredClaudeBin(env, ctx.registry), env);
  const input = {
    generatedAt: now,
    ctkVersion: ctkVersion(),
    claudeVersion: claude.found ? claude.version : /not found/.test(claude.reason) ? null : `unknown (${claude.reason})`,
    os: `${os.type()} ${os.release()} (${process.platform} ${process.arch})`,
    node: process.version,
    accountCount: ctx.accounts.length,
    stateSummary,
    onlyAccount: id ?? null,
    events,
    summary,
    logins,
    includeEmails: Boolean(opts.includeEmails),
  };
  const markdown = renderReportMarkdown(input, red);

  if (opts.json) {
    writeJson({
      schemaVersion: 1,
      generatedAt: new Date(now).toISOString(),
      includeEmails: input.includeEmails,
      claudeCode: input.claudeVersion === null ? null : red.text(input.claudeVersion),
      os: red.text(input.os),
      node: input.node,
      accounts: input.accountCount,
      states: counts,
      account: id === undefined ? null : red.account(id),
      events: events.map((e) => ({
        at: new Date(e.at).toISOString(),
        account: red.account(e.account),
        method: e.method,
        result: e.result,
        oldExpiresAt: e.oldExpiresAt,
        newExpiresAt: e.newExpiresAt,
        lifespanMs: e.lifespanMs,
        oldLeftMs: e.oldLeftMs,
        refreshTokenAgeMs: e.refreshTokenAgeMs,
        via: e.via,
        reason: e.reason === null ? null : red.text(e.reason),
      })),
      summary,
      logins: logins.map((l) => ({ at: new Date(l.at).toISOString(), account: red.account(l.account), loginExpiresAt: l.loginExpiresAt, lifespanMs: l.lifespanMs })),
      markdown,
    });
    return 0;
  }
  process.stdout.write(markdown);
  if (process.stdout.isTTY) {
    process.stderr.write(`\nPaste the Markdown above into the issue. ${input.includeEmails ? 'It names your accounts and emails.' : 'Identifiers are redacted (--include-emails shows account ids and emails).'}\n`);
  }
  return 0;
}
