// What the refresh routine says: step titles, the reason and the next step of every way an
// account can end, and the dry run's previews. Pure: times and durations come in formatted.
import { ON_HOLD_URL } from './oauth-grant.js';
import type { LoginOutcome, ResultKind } from './routine.js';

/** Why an account is not done, and what the user should do about it. */
export interface Failure {
  reason: string;
  nextStep: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const loginAgain = (id: string) => `ctk refresh ${id} --method login`;
const tryLoginAgain = (id: string) => `try again: ${loginAgain(id)}`;

// ── Check and Queue ──────────────────────────────────────────────────────

export const checkTitle = (accounts: number) => `Check ${plural(accounts, 'account')}`;
export const checkedTitle = (summaryLine: string) => `Check: ${summaryLine}`;

/** " within 8 h", or nothing for `refresh <ids…>`. */
export const windowText = (hours: number | null) => (hours === null ? '' : ` within ${hours} h`);

export const queueTitles = {
  noTerminal: (candidates: number) => `Queue: ${plural(candidates, 'candidate')}, no terminal to ask`,
  nothing: (hours: number | null) => `Queue: nothing expires${windowText(hours)}`,
  chosen: (chosen: number, unticked: number) => `Queue: ${plural(chosen, 'account')}${unticked ? ` (${unticked} unticked)` : ''}`,
  cancelled: 'Queue: cancelled',
  /** "Queue: 8 accounts: 5 expire within 2 h, 2 expired, 1 needs a login" (a window), or "Queue: 3 accounts" (ids). */
  queued: (why: QueueWhy, hours: number | null, dryRun: boolean) => {
    const total = why.soon + why.expired + why.needLogin + why.loginEnding;
    const parts: string[] = [];
    if (hours !== null) {
      if (why.soon) parts.push(`${why.soon} expire${why.soon === 1 ? 's' : ''}${windowText(hours)}`);
      if (why.expired) parts.push(`${why.expired} expired`);
      if (why.needLogin) parts.push(`${why.needLogin} need${why.needLogin === 1 ? 's' : ''} a login`);
      if (why.loginEnding) parts.push(`${why.loginEnding} login${why.loginEnding === 1 ? ' ends' : 's end'} soon`);
    }
    return `Queue: ${plural(total, 'account')}${parts.length ? `: ${parts.join(', ')}` : ''}${dryRun ? ' (dry run)' : ''}`;
  },
};

/** Why the queued accounts are in the queue, counted. */
export interface QueueWhy {
  /** A live token that expires within the window. */
  soon: number;
  expired: number;
  /** Revoked, never logged in, or signed in as another account. */
  needLogin: number;
  /** A live token whose login ends within the login window. */
  loginEnding: number;
}

export function countQueueWhy(rows: { state: string; loginDue?: boolean }[]): QueueWhy {
  const why: QueueWhy = { soon: 0, expired: 0, needLogin: 0, loginEnding: 0 };
  for (const r of rows) {
    if (r.loginDue && (r.state === 'healthy' || r.state === 'expiring')) why.loginEnding++;
    else if (r.state === 'expired') why.expired++;
    else if (r.state === 'healthy' || r.state === 'expiring') why.soon++;
    else why.needLogin++;
  }
  return why;
}

/** The checkbox question: its count is of the candidates, so it stays true while the user unticks. */
export const queuePrompt = (candidates: number) =>
  `${candidates === 1 ? 'Refresh this account?' : `Refresh which of these ${candidates} accounts?`} (space unticks, enter starts)`;

/** The checkbox's answer line: "7 of 8: 4, 9, 12, …". */
export const queueAnswer = (chosen: string[], candidates: number) =>
  `${chosen.length} of ${candidates}${chosen.length ? `: ${chosen.join(', ')}` : ''}`;

export const needsYesMessage = (candidates: number) =>
  `${plural(candidates, 'account')} to refresh and no terminal to ask which: pass --yes to take them all (or --dry-run to see them first)`;

export const CANCELLED = 'Cancelled; nothing was changed.';

// ── The refresh groups ───────────────────────────────────────────────────

export const withoutBrowserTitle = (accounts: number, atATime: number) => `Without a browser (${accounts}, ${atATime} at a time)`;
export const GUIDED_LOGINS = 'Guided logins, one at a time';
export const guidedLoginsTitle = (accounts: number) => `Guided logins (${accounts}), one at a time`;

/** "Refresh: 2 refreshed, 1 failed (stopped)": the collapsed line says how it went. */
export function refreshedTitle(counts: Record<ResultKind, number>, stopped: boolean): string {
  const parts = [`${counts.refreshed} refreshed`];
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.skipped) parts.push(`${counts.skipped} skipped`);
  return `Refresh: ${parts.join(', ')}${stopped ? ' (stopped)' : ''}`;
}

