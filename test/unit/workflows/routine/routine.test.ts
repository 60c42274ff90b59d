// One account's steps together, and whole routines with fake deps: the history lines, the
// summary built from the state, the dry run's previews, a stop.
import { describe, expect, it } from 'vitest';
import { ACCOUNT_STEPS, runRoutineWith } from '../../../../src/workflows/routine/index.js';
import { accountTask } from '../../../../src/workflows/routine/steps/account.js';
import { previewStep } from '../../../../src/workflows/routine/steps/preview.js';
import type { RoutineOptions } from '../../../../src/workflows/routine/options.js';
import { outline, runStep } from '../../../helpers/run-step.js';
import { FakeWorld, H, NOW, account, newState, notRefreshed, ok, oauthRead, queued, routineOptions } from './fakes.js';

describe('one account', () => {
  it('a guided login goes Switch → Log in → Verify → Report and ends refreshed on its line', async () => {
    const world = new FakeWorld();
    const state = newState();
    const acc = queued(world, state, account('a'), 'login');
    const o = await runStep(accountTask({ deps: world.deps, opts: routineOptions() }, acc, 'login', ACCOUNT_STEPS.login), state);
    const lines = outline(o);
    expect(lines[0]).toMatch(/^✔ a {2}deva@example\.com {2}✔ expires .+ \(lifespan 8\.0h\)$/);
    expect(lines.slice(1).map((l) => l.replace(/:.*/, ''))).toEqual(['  ✔ Switch', '  ✔ Log in', '  ✔ Verify', '  ✔ Report']);
    expect(world.lines).toHaveLength(1);
  });

  it('a browserless refresh that needs a login skips Verify and Report, and joins the logins', async () => {
    const world = new FakeWorld();
    const state = newState();
    const acc = queued(world, state, account('a'), 'oauth');
    world.refresh = () => notRefreshed('needs-login', 'dead');
    const o = await runStep(accountTask({ deps: world.deps, opts: routineOptions() }, acc, 'oauth', ACCOUNT_STEPS.oauth), state);
    expect(outline(o)).toEqual([
      '✔ a  deva@example.com  → guided login below',
      '  ✔ Switch: /accounts/a/.credentials.json',
      '  ↓ Refresh token no longer works: a guided login follows',
      '  ↓ Verify',
      '  ↓ Report',
    ]);
    expect(state.logins).toEqual([acc]);
  });

  it('a bug in a step fails that account’s row, not the routine', async () => {
    const world = new FakeWorld();
    const state = newState();
    const acc = queued(world, state, account('a'), 'login');
    world.deps.readEmail = () => {
      throw new Error('EIO: i/o error');
    };
    const o = await runStep(accountTask({ deps: world.deps, opts: routineOptions() }, acc, 'login', ACCOUNT_STEPS.login), state);
    expect(o.subtasks.map((s) => s.failed)).toEqual([undefined, undefined, 'EIO: i/o error', undefined]);
    expect(o.subtasks[3].state).toBe('WAITING'); // Report never ran
    expect(acc.row).toMatchObject({ result: 'failed', reason: 'unexpected error: EIO: i/o error', nextStep: 'try again: ctk refresh a' });
    expect(world.lines).toHaveLength(1);
  });

  it('is skipped once the routine was asked to stop', async () => {
    const world = new FakeWorld();
    const state = newState();
    const acc = queued(world, state, account('a'), 'login');
    state.interrupts.stop();
    const o = await runStep(accountTask({ deps: world.deps, opts: routineOptions() }, acc, 'login', ACCOUNT_STEPS.login), state);
    expect(o.skipped).toBe('routine stopped');
    expect(acc.finished).toBe(false);
    expect(acc.summaryRow()).toMatchObject({ result: 'skipped', reason: 'routine stopped before this account', nextStep: 'ctk refresh a' });
  });
});

