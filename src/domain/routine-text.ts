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
  queued: (queued: number, hours: number | null, dryRun: boolean) =>
    `Queue: ${plural(queued, 'account')}${windowText(hours)}${dryRun ? ' (dry run)' : ''}`,
};

export const queuePrompt = (candidates: number) =>
  `${candidates === 1 ? 'Refresh this account?' : `Refresh these ${candidates} accounts?`} (space unticks, enter starts)`;

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
export function oauthNextStep(id: string, outcome: string): string {
  if (outcome === 'needs-login' || outcome === 'not-refreshable') return `log in: ${loginAgain(id)}`;
  if (outcome === 'on-hold') return `see ${ON_HOLD_URL}; ctk keeps the refresh token and tries it again next time`;
  return `try again later, or log in: ${loginAgain(id)}`;
}

export const refreshFailed = (id: string, r: { outcome: string; message: string }): Failure => ({
  reason: r.message || `browserless refresh: ${r.outcome}`,
  nextStep: oauthNextStep(id, r.outcome),
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
