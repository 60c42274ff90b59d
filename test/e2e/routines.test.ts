// ctk refresh / morning / evening without a terminal: the built CLI, a fake claude, temp accounts.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ctk, expectNoToken } from '../helpers.js';
import { expectNoStack, H, routineWorld, type World } from './routines-world.js';

let world: World | null = null;
afterEach(() => {
  world?.cleanup();
  world = null;
});

function run(w: World, args: string[], env: NodeJS.ProcessEnv = w.env) {
  const r = ctk(args, env);
  expectNoToken(r.stdout, r.stderr);
  expectNoStack(r.stdout, r.stderr);
  return r;
}

describe('ctk evening --hours 8 --yes with no terminal', () => {
  it('logs in only the accounts that expire within 8 h (and dead ones), leaving healthy ones byte for byte', () => {
    world = routineWorld({
      '1': { expiresIn: 1 * H },
      '2': { expiresIn: 7 * H },
      '3': { expiresIn: 12 * H },
      '4': { expiresIn: -1 * H },
      '5': { credentials: null },
      '6': { expiresIn: 30 * H },
    });
    const w = world;
    const before = w.snapshot();
    const r = run(w, ['evening', '--hours', '8', '--yes', '--method', 'login']);
    expect(r.code, r.stdout + r.stderr).toBe(0);

    // Most urgent first; each with its own CLAUDE_CONFIG_DIR and the known email pre-filled.
    expect(w.loggedIn()).toEqual(['5', '4', '1', '2']);
    for (const call of w.calls()) {
      const id = path.basename(call.CLAUDE_CONFIG_DIR!);
      expect(call.CLAUDE_CONFIG_DIR).toBe(w.sb.accountDir(id));
      expect(call.argv).toEqual(['auth', 'login', '--email', `dev${id}@example.com`]);
    }
    const after = w.snapshot();
    for (const id of ['3', '6']) {
      for (const f of ['.credentials.json', '.claude.json']) {
        const key = path.join('accounts', id, f);
        expect(after[key], key).toBe(before[key]);
      }
    }
    for (const id of ['1', '2', '4', '5']) {
      expect(w.expiresAt(id)! - Date.now()).toBeGreaterThan(7.9 * H);
      expect(fs.statSync(path.join(w.sb.accountDir(id), '.credentials.json')).mode & 0o777).toBe(0o600);
    }
    expect(r.stdout).toMatch(/4 queued: 4 refreshed/);
    expect(r.stdout).toMatch(/Next expiry: /);

    const history = w.history();
    expect(history.map((e) => e.account)).toEqual(['5', '4', '1', '2']);
    for (const e of history) {
      expect(e).toMatchObject({ method: 'login', result: 'refreshed', via: 'evening' });
      expect(e.lifespanMs).toBeGreaterThan(7.9 * H);
      expect(e.newExpiresAt).toBeGreaterThan(Date.now());
    }
    expect(history.find((e) => e.account === '5').oldExpiresAt).toBeNull();
    expectNoToken(fs.readFileSync(path.join(w.sb.configDir, 'history.jsonl'), 'utf8'));
  });

  it('stops with exit 64 and asks for --yes when it would prompt without a terminal', () => {
    world = routineWorld({ '1': { expiresIn: 1 * H }, '2': { expiresIn: 9 * H } });
    const before = world.snapshot();
    const r = run(world, ['evening', '--method', 'login']);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/pass --yes/);
    expect(world.calls()).toEqual([]);
    expect(world.snapshot()).toEqual(before);
  });

  it('says there is nothing to do (exit 0) when nothing expires within the window', () => {
    world = routineWorld({ '1': { expiresIn: 10 * H } });
    const r = run(world, ['evening', '--hours', '8', '--method', 'login']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Nothing to refresh: no account expires within 8 h/);
    expect(world.calls()).toEqual([]);
  });
});

