// What the routine says, as pure functions.
import { describe, expect, it } from 'vitest';
import {
  accountTitle,
  cannotRunClaude,
  checkTitle,
  fallBackTitle,
  guidedLoginsTitle,
  loginBanner,
  loginFailure,
  loginInterrupted,
  loginLimit,
  needsYesMessage,
  notReached,
  oauthNextStep,
  previewSkip,
  groupNextSteps,
  countQueueWhy,
  queueAnswer,
  queuePrompt,
  queueTitles,
  refreshFailed,
  refreshedTitle,
  refreshedWithTokenTitle,
  reportText,
  stoppedDuringRefresh,
  switchTitle,
  unexpectedError,
  vanishedFolder,
  verifiedTitle,
  verifyFailed,
  withoutBrowserTitle,
  wrongAccount,
} from '../../../src/domain/routine-text.js';

const counts = (refreshed: number, failed = 0, skipped = 0) => ({ refreshed, failed, skipped, planned: 0 });

describe('Check and Queue', () => {
  it('counts accounts in the singular and the plural', () => {
    expect(checkTitle(1)).toBe('Check 1 account');
    expect(checkTitle(32)).toBe('Check 32 accounts');
  });

  it('says how the queue was settled, with the window when there is one', () => {
    expect(queueTitles.noTerminal(1)).toBe('Queue: 1 candidate, no terminal to ask');
    expect(queueTitles.nothing(8)).toBe('Queue: nothing expires within 8 h');
    expect(queueTitles.nothing(null)).toBe('Queue: nothing expires');
    expect(queueTitles.chosen(2, 1)).toBe('Queue: 2 accounts (1 unticked)');
    expect(queueTitles.chosen(3, 0)).toBe('Queue: 3 accounts');
    expect(queueTitles.queued({ soon: 1, expired: 0, needLogin: 0, loginEnding: 0 }, 2, true)).toBe('Queue: 1 account: 1 expires within 2 h (dry run)');
    expect(queueTitles.queued(countQueueWhy([{ state: 'expiring' }, { state: 'healthy' }, { state: 'expired' }, { state: 'revoked' }, { state: 'missing' }, { state: 'healthy', loginDue: true }]), 8, false)).toBe(
      'Queue: 6 accounts: 2 expire within 8 h, 1 expired, 2 need a login, 1 login ends soon',
    );
    expect(queueTitles.queued({ soon: 2, expired: 1, needLogin: 0, loginEnding: 0 }, null, false)).toBe('Queue: 3 accounts');
  });

  it('asks about one account or several, and names --yes without a terminal', () => {
    expect(queuePrompt(1)).toBe('Refresh this account? (space unticks, enter starts)');
    expect(queuePrompt(3)).toBe('Refresh which of these 3 accounts? (space unticks, enter starts)');
    expect(queueAnswer(['4', '9'], 3)).toBe('2 of 3: 4, 9');
    expect(queueAnswer([], 3)).toBe('0 of 3');
    expect(needsYesMessage(2)).toBe('2 accounts to refresh and no terminal to ask which: pass --yes to take them all (or --dry-run to see them first)');
  });
});

describe('the refresh groups', () => {
  it('titles the lanes and the collapsed line, leaving out counts of zero', () => {
    expect(withoutBrowserTitle(6, 4)).toBe('Without a browser (6, 4 at a time)');
    expect(guidedLoginsTitle(2)).toBe('Guided logins (2), one at a time');
    expect(refreshedTitle(counts(0), false)).toBe('Refresh: 0 refreshed');
    expect(refreshedTitle(counts(1, 2, 3), true)).toBe('Refresh: 1 refreshed, 2 failed, 3 skipped (stopped)');
  });
});