// ── One account ──────────────────────────────────────────────────────────

/** "4  dev4@example.com" plus how it ended ("  ✔ expires 14:05"). */
export const accountTitle = (id: string, who: string, suffix = '') => `${id}  ${who}${suffix}`;
export const ROUTINE_STOPPED = 'routine stopped';

export function switchTitle(a: { method: 'oauth' | 'login'; implicit: boolean; dir: string; credentials: () => string }): string {
  if (a.method === 'oauth') return `Switch: ${a.credentials()}`;
  return a.implicit ? 'Switch: default ~/.claude' : `Switch: CLAUDE_CONFIG_DIR=${a.dir} (for claude only)`;
}

export const vanishedFolder = (id: string, dir: string): Failure => ({
  reason: `account folder ${dir} no longer exists`,
  nextStep: `restore the folder, or drop the account: ctk accounts remove ${id}`,
});

export const verifiedTitle = (until: string, email: string | null) => `Verify: new token until ${until}${email ? `, signed in as ${email}` : ''}`;

export const wrongAccount = (id: string, message: string, dir: string, actual: string | null, expected: string | null): Failure => ({
  reason: `${message}; ${dir} now holds ${actual}'s login`,
  nextStep: `log in again and pick ${expected} in the browser: ${loginAgain(id)}`,
});

export const verifyFailed = (id: string, message: string): Failure => ({ reason: `verify: ${message}`, nextStep: tryLoginAgain(id) });
export const notVerified = (id: string): Failure => ({ reason: 'not verified', nextStep: `try again: ctk refresh ${id}` });

/** "expires 14:05 (lifespan 8.0 h)" for the Report step and the account's line. */
export const reportText = (expires: string, lifespan: string | null) => `expires ${expires}${lifespan !== null ? ` (lifespan ${lifespan})` : ''}`;

export const unexpectedError = (id: string, message: string): Failure => ({
  reason: `unexpected error: ${message}`,
  nextStep: `try again: ctk refresh ${id}`,
});

export const notReached = (id: string): Failure => ({ reason: 'routine stopped before this account', nextStep: `ctk refresh ${id}` });

// ── Refresh with the stored refresh token ────────────────────────────────

export const REFRESH_WITH_TOKEN = 'Refresh with the stored refresh token';

export const refreshedWithTokenTitle = (outcome: 'refreshed' | 'already-refreshed') =>
  outcome === 'refreshed' ? 'Refreshed without a browser' : 'Already refreshed by another process';

export const fallBackTitle = (outcome: 'needs-login' | 'not-refreshable') =>
  outcome === 'not-refreshable' ? 'ctk leaves this store to Claude Code: a guided login follows' : 'Refresh token no longer works: a guided login follows';

export const FALLBACK_SUFFIX = '  → guided login below';

/** What the user should do after an oauth outcome that did not refresh. */
export function oauthNextStep(id: string, outcome: string, message = ''): string {
  if (outcome === 'needs-login' || outcome === 'not-refreshable') return `log in: ${loginAgain(id)}`;
  if (outcome === 'on-hold') return `see ${ON_HOLD_URL}; ctk keeps the refresh token and tries it again next time`;
  // A login does not help when the server was out of reach or busy: the refresh token still works.
  if (/could not reach|no complete answer/.test(message)) return `check the network, then try again: ctk refresh ${id}`;
  return `try again later: ctk refresh ${id}`;
}

export const refreshFailed = (id: string, r: { outcome: string; message: string }): Failure => ({
  reason: r.message || `browserless refresh: ${r.outcome}`,
  nextStep: oauthNextStep(id, r.outcome, r.message),
});

export const stoppedDuringRefresh = (id: string, message: string): Failure => ({
  reason: `routine stopped during the refresh (${message})`,
  nextStep: `ctk refresh ${id}`,
});

// ── Log in ───────────────────────────────────────────────────────────────

export const logInTitle = (command: string) => `Log in: ${command}`;