describe('failures during a routine', () => {
  it('goes on after a failed login in the middle, exits 2 and says why', () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: 1 * H }, c: { expiresIn: 1.5 * H } });
    const env = { ...world.env, FAKE_CLAUDE_MODES: JSON.stringify({ b: 'fail' }) };
    const r = run(world, ['morning', '--yes', '--method', 'login'], env);
    expect(r.code).toBe(2);
    expect(world.loggedIn()).toEqual(['a', 'b', 'c']);
    expect(r.stdout).toMatch(/3 queued: 2 refreshed, 1 failed/);
    expect(r.stdout).toMatch(/b .*failed.*claude auth login exited with code 1/);
    expect(r.stdout).toMatch(/What to do:\n\s+b: try again: ctk refresh b --method login/);
    // The fake claude's own error reached the user too.
    expect(r.stderr).toMatch(/authorization was denied/);
    const h = world.history();
    expect(h.map((e) => [e.account, e.result])).toEqual([
      ['a', 'refreshed'],
      ['b', 'failed'],
      ['c', 'refreshed'],
    ]);
    expect(h[1].reason).toMatch(/exited with code 1/);
  });

  it('catches a login into the wrong account in Verify, loudly', () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: 1 * H } });
    const env = { ...world.env, FAKE_CLAUDE_MODES: JSON.stringify({ a: 'wrong-email' }) };
    const r = run(world, ['refresh', 'a', 'b', '--method', 'login'], env);
    expect(r.code).toBe(2);
    const flat = r.stdout.replace(/\s+/g, ' ');
    expect(r.stdout).toMatch(/WRONG ACCOUNT/);
    expect(flat).toMatch(/signed in as intruder@example\.com, expected deva@example\.com/);
    // listr reports the failed step on stderr as it happens.
    expect(r.stderr).toMatch(/Verify.*WRONG ACCOUNT/);
    expect(r.stdout).toMatch(/a: log in again and pick deva@example\.com/);
    expect(r.stdout).toMatch(/2 queued: 1 refreshed, 1 failed/);
    expect(world.history().find((e) => e.account === 'a')).toMatchObject({ result: 'failed' });
  });

  it('without a registered email, expects the one the folder was signed in as before the login', () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: 1 * H } });
    const cfg = path.join(world.sb.configDir, 'config.json');
    const reg = JSON.parse(fs.readFileSync(cfg, 'utf8'));
    for (const acc of reg.accounts) delete acc.email;
    fs.writeFileSync(cfg, JSON.stringify(reg));
    const env = { ...world.env, FAKE_CLAUDE_MODES: JSON.stringify({ b: 'wrong-email' }) };
    const r = run(world, ['refresh', 'a', 'b', '--method', 'login', '--json'], env);
    expect(r.code).toBe(2);
    expect(world.calls().map((c) => c.argv)).toEqual([
      ['auth', 'login', '--email', 'deva@example.com'],
      ['auth', 'login', '--email', 'devb@example.com'],
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.results[1]).toMatchObject({ id: 'b', result: 'failed', wrongAccount: true, signedInAs: 'intruder@example.com' });
  });

  it('fails when the login exits 0 but stored nothing new', () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H } });
    const r = run(world, ['refresh', 'a', '--method', 'login'], { ...world.env, FAKE_CLAUDE_MODE: 'no-write' });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/token was not renewed/);
  });

  it('stops a login that takes longer than --timeout and goes on', () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: 1 * H } });
    const env = { ...world.env, FAKE_CLAUDE_MODES: JSON.stringify({ a: 'hang' }) };
    const t0 = Date.now();
    const r = run(world, ['refresh', 'a', 'b', '--method', 'login', '--timeout', '0.02'], env);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/no login within 1 s/);
    expect(world.loggedIn()).toEqual(['a', 'b']);
    expect(world.history().map((e) => e.result)).toEqual(['failed', 'refreshed']);
  });

  it('reports claude missing from PATH as a failed row with what to do, no stack trace', () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: -1 * H } });
    const emptyBin = path.join(world.sb.root, 'empty-bin');
    fs.mkdirSync(emptyBin);
    const env = { ...world.env, PATH: emptyBin };
    delete env.CTK_CLAUDE_BIN;
    const r = run(world, ['evening', '--yes', '--method', 'login'], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/2 queued: 2 failed/);
    expect(r.stdout).toMatch(/claude is not on PATH/);
    expect(r.stdout).toMatch(/ctk config set claudeBin/);
    expect(world.history().map((e) => e.result)).toEqual(['failed', 'failed']);
  });

  it('reports a claudeBin that is not executable', () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H } });
    const notExec = path.join(world.sb.root, 'claude');
    fs.writeFileSync(notExec, '#!/bin/sh\nexit 0\n', { mode: 0o644 });
    const cfg = path.join(world.sb.configDir, 'config.json');
    fs.writeFileSync(cfg, JSON.stringify({ ...JSON.parse(fs.readFileSync(cfg, 'utf8')), claudeBin: notExec }));
    const env = { ...world.env };
    delete env.CTK_CLAUDE_BIN;
    const r = run(world, ['refresh', 'a', '--method', 'login'], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`${notExec} is not executable`);
    expect(r.stdout).toMatch(/a .*failed/);
  });

  it('gives a failed row for an account folder that vanished mid-run and still does the rest', () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: 1 * H }, c: { expiresIn: 1.5 * H } });
    // While account a logs in, account b's folder disappears.
    const env = { ...world.env, FAKE_CLAUDE_REMOVE: JSON.stringify({ a: world.sb.accountDir('b') }) };
    const r = run(world, ['evening', '--yes', '--method', 'login'], env);
    expect(r.code).toBe(2);
    expect(world.loggedIn()).toEqual(['a', 'c']);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(`account folder ${world.sb.accountDir('b')} no longer exists`);
    expect(r.stdout).toMatch(/b: restore the folder, or drop the account: ctk accounts remove b/);
    expect(fs.existsSync(world.sb.accountDir('b'))).toBe(false);
  });
});