describe('one account', () => {
  it('names the account and how it ended', () => {
    expect(accountTitle('4', 'dev4@example.com')).toBe('4  dev4@example.com');
    expect(accountTitle('4', 'dev4@example.com', '  ↓ skipped')).toBe('4  dev4@example.com  ↓ skipped');
  });

  it('says where Switch points: the store for a refresh, CLAUDE_CONFIG_DIR for claude only for a login', () => {
    const credentials = () => '/a/4/.credentials.json';
    expect(switchTitle({ method: 'oauth', implicit: false, dir: '/a/4', credentials })).toBe('Switch: /a/4/.credentials.json');
    expect(switchTitle({ method: 'login', implicit: false, dir: '/a/4', credentials })).toBe('Switch: CLAUDE_CONFIG_DIR=/a/4 (for claude only)');
    expect(switchTitle({ method: 'login', implicit: true, dir: '/h/.claude', credentials })).toBe('Switch: default ~/.claude');
  });

  it('gives every way of not being done a reason and a next step', () => {
    expect(vanishedFolder('b', '/a/b')).toEqual({
      reason: 'account folder /a/b no longer exists',
      nextStep: 'restore the folder, or drop the account: ctk accounts remove b',
    });
    expect(wrongAccount('a', 'WRONG ACCOUNT: signed in as x@e.com, expected a@e.com', '/a/a', 'x@e.com', 'a@e.com')).toEqual({
      reason: "WRONG ACCOUNT: signed in as x@e.com, expected a@e.com; /a/a now holds x@e.com's login",
      nextStep: 'log in again and pick a@e.com in the browser: ctk refresh a --method login',
    });
    expect(verifyFailed('a', 'the token was not renewed (expiry unchanged)')).toEqual({
      reason: 'verify: the token was not renewed (expiry unchanged)',
      nextStep: 'try again: ctk refresh a --method login',
    });
    expect(unexpectedError('a', 'boom')).toEqual({ reason: 'unexpected error: boom', nextStep: 'try again: ctk refresh a' });
    expect(notReached('c')).toEqual({ reason: 'routine stopped before this account', nextStep: 'ctk refresh c' });
  });

  it('reports the new expiry, with the lifespan when it is known', () => {
    expect(verifiedTitle('14:05', 'a@e.com')).toBe('Verify: new token until 14:05, signed in as a@e.com');
    expect(verifiedTitle('14:05', null)).toBe('Verify: new token until 14:05');
    expect(reportText('14:05', '8.0h')).toBe('expires 14:05 (lifespan 8.0h)');
    expect(reportText('14:05', null)).toBe('expires 14:05');
  });
});

describe('the browserless refresh', () => {
  it('titles what happened', () => {
    expect(refreshedWithTokenTitle('refreshed')).toBe('Refreshed without a browser');
    expect(refreshedWithTokenTitle('already-refreshed')).toBe('Already refreshed by another process');
    expect(fallBackTitle('needs-login')).toBe('Refresh token no longer works: a guided login follows');
    expect(fallBackTitle('not-refreshable')).toBe('ctk leaves this store to Claude Code: a guided login follows');
  });

  it('names the login for a dead token, the restricted page for an account on hold, else try later', () => {
    expect(oauthNextStep('a', 'needs-login')).toBe('log in: ctk refresh a --method login');
    expect(oauthNextStep('a', 'not-refreshable')).toBe('log in: ctk refresh a --method login');
    expect(oauthNextStep('a', 'on-hold')).toBe('see https://claude.ai/restricted; ctk keeps the refresh token and tries it again next time');
    expect(oauthNextStep('a', 'failed')).toBe('try again later: ctk refresh a');
    expect(oauthNextStep('a', 'failed', 'could not reach 127.0.0.1 (ECONNREFUSED); check the network; gave up after 3 attempts')).toBe('check the network, then try again: ctk refresh a');
    expect(refreshFailed('a', { outcome: 'failed', message: '' }).reason).toBe('browserless refresh: failed');
    expect(refreshFailed('a', { outcome: 'failed', message: 'HTTP 500' }).reason).toBe('HTTP 500');
    expect(stoppedDuringRefresh('a', 'aborted')).toEqual({ reason: 'routine stopped during the refresh (aborted)', nextStep: 'ctk refresh a' });
  });
});