/** The line above Claude Code's own output while it has the terminal. */
export const loginBanner = (position: number, total: number, id: string, email: string | null) =>
  `── ${position}/${total} · ${id}${email ? ` (${email})` : ''}: Claude Code has the terminal · Ctrl-C to skip or stop ──`;

export const cannotRunClaude = (message: string): Failure => ({ reason: `cannot run claude: ${message}`, nextStep: message });

export const loginInterrupted = (id: string, stopped: boolean): Failure => ({
  reason: stopped ? 'login interrupted; routine stopped' : 'login interrupted (Ctrl-C); skipped',
  nextStep: `log in when ready: ${loginAgain(id)}`,
});

export const SKIPPED_SUFFIX = '  ↓ skipped';

export const skipOrStopPrompt = (id: string) => ({
  message: `Login for ${id} was interrupted. What now?`,
  skip: `Skip ${id} and go on with the next account`,
  stop: 'Stop the routine (the summary shows what was done)',
});

/** "1 min", or "1 s" for a limit under a minute. */
export function loginLimit(timeoutMs: number): string {
  return timeoutMs < 60_000 ? `${Math.round(timeoutMs / 1000)} s` : `${loginMinutes(timeoutMs)} min`;
}

const loginMinutes = (timeoutMs: number) => Math.max(1, Math.round(timeoutMs / 60_000));

/** Why a login that was not interrupted did not log in, or null when it did. */
export function loginFailure(outcome: LoginOutcome, id: string, timeoutMs: number): Failure | null {
  switch (outcome.kind) {
    case 'ok':
      return null;
    case 'timeout': {
      const twice = loginMinutes(timeoutMs) * 2;
      return {
        reason: `no login within ${loginLimit(timeoutMs)} (claude was stopped)`,
        nextStep: `${loginAgain(id)} --timeout ${twice} (or ctk config set loginTimeoutMinutes ${twice})`,
      };
    }
    case 'spawn-error':
      return { reason: outcome.message, nextStep: 'check the claude executable: ctk config get claudeBin' };
    case 'exit':
      return {
        reason: `claude auth login ${outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.exitCode}`}`,
        nextStep: tryLoginAgain(id),
      };
    default:
      return { reason: 'login ended unexpectedly', nextStep: tryLoginAgain(id) };
  }
}

// ── --dry-run (np style) ─────────────────────────────────────────────────

export const refreshPreview = (id: string) => `refresh ${id} with its stored refresh token (no browser)`;

/** A step's skip message in a dry run: "[Preview] Command not executed: …". */
export const previewSkip = (command: string) => `[Preview] Command not executed: ${command}`;

/** The skip message of a dry run's steps that run no command. */
export const previewNothing = (step: string) => `[Preview] ${step}: nothing to do in a dry run`;

// ── What to do ───────────────────────────────────────────────────────────

export interface NextStepGroup {
  ids: string[];
  /** The step with every id of the group where the one id was ("ctk refresh 4 9 12 --method login"). */
  nextStep: string;
  wrongAccount: boolean;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ID_SLOT = '\u0000';

/**
 * One line per action instead of one per account: steps that differ only in the account id after
 * a ctk verb ("ctk refresh 4 --method login") become one command with every id; the same words
 * for several accounts are said once for all of them.
 */
export function groupNextSteps(rows: { id: string; nextStep: string; wrongAccount?: boolean }[]): NextStepGroup[] {
  const groups = new Map<string, NextStepGroup & { template: string | null }>();
  for (const r of rows) {
    const slotted = r.nextStep.replace(new RegExp(`(\\bctk (?:[a-z-]+ )+)${escapeRegExp(r.id)}(?=\\s|$)`, 'g'), `$1${ID_SLOT}`);
    const template = slotted.includes(ID_SLOT) ? slotted : null;
    const key = `${r.wrongAccount ? 'w' : '-'}${template ?? r.nextStep}`;
    const g = groups.get(key);
    if (g) g.ids.push(r.id);
    else groups.set(key, { ids: [r.id], nextStep: r.nextStep, wrongAccount: r.wrongAccount ?? false, template });
  }
  const byId = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
  return [...groups.values()].map(({ ids, nextStep, wrongAccount, template }) => {
    const sorted = [...ids].sort(byId);
    return { ids: sorted, nextStep: template === null || ids.length === 1 ? nextStep : template.split(ID_SLOT).join(sorted.join(' ')), wrongAccount };
  });
}
