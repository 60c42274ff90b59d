// Log in: the terminal handed to claude, each way a login ends, and Ctrl-C during it.
import { describe, expect, it } from 'vitest';
import { logInStep } from '../../../../src/workflows/routine/steps/log-in.js';
import { runStep } from '../../../helpers/run-step.js';
import { FakeWorld, NOW, account, newState, queued, scopeOf } from './fakes.js';

function setup(ids = ['a']) {
  const world = new FakeWorld();
  const state = newState();
  const accs = ids.map((id) => queued(world, state, account(id), 'login'));
  return { world, state, accs };
}

describe('Log in', () => {
  it('runs claude with the terminal handed over: the list paused, a banner with the position, the expected email', async () => {
    const { world, state, accs } = setup(['a', 'b']);
    const o = await runStep(logInStep(scopeOf(world, accs[1], { loginTimeoutMs: 60_000 })), state);
    expect(o.failed).toBeUndefined();
    expect(o.title).toBe('Log in: CLAUDE_CONFIG_DIR=/accounts/b claude auth login --email devb@example.com');
    expect(world.said).toEqual(['── 2/2 · b (devb@example.com): Claude Code has the terminal · Ctrl-C to skip or stop ──']);
    expect(world.screen).toEqual(['pause', 'resume']);
    expect(world.logins).toEqual([expect.objectContaining({ bin: '/bin/claude', email: 'devb@example.com', timeoutMs: 60_000 })]);
    expect(accs[1].obtainedAt).toBe(NOW);
    // Verify and Report decide; nothing is recorded yet.
    expect(accs[1].finished).toBe(false);
    expect(world.lines).toEqual([]);
  });

  it('fails without running anything when claude cannot be found', async () => {
    const { world, state, accs } = setup();
    world.located = { ok: false, message: 'claude is not on PATH; install Claude Code' };
    const o = await runStep(logInStep(scopeOf(world, accs[0])), state);
    expect(o.failed).toBe('cannot run claude: claude is not on PATH; install Claude Code');
    expect(accs[0].row?.nextStep).toBe('claude is not on PATH; install Claude Code');
    expect(world.logins).toEqual([]);
    expect(world.screen).toEqual([]);
  });

  it('fails a login that timed out, with a longer timeout to try', async () => {
    const { world, state, accs } = setup();
    world.login = () => ({ kind: 'timeout' });
    const o = await runStep(logInStep(scopeOf(world, accs[0], { loginTimeoutMs: 600_000 })), state);
    expect(o.failed).toBe('no login within 10 min (claude was stopped)');
    expect(accs[0].row?.nextStep).toBe('ctk refresh a --method login --timeout 20 (or ctk config set loginTimeoutMinutes 20)');
    expect(world.screen).toEqual(['pause', 'resume']);
    expect(world.lines.map((l) => l.result)).toEqual(['failed']);
  });

  it('fails a login that exited non-zero', async () => {
    const { world, state, accs } = setup();
    world.login = () => ({ kind: 'exit', exitCode: 1, signal: null });
    await runStep(logInStep(scopeOf(world, accs[0])), state);
    expect(accs[0].row).toMatchObject({ result: 'failed', reason: 'claude auth login exited with code 1' });
  });

  it('Ctrl-C in a terminal: asks, and "skip" skips this account only', async () => {
    const { world, state, accs } = setup();
    world.interactive = true;
    world.skipOrStop = 'skip';
    world.login = () => ({ kind: 'exit', exitCode: 130, signal: null });
    const scope = scopeOf(world, accs[0]);
    const o = await runStep(logInStep(scope), state);
    expect(o.skipped).toBe('interrupted');
    expect(world.asked).toEqual(['skip-or-stop a']);
    expect(state.interrupts.stopRequested).toBe(false);
    expect(scope.headlines).toEqual(['  ↓ skipped']);
    expect(accs[0].row).toMatchObject({ result: 'skipped', reason: 'login interrupted (Ctrl-C); skipped' });
    expect(world.lines.map((l) => l.result)).toEqual(['skipped']);
    // The question is asked while the list is still paused.
    expect(world.screen).toEqual(['pause', 'resume']);
  });

  it('Ctrl-C with "stop", or with nobody to ask, stops the routine', async () => {
    for (const interactive of [true, false]) {
      const { world, state, accs } = setup();
      world.interactive = interactive;
      world.skipOrStop = 'stop';
      world.login = () => ({ kind: 'cancelled' });
      await runStep(logInStep(scopeOf(world, accs[0])), state);
      expect(state.interrupts.stopRequested).toBe(true);
      expect(world.asked).toEqual(interactive ? ['skip-or-stop a'] : []);
      expect(accs[0].row).toMatchObject({ result: 'skipped', reason: 'login interrupted; routine stopped' });
    }
  });

  it('dry run: skips with the command as the user could type it, and plans it', async () => {
    const { world, state, accs } = setup();
    const o = await runStep(logInStep(scopeOf(world, accs[0], { dryRun: true, bin: '/opt/my claude' })), state);
    const command = "CLAUDE_CONFIG_DIR=/accounts/a '/opt/my claude' auth login --email deva@example.com";
    expect(o.skipped).toBe(`[Preview] Command not executed: ${command}`);
    expect(accs[0].row).toMatchObject({ result: 'planned', command });
    expect(world.logins).toEqual([]);
    expect(world.lines).toEqual([]);
  });
});
