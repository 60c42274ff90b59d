// Refresh with the stored refresh token: what each outcome of the browserless refresh does.
import { describe, expect, it } from 'vitest';
import { refreshWithTokenStep } from '../../../../src/workflows/routine/steps/refresh-with-token.js';
import { runStep } from '../../../helpers/run-step.js';
import { FakeWorld, H, NOW, account, newState, notRefreshed, ok, queued, scopeOf } from './fakes.js';

function setup(method: 'auto' | 'oauth' = 'auto') {
  const world = new FakeWorld();
  const state = newState();
  const acc = queued(world, state, account('a'), 'oauth');
  const scope = scopeOf(world, acc, { method });
  return { world, state, acc, scope };
}

describe('Refresh with the stored refresh token', () => {
  it('refreshes without a browser; Verify and Report come next, and the refresh recorded its own line', async () => {
    const { world, state, acc, scope } = setup();
    world.refresh = () => ok(NOW + 8 * H);
    const o = await runStep(refreshWithTokenStep(scope), state);
    expect(o.title).toBe('Refreshed without a browser');
    expect(acc.attempting('oauth')).toBe(true);
    expect(acc.obtainedAt).toBe(NOW);
    acc.verified(NOW + 8 * H, null);
    acc.finish('refreshed');
    expect(world.lines).toEqual([]);
  });

  it('takes a token another process obtained, without claiming a lifespan', async () => {
    const { world, state, acc, scope } = setup();
    world.refresh = () => ({ ...ok(NOW + 7 * H), outcome: 'already-refreshed' });
    const o = await runStep(refreshWithTokenStep(scope), state);
    expect(o.title).toBe('Already refreshed by another process');
    expect(acc.obtainedAt).toBeNull();
  });

  for (const outcome of ['needs-login', 'not-refreshable'] as const) {
    it(`falls back to a guided login on ${outcome} with --method auto`, async () => {
      const { world, state, acc, scope } = setup('auto');
      world.refresh = () => notRefreshed(outcome, 'the refresh token is no longer valid');
      const o = await runStep(refreshWithTokenStep(scope), state);
      expect(o.skipped).toBe('needs a login');
      expect(o.title).toMatch(/a guided login follows$/);
      expect(scope.headlines).toEqual(['  → guided login below']);
      expect(state.logins).toEqual([acc]);
      expect(acc.method).toBe('login');
      expect(acc.finished).toBe(false);
      expect(acc.attempting('oauth')).toBe(false);
      // The login that follows writes its own line; the refresh's was written by refreshAndRecord.
      acc.obtainedAt = NOW;
      acc.verified(NOW + 8 * H, null);
      acc.finish('refreshed');
      expect(world.lines.map((l) => [l.method, l.result])).toEqual([['login', 'refreshed']]);
    });

    it(`fails on ${outcome} with --method oauth, naming the login to run`, async () => {
      const { world, state, acc, scope } = setup('oauth');
      world.refresh = () => notRefreshed(outcome, 'the refresh token is no longer valid');
      const o = await runStep(refreshWithTokenStep(scope), state);
      expect(o.failed).toBe('the refresh token is no longer valid');
      expect(state.logins).toEqual([]);
      expect(acc.row).toMatchObject({ result: 'failed', method: 'oauth', nextStep: 'log in: ctk refresh a --method login' });
      expect(world.lines).toEqual([]);
    });
  }

  it('fails an account on hold, with the restricted page as the next step, even with --method auto', async () => {
    const { world, state, acc, scope } = setup('auto');
    world.refresh = () => notRefreshed('on-hold', 'the account is on hold; see https://claude.ai/restricted');
    const o = await runStep(refreshWithTokenStep(scope), state);
    expect(o.failed).toMatch(/on hold/);
    expect(state.logins).toEqual([]);
    expect(acc.row?.result).toBe('failed');
    expect(acc.row?.nextStep).toBe('see https://claude.ai/restricted; ctk keeps the refresh token and tries it again next time');
  });

  it('fails a transient failure with "try again later"', async () => {
    const { world, state, acc, scope } = setup();
    world.refresh = () => notRefreshed('failed', 'the token endpoint failed with HTTP 500');
    await runStep(refreshWithTokenStep(scope), state);
    expect(acc.row).toMatchObject({ result: 'failed', reason: 'the token endpoint failed with HTTP 500' });
    expect(acc.row?.nextStep).toBe('try again later: ctk refresh a');
  });

  it('skips an account whose refresh the stop aborted', async () => {
    const { world, state, acc, scope } = setup();
    world.refresh = () => {
      state.interrupts.stop();
      return notRefreshed('failed', 'interrupted before refreshing; the credentials are untouched');
    };
    const o = await runStep(refreshWithTokenStep(scope), state);
    expect(o.skipped).toBe('routine stopped');
    expect(acc.row).toMatchObject({
      result: 'skipped',
      reason: 'routine stopped during the refresh (interrupted before refreshing; the credentials are untouched)',
      nextStep: 'ctk refresh a',
    });
    expect(world.lines).toEqual([]);
  });

  it('passes the stop signal to the refresh', async () => {
    const { world, state, scope } = setup();
    let signal: AbortSignal | null = null;
    world.deps.refreshWithToken = async (_a, s) => {
      signal = s;
      return ok(NOW + 8 * H);
    };
    await runStep(refreshWithTokenStep(scope), state);
    expect(signal).toBe(state.interrupts.stopController.signal);
  });

  it('dry run: skips with the preview text and plans the account, asking nobody', async () => {
    const world = new FakeWorld();
    const state = newState();
    const acc = queued(world, state, account('a'), 'oauth');
    const o = await runStep(refreshWithTokenStep(scopeOf(world, acc, { dryRun: true })), state);
    expect(o.skipped).toBe('[Preview] Command not executed: refresh a with its stored refresh token (no browser)');
    expect(acc.row).toMatchObject({ result: 'planned', command: 'refresh a with its stored refresh token (no browser)' });
    expect(world.refreshed).toEqual([]);
    expect(world.lines).toEqual([]);
  });
});