describe('the guided login', () => {
  it('shows whose login has the terminal', () => {
    expect(loginBanner(1, 3, 'a', 'a@e.com')).toBe('── 1/3 · a (a@e.com): Claude Code has the terminal · Ctrl-C to skip or stop ──');
    expect(loginBanner(2, 2, 'b', null)).toBe('── 2/2 · b: Claude Code has the terminal · Ctrl-C to skip or stop ──');
  });

  it('says the limit in seconds under a minute, else in minutes', () => {
    expect(loginLimit(1200)).toBe('1 s');
    expect(loginLimit(600_000)).toBe('10 min');
    expect(loginLimit(90_000)).toBe('2 min');
  });

  it('turns each way a login ends into nothing (ok) or a failure with the next step', () => {
    expect(loginFailure({ kind: 'ok' }, 'a', 600_000)).toBeNull();
    expect(loginFailure({ kind: 'timeout' }, 'a', 600_000)).toEqual({
      reason: 'no login within 10 min (claude was stopped)',
      nextStep: 'ctk refresh a --method login --timeout 20 (or ctk config set loginTimeoutMinutes 20)',
    });
    expect(loginFailure({ kind: 'timeout' }, 'a', 1200)?.nextStep).toMatch(/--timeout 2 /);
    expect(loginFailure({ kind: 'spawn-error', message: 'cannot run claude: not found' }, 'a', 1)).toEqual({
      reason: 'cannot run claude: not found',
      nextStep: 'check the claude executable: ctk config get claudeBin',
    });
    expect(loginFailure({ kind: 'exit', exitCode: 1, signal: null }, 'a', 1)?.reason).toBe('claude auth login exited with code 1');
    expect(loginFailure({ kind: 'exit', exitCode: null, signal: 'SIGKILL' }, 'a', 1)?.reason).toBe('claude auth login was killed by SIGKILL');
    expect(loginFailure({ kind: 'cancelled' }, 'a', 1)).toEqual({ reason: 'login ended unexpectedly', nextStep: 'try again: ctk refresh a --method login' });
    expect(cannotRunClaude('claude is not on PATH')).toEqual({ reason: 'cannot run claude: claude is not on PATH', nextStep: 'claude is not on PATH' });
  });

  it('tells a skipped login from a stopped routine', () => {
    expect(loginInterrupted('b', false).reason).toBe('login interrupted (Ctrl-C); skipped');
    expect(loginInterrupted('b', true).reason).toBe('login interrupted; routine stopped');
    expect(loginInterrupted('b', true).nextStep).toBe('log in when ready: ctk refresh b --method login');
  });
});

describe('--dry-run', () => {
  it('previews np style', () => {
    expect(previewSkip('claude auth login')).toBe('[Preview] Command not executed: claude auth login');
  });
});

describe('groupNextSteps', () => {
  it('one command per action, the ids where the one id was', () => {
    const g = groupNextSteps([
      { id: '4', nextStep: 'log in: ctk refresh 4 --method login' },
      { id: '9', nextStep: 'log in: ctk refresh 9 --method login' },
      { id: '12', nextStep: 'try again: ctk refresh 12' },
      { id: '1', nextStep: 'log in: ctk refresh 1 --method login' },
    ]);
    expect(g).toEqual([
      { ids: ['1', '4', '9'], nextStep: 'log in: ctk refresh 1 4 9 --method login', wrongAccount: false },
      { ids: ['12'], nextStep: 'try again: ctk refresh 12', wrongAccount: false },
    ]);
  });

  it('an id that is also a number elsewhere in the step is not replaced there', () => {
    const g = groupNextSteps([
      { id: '4', nextStep: 'ctk refresh 4 --method login --timeout 4 (or ctk config set loginTimeoutMinutes 4)' },
      { id: '5', nextStep: 'ctk refresh 5 --method login --timeout 4 (or ctk config set loginTimeoutMinutes 4)' },
    ]);
    expect(g).toEqual([{ ids: ['4', '5'], nextStep: 'ctk refresh 4 5 --method login --timeout 4 (or ctk config set loginTimeoutMinutes 4)', wrongAccount: false }]);
  });

  it('wrong accounts stay apart; the same words for several accounts are said once', () => {
    const g = groupNextSteps([
      { id: 'a', nextStep: 'log in again and pick a@x in the browser: ctk refresh a --method login', wrongAccount: true },
      { id: 'b', nextStep: 'log in: ctk refresh b --method login' },
      { id: 'c', nextStep: 'check the claude executable: ctk config get claudeBin' },
      { id: 'd', nextStep: 'check the claude executable: ctk config get claudeBin' },
    ]);
    expect(g.map((x) => x.ids)).toEqual([['a'], ['b'], ['c', 'd']]);
    expect(g[0].wrongAccount).toBe(true);
  });
});
