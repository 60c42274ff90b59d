// Check and Queue: what is read, what gets queued with which method, and when the user is asked.
import { describe, expect, it } from 'vitest';
import { checkStep } from '../../../../src/workflows/routine/steps/check.js';
import { queueStep } from '../../../../src/workflows/routine/steps/queue.js';
import type { RoutineOptions } from '../../../../src/workflows/routine/options.js';
import { runStep } from '../../../helpers/run-step.js';
import { FakeWorld, H, NOW, account, newState, oauthRead, routineOptions } from './fakes.js';

const accounts = [account('a'), account('b'), account('c'), account('d')];

function world(): FakeWorld {
  const w = new FakeWorld();
  w.creds.set('a', oauthRead(NOW + 1 * H));
  w.creds.set('b', oauthRead(NOW - 1 * H, { hasRefreshToken: false }));
  w.creds.set('c', oauthRead(NOW + 12 * H));
  w.creds.set('d', oauthRead(NOW + 0.5 * H));
  return w;
}

async function checkAndQueue(w: FakeWorld, over: Partial<RoutineOptions> = {}) {
  const opts = routineOptions({ accounts, ...over });
  const state = newState();
  const check = await runStep(checkStep({ deps: w.deps, opts }), state);
  const queue = await runStep(queueStep({ deps: w.deps, opts }), state);
  return { state, check, queue };
}

describe('Check', () => {
  it('reads every account in scope and sums them up', async () => {
    const { state, check } = await checkAndQueue(world());
    expect(state.checked.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(check.title).toBe('Check: 4 accounts: 1 healthy, 2 expiring, 1 expired');
  });
});

describe('Queue', () => {
  it('queues what expires in the window, most urgent first, with a method each; the logins are planned', async () => {
    const { state, queue } = await checkAndQueue(world());
    expect(state.queue.map((a) => [a.id, a.method])).toEqual([
      ['b', 'login'],
      ['d', 'oauth'],
      ['a', 'oauth'],
    ]);
    expect(state.logins.map((a) => a.id)).toEqual(['b']);
    expect(queue.title).toBe('Queue: 3 accounts: 2 expire within 2 h, 1 expired');
  });

  it('auto goes straight to a login for a refresh token already rejected', async () => {
    const w = world();
    w.deadTokens.add('d');
    const { state } = await checkAndQueue(w);
    expect(state.queue.find((a) => a.id === 'd')?.method).toBe('login');
    const forced = await checkAndQueue(w, { method: 'oauth' });
    expect(forced.state.queue.find((a) => a.id === 'd')?.method).toBe('oauth');
  });

  it('shows the status table with the list paused, and not with --json', async () => {
    const w = world();
    await checkAndQueue(w);
    expect(w.screen).toEqual(['pause', 'resume']);
    expect(w.said.join('\n')).toMatch(/state\s+id\s+account/);
    const j = world();
    await checkAndQueue(j, { json: true });
    expect(j.said).toEqual([]);
  });

  it('asks in a terminal, and keeps the ticked accounts only', async () => {
    const w = world();
    w.interactive = true;
    w.choose = () => ['b', 'a'];
    const { state, queue } = await checkAndQueue(w, { yes: false });
    expect(w.asked).toEqual(['queue']);
    expect(state.queue.map((a) => a.id)).toEqual(['b', 'a']);
    expect(queue.title).toBe('Queue: 2 accounts (1 unticked)');
  });

  it('a cancelled checkbox cancels the routine', async () => {
    const w = world();
    w.interactive = true;
    w.choose = () => null;
    const { state, queue } = await checkAndQueue(w, { yes: false });
    expect(state.cancelled).toBe(true);
    expect(queue.title).toBe('Queue: cancelled');
  });

  it('without a terminal it does not ask: --yes is needed', async () => {
    const w = world();
    const { state, queue } = await checkAndQueue(w, { yes: false });
    expect(state.needsYes).toBe(true);
    expect(w.asked).toEqual([]);
    expect(queue.title).toBe('Queue: 3 candidates, no terminal to ask');
  });

  it('does not ask for ids or a dry run, and says when nothing expires', async () => {
    const w = world();
    w.interactive = true;
    const ids = await checkAndQueue(w, { yes: false, queueMode: { kind: 'ids', ids: ['c'] }, windowHours: null });
    expect(ids.state.queue.map((a) => a.id)).toEqual(['c']);
    expect(ids.queue.title).toBe('Queue: 1 account');
    const dry = await checkAndQueue(w, { yes: false, dryRun: true });
    expect(dry.queue.title).toBe('Queue: 3 accounts: 2 expire within 2 h, 1 expired (dry run)');
    const none = await checkAndQueue(w, { queueMode: { kind: 'window', windowMs: 0 }, windowHours: 0, accounts: [account('c')] });
    expect(none.queue.title).toBe('Queue: nothing expires within 0 h');
    expect(w.asked).toEqual([]);
  });
});