describe('queue rules and options', () => {
  it('refresh <ids> takes exactly those accounts, even healthy ones, without asking', () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: 5 * H }, c: { expiresIn: -1 * H } });
    const r = run(world, ['refresh', 'b', '--method', 'login']);
    expect(r.code).toBe(0);
    expect(world.loggedIn()).toEqual(['b']);
  });

  it('--dry-run prints the commands it would run and changes nothing', () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: -1 * H }, c: { expiresIn: 20 * H } });
    const before = world.snapshot();
    const r = run(world, ['refresh', '--all', '--dry-run', '--method', 'login']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Not executed: CLAUDE_CONFIG_DIR=${world.sb.accountDir('b')} ${world.env.CTK_CLAUDE_BIN} auth login --email devb@example.com`);
    expect(r.stdout).toContain(`Not executed: CLAUDE_CONFIG_DIR=${world.sb.accountDir('a')} ${world.env.CTK_CLAUDE_BIN} auth login --email deva@example.com`);
    expect(r.stdout).not.toMatch(/Not executed:.*accounts\/c /);
    expect(r.stdout).toMatch(/nothing was changed/);
    expect(world.calls()).toEqual([]);
    expect(world.snapshot()).toEqual(before);
  });

  it('rejects a bad --method, refresh without ids or --all, and unknown ids with exit 64', () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H } });
    for (const args of [['refresh', 'a', '--method', 'magic'], ['refresh'], ['refresh', 'zz'], ['evening', '--hours', 'soon'], ['refresh', 'a', '--timeout', '-3']]) {
      const r = run(world, args);
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.stderr).toMatch(/^ctk: /);
    }
    expect(world.calls()).toEqual([]);
  });

  it('--json prints the summary as JSON on stdout; progress and claude output go to stderr', () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: 1 * H }, c: { expiresIn: 20 * H } });
    const env = { ...world.env, FAKE_CLAUDE_MODES: JSON.stringify({ b: 'fail' }) };
    const r = run(world, ['evening', '--yes', '--json', '--method', 'login', '--hours', '8'], env);
    expect(r.code).toBe(2);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      schemaVersion: 1,
      command: 'evening',
      dryRun: false,
      stopped: false,
      method: 'login',
      windowHours: 8,
      summary: { queued: 2, refreshed: 1, failed: 1, skipped: 0, planned: 0 },
      exitCode: 2,
    });
    expect(j.results.map((x: any) => [x.id, x.result, x.method])).toEqual([
      ['a', 'refreshed', 'login'],
      ['b', 'failed', 'login'],
    ]);
    expect(j.results[0].newExpiresAt).toBeGreaterThan(Date.now() + 7 * H);
    expect(j.results[1].reason).toMatch(/exited with code 1/);
    expect(j.results[1].nextStep).toMatch(/ctk refresh b/);
    // b failed, so its old token is still the first to run out.
    expect(j.nextExpiry.id).toBe('b');
    expect(r.stderr).toMatch(/Login successful \(fake claude/);
  });
});

describe('ctk history', () => {
  it('shows every attempt as a table and as JSON, filtered by account', () => {
    world = routineWorld({ a: { expiresIn: 0.5 * H }, b: { expiresIn: 1 * H } });
    const env = { ...world.env, FAKE_CLAUDE_MODES: JSON.stringify({ b: 'fail' }) };
    run(world, ['refresh', 'a', 'b', '--method', 'login'], env);
    const all = run(world, ['history', '--json']);
    expect(all.code).toBe(0);
    const j = JSON.parse(all.stdout);
    expect(j.schemaVersion).toBe(1);
    expect(j.entries.map((e: any) => [e.account, e.result, e.via])).toEqual([
      ['a', 'refreshed', 'refresh'],
      ['b', 'failed', 'refresh'],
    ]);
    const one = run(world, ['history', 'b']);
    expect(one.stdout).toMatch(/b\s+refresh\s+login\s+failed/);
    expect(one.stdout).not.toMatch(/\ba\s+refresh\s+login/);
    const none = run(world, ['history', 'zz']);
    expect(none.code).toBe(64);
  });

  it('says so when there is no history yet', () => {
    world = routineWorld({ a: { expiresIn: 5 * H } });
    const r = run(world, ['history']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No refreshes or logins recorded yet/);
  });
});

describe('with no accounts registered', () => {
  it('logs in the default ~/.claude without setting CLAUDE_CONFIG_DIR, as Claude Code expects', () => {
    world = routineWorld({});
    const w = world;
    fs.rmSync(path.join(w.sb.configDir, 'config.json'));
    const claudeDir = path.join(w.sb.home, '.claude');
    fs.mkdirSync(claudeDir, { recursive: true });
    fs.writeFileSync(
      path.join(claudeDir, '.credentials.json'),
      JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-OLD', refreshToken: 'sk-ant-ort01-OLD', expiresAt: Date.now() + 0.5 * H } }),
      { mode: 0o600 },
    );
    fs.writeFileSync(path.join(w.sb.home, '.claude.json'), JSON.stringify({ oauthAccount: { emailAddress: 'me@example.com' } }));
    const env = { ...w.env, CLAUDE_CONFIG_DIR: '' };
    delete env.CLAUDE_CONFIG_DIR;
    const r = run(w, ['morning', '--yes', '--method', 'login'], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(w.calls()).toEqual([expect.objectContaining({ CLAUDE_CONFIG_DIR: null, argv: ['auth', 'login', '--email', 'me@example.com'] })]);
    const creds = JSON.parse(fs.readFileSync(path.join(claudeDir, '.credentials.json'), 'utf8'));
    expect(creds.claudeAiOauth.expiresAt).toBeGreaterThan(Date.now() + 7 * H);
    expect(w.history()).toEqual([expect.objectContaining({ account: 'default', result: 'refreshed' })]);
  });
});
