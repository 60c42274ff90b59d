// The demo sandbox a newcomer replays: one per user, reset on demand, with every path of a real
// day, slow enough logins to interrupt, and the shell functions and ctk run usable in it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, ctk, expectNoToken, makeSandbox, ROOT, type Sandbox } from '../helpers.js';

let sb: Sandbox;
let demo: string;
beforeEach(() => {
  sb = makeSandbox('ctk-demo-');
  demo = path.join(sb.root, 'demo');
});
afterEach(() => sb.cleanup());

const run = (args: string[], env: NodeJS.ProcessEnv = { ...sb.env, CTK_DEMO_LOGIN_DELAY_MS: '0' }) => {
  const r = ctk([...args, '--demo-dir', demo], env, { timeout: 60_000 });
  expectNoToken(r.stdout, r.stderr);
  return r;
};

describe('the demo sandbox', () => {
  it('is per user by default (the OS temp folder, named for the user), never a shared /tmp/ctk-demo', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import { demoRoot } from ${JSON.stringify(path.join(ROOT, 'dist', 'demo', 'sandbox.js'))}; console.log(demoRoot())`], { encoding: 'utf8', env: sb.env });
    const who = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
    expect(r.stdout.trim()).toBe(path.join(sb.env.TMPDIR!, `ctk-demo-${who}`));
  });

  it('says when a routine has nothing left to do, and ctk demo reset brings every path back', () => {
    expect(run(['morning', '--demo', '--yes', '--json']).code).toBe(2);
    // the second morning finishes what the first could not (the one-time troubles are used up)
    expect(run(['morning', '--demo', '--yes', '--json']).code).toBe(0);
    const again = run(['morning', '--demo', '--yes']);
    expect(again.stdout).toMatch(/Nothing to refresh/);
    expect(again.stdout).toMatch(/ctk demo reset/);
    const reset = run(['demo', 'reset']);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toMatch(/fresh again/);
    const m = JSON.parse(run(['morning', '--demo', '--yes', '--json']).stdout);
    expect(m.results.find((x: any) => x.id === '25')).toMatchObject({ wrongAccount: true });
    expect(m.results.find((x: any) => x.id === '101')).toMatchObject({ result: 'failed' });
    expect(m.results.find((x: any) => x.id === '9')).toMatchObject({ method: 'login', result: 'refreshed' });
  });

  it('has login deadlines, one of them within the warning window', () => {
    const j = JSON.parse(run(['logins', '--demo', '--json']).stdout);
    expect(j.accounts.filter((a: any) => a.loginExpiresAt !== null).length).toBeGreaterThan(20);
    expect(j.accounts[0]).toMatchObject({ id: '7' });
    expect(JSON.parse(run(['status', '--demo', '--json']).stdout).summary.loginEnding).toBe(1);
  });

  it('simulated logins take long enough to interrupt (about 1.5 s) unless told otherwise', () => {
    const t0 = Date.now();
    const r = run(['refresh', '12', '--demo', '--method', 'login', '--yes', '--json'], sb.env);
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
  });

  it('ctk demo env puts a real bash into the sandbox: c, ct, ct-all, ct-refresh and ctk run work there', () => {
    const bin = path.join(sb.root, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'ctk'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`, { mode: 0o755 });
    const script = `
      eval "$(ctk init bash)"
      eval "$(ctk demo env --shell bash --demo-dir ${JSON.stringify(demo)})"
      c 4 2>/dev/null; echo "on=$(ctk current)"
      ct >/dev/null; echo "ct=$?"
      ct-all >/dev/null; echo "all=$?"
      CTK_DEMO_LOGIN_DELAY_MS=0 ct-refresh >/dev/null 2>&1; echo "refresh=$?"
      ctk run 4
      eval "$(ctk demo env --off --shell bash)"
      echo "after=\${CTK_CONFIG_DIR-unset}/\${CTK_DEMO-unset}"
    `;
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script], { env: { ...sb.env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8', timeout: 60_000 });
    expectNoToken(r.stdout, r.stderr);
    expect(r.stdout).toMatch(/^on=4$/m);
    expect(r.stdout).toMatch(/^ct=[01]$/m);
    expect(r.stdout).toMatch(/^all=[0-9]$/m);
    expect(r.stdout).toMatch(/^refresh=0$/m);
    expect(r.stdout).toMatch(/Claude Code would start here as dev4@example\.com/);
    expect(r.stdout).toMatch(/^after=unset\/unset$/m);
    // the sandbox's 4 was refreshed against the simulated endpoint, in the sandbox
    const creds = JSON.parse(fs.readFileSync(path.join(demo, 'accounts', '4', '.credentials.json'), 'utf8'));
    expect(creds.claudeAiOauth.expiresAt).toBeGreaterThan(Date.now() + 7 * 3_600_000);
  });
});
