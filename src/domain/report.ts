// The Markdown of `ctk report`: environment, then the lifespans history observed. Pure: every
// identifier goes through the Redactor before it reaches the text.
import { formatSpan, formatUtc, median, type LifespanEvent, type LifespanSummary, type LoginLifespan } from './lifespan.js';
import type { Redactor } from './report-redaction.js';

export interface ReportInput {
  generatedAt: number;
  ctkVersion: string;
  claudeVersion: string | null;
  os: string;
  node: string;
  accountCount: number;
  /** "30 healthy, 2 expired" */
  stateSummary: string;
  /** The account the report is limited to, when one was named. */
  onlyAccount: string | null;
  events: LifespanEvent[];
  summary: LifespanSummary;
  /** Browser sign-ins with the deadline Claude Code stored for them. */
  logins: LoginLifespan[];
  includeEmails: boolean;
}

function loginSection(logins: LoginLifespan[], red: Redactor): string[] {
  const L = ['### Observed login lifespans (sign-in → deadline)', ''];
  if (logins.length === 0) {
    L.push('No browser sign-in with a stored deadline (`refreshTokenExpiresAt`) is recorded yet.', '');
    return L;
  }
  const v = logins.map((l) => l.lifespanMs);
  L.push(`**Median login lifespan: ${formatSpan(median(v))}** over ${logins.length} sign-in${logins.length === 1 ? '' : 's'} (shortest ${formatSpan(Math.min(...v))}, longest ${formatSpan(Math.max(...v))}). A refresh never moves this deadline.`, '');
  L.push('| signed in | account | login deadline | lifespan |', '|---|---|---|---|');
  for (const l of logins) L.push(`| ${formatUtc(l.at)} | ${cell(red.account(l.account))} | ${formatUtc(l.loginExpiresAt)} | ${formatSpan(l.lifespanMs)} |`);
  L.push('');
  return L;
}

/** Markdown table cells must not break the table. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderReportMarkdown(r: ReportInput, red: Redactor): string {
  const L: string[] = [];
  L.push('## Claude Code OAuth token lifetime report', '');
  L.push('| | |', '|---|---|');
  L.push(`| Claude Code | ${cell(red.text(r.claudeVersion ?? 'not found'))} |`);
  L.push(`| OS | ${cell(red.text(r.os))} |`);
  L.push(`| Node.js | ${cell(r.node)} |`);
  L.push(`| Accounts on this machine | ${r.accountCount}${r.stateSummary ? ` (${cell(r.stateSummary)})` : ''} |`);
  if (r.onlyAccount !== null) L.push(`| Events for | account ${cell(red.account(r.onlyAccount))} |`);
  L.push(`| Collected by | claude-token-kit ${cell(r.ctkVersion)} (\`ctk report\`), ${formatUtc(r.generatedAt)} |`);
  L.push('');

  L.push('### Observed token lifespans', '');
  const s = r.summary;
  if (s.count === 0) {
    L.push('No successful login or refresh with a known expiry is recorded yet (ctk records every refresh and login it performs).');
  } else {
    L.push(
      `**Median lifespan: ${formatSpan(s.medianMs)}** over ${s.count === 1 ? '1 login or refresh' : `${s.count} logins/refreshes`} ` +
        `(shortest ${formatSpan(s.minMs)}, longest ${formatSpan(s.maxMs)}).`,
    );
    const methods = Object.entries(s.byMethod);
    if (methods.length > 1) {
      L.push('', 'By method: ' + methods.map(([m, v]) => `${m} ${formatSpan(v.medianMs)} (n=${v.count})`).join(', ') + '.');
    }
  }
  if (s.rejected.count > 0) {
    L.push(
      '',
      `Refresh token rejected (had to log in again): ${s.rejected.count} time${s.rejected.count === 1 ? '' : 's'}` +
        (s.rejected.medianRefreshTokenAgeMs !== null ? `, median ${formatSpan(s.rejected.medianRefreshTokenAgeMs)} after the previous successful refresh.` : '.'),
    );
  }
  L.push('', 'Lifespan = the `expiresAt` the server granted minus the time the token was obtained. "Old token left" = what the replaced token still had (negative: already expired).', '');

  if (r.events.length > 0) {
    L.push('| time | account | method | result | new expiresAt | lifespan | old token left | note |');
    L.push('|---|---|---|---|---|---|---|---|');
    for (const e of r.events) {
      const note: string[] = [];
      if (e.refreshTokenAgeMs !== null) note.push(`refresh token was ${formatSpan(e.refreshTokenAgeMs)} old`);
      if (e.reason) note.push(red.text(e.reason));
      if (e.via) note.push(`via ${e.via}`);
      L.push(
        `| ${formatUtc(e.at)} | ${cell(red.account(e.account))} | ${cell(e.method)} | ${cell(e.result)} | ${formatUtc(e.newExpiresAt)} | ${formatSpan(e.lifespanMs)} | ${formatSpan(e.oldLeftMs)} | ${cell(note.join('; '))} |`,
      );
    }
    L.push('');
  }
  L.push(...loginSection(r.logins, red));
  L.push(
    r.includeEmails
      ? '_Account ids and emails are shown on request (`--include-emails`); paths, user name and tokens are redacted._'
      : '_Account ids, emails, paths, the home folder and the user name are redacted; accounts are lettered A, B, …_',
  );
  return L.join('\n') + '\n';
}
