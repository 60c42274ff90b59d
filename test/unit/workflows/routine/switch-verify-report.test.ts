// Switch, Verify and Report, one step at a time with fake deps.
import { describe, expect, it } from 'vitest';
import { reportStep } from '../../../../src/workflows/routine/steps/report.js';
import { switchStep } from '../../../../src/workflows/routine/steps/switch.js';
import { verifyStep } from '../../../../src/workflows/routine/steps/verify.js';
import { runStep } from '../../../helpers/run-step.js';
import { H, NOW, account, oauthRead, oneQueued, queued, scopeOf } from './fakes.js';

describe('Switch', () => {
  it('refuses a folder that vanished: a failed row with the way out, one history line, and the step fails', async () => {
    const { world, state, acc } = oneQueued('login', account('b'));
    world.missingFolders.add('b');
    const o = await runStep(switchStep(scopeOf(world, acc)), state);
    expect(o.failed).toBe('account folder /accounts/b no longer exists');
    expect(acc.row).toMatchObject({
      result: 'failed',
      reason: 'account folder /accounts/b no longer exists',
      nextStep: 'restore the folder, or drop the account: ctk accounts remove b',
    });
    expect(world.lines).toEqual([expect.objectContaining({ account: 'b', method: 'login', result: 'failed' })]);
  });

  it('does not look for the implicit default folder, and says so', async () => {
    const { world, state, acc } = oneQueued('login', account('default', { implicit: true, dir: '/nowhere' }));
    world.missingFolders.add('default');
    const o = await runStep(switchStep(scopeOf(world, acc)), state);
    expect(o.failed).toBeUndefined();
    expect(o.title).toBe('Switch: default ~/.claude');
  });

  it('notes the expiry before and whom to expect: the registered email, else the folder’s', async () => {
    const { world, state, acc } = oneQueued('oauth', account('a', { email: undefined }));
    world.creds.set('a', oauthRead(NOW + 0.25 * H));
    world.emails.set('a', 'seen@example.com');
    const o = await runStep(switchStep(scopeOf(world, acc)), state);
    expect(o.title).toBe('Switch: /accounts/a/.credentials.json');
    expect(acc.before).toBe(NOW + 0.25 * H);
    expect(acc.expectedEmail).toBe('seen@example.com');
  });

  it('skips in a dry run', async () => {
    const { world, state, acc } = oneQueued('login');
    world.missingFolders.add('a');
    const o = await runStep(switchStep(scopeOf(world, acc, { dryRun: true })), state);
    expect(o.skipped).toMatch(/^\[Preview\] /);
    expect(acc.finished).toBe(false);
  });
});

describe('Verify', () => {
  it('catches a login into the wrong account, loudly, on the account’s line too', async () => {
    const { world, state, acc } = oneQueued('login');
    world.creds.set('a', oauthRead(NOW + 8 * H));
    world.emails.set('a', 'intruder@example.com');
    const scope = scopeOf(world, acc);
    const o = await runStep(verifyStep(scope), state);
    expect(o.failed).toMatch(/^WRONG ACCOUNT: signed in as intruder@example\.com, expected deva@example\.com/);
    expect(scope.headlines).toEqual(['  ✖ WRONG ACCOUNT: signed in as intruder@example.com, expected deva@example.com']);
    expect(acc.row).toMatchObject({
      result: 'failed',
      wrongAccount: true,
      signedInAs: 'intruder@example.com',
      nextStep: 'log in again and pick deva@example.com in the browser: ctk refresh a --method login',
    });
    expect(acc.row!.reason).toContain("/accounts/a now holds intruder@example.com's login");
  });

  it('fails a token that was not renewed', async () => {
    const { world, state, acc } = oneQueued('login');
    const o = await runStep(verifyStep(scopeOf(world, acc)), state);
    expect(o.failed).toBe('verify: the token was not renewed (expiry unchanged)');
    expect(acc.row?.nextStep).toBe('try again: ctk refresh a --method login');
  });

  it('takes a new expiry for the expected account', async () => {
    const { world, state, acc } = oneQueued('login');
    world.creds.set('a', oauthRead(NOW + 8 * H));
    const o = await runStep(verifyStep(scopeOf(world, acc)), state);
    expect(o.failed).toBeUndefined();
    expect(o.title).toMatch(/^Verify: new token until .+, signed in as deva@example\.com$/);
    expect(acc.newExpiresAt).toBe(NOW + 8 * H);
    expect(acc.finished).toBe(false);
  });

  it('skips when the attempt already ended, or moved on to a guided login', async () => {
    const { world, state, acc: ended } = oneQueued('login');
    ended.finish('skipped');
    expect((await runStep(verifyStep(scopeOf(world, ended)), state)).skipped).toBe('Verify');
    const moved = queued(world, state, account('b'), 'oauth');
    moved.fallBackToLogin();
    expect((await runStep(verifyStep(scopeOf(world, moved, {}, 'oauth')), state)).skipped).toBe('Verify');
  });
});

describe('Report', () => {
  it('ends a verified login as refreshed with exactly one history line', async () => {
    const { world, state, acc } = oneQueued('login');
    acc.obtainedAt = NOW;
    acc.verified(NOW + 8 * H, null);
    const scope = scopeOf(world, acc);
    const o = await runStep(reportStep(scope), state);
    expect(o.title).toMatch(/^Report: expires .+ \(lifespan 8\.0h\)$/);
    expect(scope.headlines).toEqual([`  ✔ ${o.title!.slice('Report: '.length)}`]);
    expect(acc.row).toMatchObject({ result: 'refreshed', newExpiresAt: NOW + 8 * H, lifespanMs: 8 * H });
    expect(world.lines).toEqual([
      { account: 'a', method: 'login', result: 'refreshed', oldExpiresAt: NOW + 0.5 * H, newExpiresAt: NOW + 8 * H, lifespanMs: 8 * H },
    ]);
  });

  it('writes no line after a browserless refresh: refreshAndRecord wrote it', async () => {
    const { world, state, acc } = oneQueued('oauth');
    acc.refreshedWithToken(NOW);
    acc.verified(NOW + 8 * H, null);
    await runStep(reportStep(scopeOf(world, acc)), state);
    expect(acc.row?.result).toBe('refreshed');
    expect(world.lines).toEqual([]);
  });

  it('does not count an unverified attempt as done', async () => {
    const { world, state, acc } = oneQueued('login');
    const o = await runStep(reportStep(scopeOf(world, acc)), state);
    expect(o.failed).toBe('not verified');
    expect(acc.row).toMatchObject({ result: 'failed', nextStep: 'try again: ctk refresh a' });
    expect(world.lines.map((l) => l.result)).toEqual(['failed']);
  });
});
