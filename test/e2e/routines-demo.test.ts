// The --demo sandbox runs the three routines end to end with the simulated claude shipped in dist/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ctk, expectNoToken, makeSandbox, ROOT, type Sandbox } from '../helpers.js';
import { expectNoStack } from './routines-world.js';

let sb: Sandbox | null = null;
afterEach(() => {
  sb?.cleanup();
  sb = null;
});

const SIMULATED = path.join(ROOT, 'dist', 'demo', 'simulated-claude.js');

describe('ctk --demo routines', () => {
  it('morning, evening and refresh run end to end in the sandbox and leave a history', () => {
    sb = makeSandbox('ctk-demo-routines-');
    const demoDir = path.join(sb.root, 'demo');
    const env = { ...sb.env, CTK_DEMO_LOGIN_DELAY_MS: '0' };
    const run = (args: string[]) => {
      const r = ctk([...args, '--demo', '--demo-dir', demoDir], env, { timeout: 60_000 });
      expectNoToken(r.stdout, r.stderr);
      expectNoStack(r.stdout, r.stderr);
      return r;
    };

    // Morning: the demo has 3 expiring, 3 expired, 1 revoked and 1 missing account, and shows
    // once each what a real day has: 9's refresh token is dead (a guided login follows), 101's
    // login fails, 25's login lands in another account; 7's login ends in 3.5 days, so it is
    // queued for a guided login that starts a new 30-day login.
    const morning = run(['morning', '--yes', '--json']);
    expect(morning.code, morning.stderr).toBe(2);
    const m = JSON.parse(morning.stdout);
    expect(m.results.map((x: any) => x.id).sort()).toEqual(['101', '14', '17', '22', '25', '4', '6', '7', '9']);
    const byId = Object.fromEntries(m.results.map((x: any) => [x.id, x]));
    expect(byId['9']).toMatchObject({ method: 'login', result: 'refreshed' });
    expect(byId['101']).toMatchObject({ result: 'failed' });
    expect(byId['7']).toMatchObject({ method: 'login', result: 'refreshed' });
    expect(byId['25']).toMatchObject({ result: 'failed', wrongAccount: true, signedInAs: 'intruder@example.com' });
    for (const id of ['4', '6', '14', '17', '22']) expect(byId[id].result, id).toBe('refreshed');
    expect(m.needsAttention.map((x: any) => x.id)).toEqual(['103']);
    // The troubles are used up: the fixes work the second time.
    const fix = run(['refresh', '25', '101', '--method', 'login', '--json']);
    expect(fix.code, fix.stdout).toBe(0);

    // Evening: everything else that would expire within 8 h, through the simulated claude.
    const evening = run(['evening', '--yes', '--method', 'login']);
    expect(evening.code, evening.stdout + evening.stderr).toBe(0);
    expect(evening.stdout).toMatch(/simulated by ctk --demo/);
    expect(evening.stdout).toMatch(/(\d+) queued: \1 refreshed/);

    // A named account, even though it is healthy now.
    const refresh = run(['refresh', '12', '--method', 'login']);
    expect(refresh.code, refresh.stdout).toBe(0);
    expect(refresh.stdout).toMatch(/1 queued: 1 refreshed/);

    const status = run(['status', '--json']);
    const states = JSON.parse(status.stdout).accounts.map((a: any) => [a.id, a.state]);
    expect(states.filter(([, s]: string[]) => s !== 'healthy')).toEqual([['103', 'invalid']]);

    const history = JSON.parse(run(['history', '--json']).stdout);
    const vias = new Set(history.entries.map((e: any) => e.via));
    expect(vias).toEqual(new Set(['morning', 'evening', 'refresh']));
    expect(history.entries.filter((e: any) => e.result !== 'refreshed' && e.result !== 'needs-login').map((e: any) => [e.account, e.result]).sort()).toEqual([
      ['101', 'failed'],
      ['25', 'failed'],
    ]);
    expectNoToken(fs.readFileSync(path.join(demoDir, 'config', 'history.jsonl'), 'utf8'));
  });

  it('the simulated claude is executable and refuses to run outside the demo', () => {
    sb = makeSandbox('ctk-demo-claude-');
    expect(fs.statSync(SIMULATED).mode & 0o111).not.toBe(0);
    expect(fs.readFileSync(SIMULATED, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const dir = path.join(sb.root, 'real-account');
    fs.mkdirSync(dir);
    const r = spawnSync(SIMULATED, ['auth', 'login'], { env: { ...sb.env, CLAUDE_CONFIG_DIR: dir }, encoding: 'utf8' });
    expect(r.status).toBe(64);
    expect(r.stderr).toMatch(/only runs inside ctk --demo/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