describe('the dry run', () => {
  it('plans every queued account in the steps’ skips, silently', async () => {
    const world = new FakeWorld();
    const state = newState();
    const env = { deps: world.deps, opts: routineOptions({ dryRun: true }) };
    queued(world, state, account('a'), 'oauth');
    queued(world, state, account('b'), 'login');
    const o = await runStep(previewStep(env, (acc) => accountTask(env, acc, acc.method, ACCOUNT_STEPS[acc.method])), state);
    expect(o.state).toBe('COMPLETED');
    expect(state.queue.map((a) => a.row?.command)).toEqual([
      'refresh a with its stored refresh token (no browser)',
      'CLAUDE_CONFIG_DIR=/accounts/b claude auth login --email devb@example.com',
    ]);
    expect(world.refreshed).toEqual([]);
    expect(world.logins).toEqual([]);
    expect(world.said).toEqual([]);
  });
});

describe('a whole routine', () => {
  const accounts = [account('a'), account('b'), account('c'), account('h')];

  function world(): FakeWorld {
    const w = new FakeWorld();
    w.creds.set('a', oauthRead(NOW + 0.5 * H));
    w.creds.set('b', oauthRead(NOW + 1 * H));
    w.creds.set('c', oauthRead(NOW - 1 * H, { hasRefreshToken: false }));
    w.creds.set('h', oauthRead(NOW + 12 * H));
    return w;
  }

  const opts = (over: Partial<RoutineOptions> = {}) => routineOptions({ accounts, concurrency: 1, ...over });

  it('writes exactly one history line per attempt: logins here, browserless refreshes in refreshAndRecord', async () => {
    const w = world();
    w.refresh = (a) => (a.id === 'b' ? notRefreshed('needs-login', 'dead') : ok(NOW + 8 * H));
    const afterRefresh = w.refresh;
    w.refresh = (a) => {
      const r = afterRefresh(a);
      if (r.outcome === 'refreshed') w.creds.set(a.id, oauthRead(NOW + 8 * H));
      return r;
    };
    const code = await runRoutineWith(w.deps, opts());
    expect(code).toBe(0);
    expect(w.refreshed).toEqual(['a', 'b']);
    expect(w.logins.map((l) => l.account.id)).toEqual(['c', 'b']);
    expect(w.lines.map((l) => [l.account, l.method, l.result])).toEqual([
      ['c', 'login', 'refreshed'],
      ['b', 'login', 'refreshed'],
    ]);
    expect(w.said.join('\n')).toMatch(/3 queued: 3 refreshed/);
  });

  it('prints the summary as JSON with --json, built from the state', async () => {
    const w = world();
    w.login = () => ({ kind: 'exit', exitCode: 1, signal: null });
    const code = await runRoutineWith(w.deps, opts({ json: true, method: 'login' }));
    expect(code).toBe(2);
    expect(w.json).toHaveLength(1);
    expect(w.json[0]).toMatchObject({
      schemaVersion: 1,
      summary: { queued: 3, refreshed: 0, failed: 3, skipped: 0, planned: 0 },
      exitCode: 2,
    });
  });

  it('--dry-run changes nothing and prints what it would run', async () => {
    const w = world();
    const code = await runRoutineWith(w.deps, opts({ dryRun: true }));
    expect(code).toBe(0);
    expect(w.refreshed).toEqual([]);
    expect(w.logins).toEqual([]);
    expect(w.lines).toEqual([]);
    expect(w.said.filter((l) => l.startsWith('Not executed:'))).toEqual([
      'Not executed: CLAUDE_CONFIG_DIR=/accounts/c claude auth login --email devc@example.com',
      'Not executed: refresh a with its stored refresh token (no browser)',
      'Not executed: refresh b with its stored refresh token (no browser)',
    ]);
  });

  it('a stop during a login leaves the rest not reached, and the summary says so', async () => {
    const w = world();
    w.login = () => ({ kind: 'cancelled' });
    const code = await runRoutineWith(w.deps, opts({ method: 'login' }));
    expect(code).toBe(2);
    expect(w.logins).toHaveLength(1);
    const text = w.said.join('\n');
    expect(text).toMatch(/3 queued: 3 skipped \(stopped\)/);
    expect(text).toMatch(/routine stopped before this account/);
    expect(w.lines.map((l) => [l.account, l.result])).toEqual([['c', 'skipped']]);
  });

  it('without a terminal and without --yes, asks for --yes and runs nothing', async () => {
    const w = world();
    await expect(runRoutineWith(w.deps, opts({ yes: false }))).rejects.toThrow(/pass --yes/);
    expect(w.refreshed).toEqual([]);
  });
});
