// SIGTERM, SIGHUP and SIGINT while ctk's refresh POST is in flight (held by the strict rotating
// server until the signal has been delivered), for `ctk refresh` and `ctk watch --auto-refresh`
// (--once and --interval), and a SIGHUP from a closed pseudo-terminal. Each time: the reply is
// saved (the strict server accepts the stored token afterwards), the locks are released, no
// record is left, and the exit code is what the code promises:
//   ctk refresh     SIGTERM 143, SIGHUP 129; SIGINT is the routine's own Ctrl-C ("stopping after
//                   the current step"): the refresh in flight finishes and counts, so exit 0
//   ctk watch       SIGTERM 143, SIGHUP 129, SIGINT 130
import fs from 'node:fs';
import * as pty from '@lydell/node-pty';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, ctkAsync, expectNoToken } from '../helpers.js';
import { stripAnsi } from '../pty.js';
import { ctkProc, faultWorld, killAll, locksLeft, REFRESH_CHILD, sleep, startProc, waitFor, type FaultWorld } from './fault-world.js';

let world: FaultWorld | null = null;
const ptys: pty.IPty[] = [];
afterEach(async () => {
  killAll();
  for (const p of ptys.splice(0)) {
    try {
      p.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
  await world?.cleanup();
  world = null;
});

/** True once the kernel has handed `sig` to the process (no longer pending). */
function delivered(pid: number): boolean {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const pending = (name: string) => BigInt('0x' + (new RegExp(`^${name}:\\s*([0-9a-f]+)`, 'm').exec(status)?.[1] ?? '0'));
    return pending('SigPnd') === 0n && pending('ShdPnd') === 0n;
  } catch {
    return true;
  }
}

/** The process is gone (or a zombie). */
function ended(pid: number): boolean {
  try {
    return /State:\s+[ZX]/.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

async function expectSavedAndWorking(w: FaultWorld) {
  expect(w.creds('1').claudeAiOauth.refreshToken).toBe(w.server.lineage('1').newest);
  expect(w.lost()).toEqual([]);
  expect(locksLeft(w.dir('1'))).toEqual([]);
  expect(fs.existsSync(w.pendingFile('1'))).toBe(false);
  w.server.setDefault({ kind: 'ok' });
  const again = await ctkAsync(['refresh', '1', '--method', 'oauth', '--yes', '--json'], w.env, { timeout: 30_000 });
  expect(again.code, again.stdout + again.stderr).toBe(0);
  expect(w.creds('1').claudeAiOauth.refreshToken).toBe(w.server.lineage('1').newest);
}

const COMMANDS: { name: string; args: string[]; codes: Record<string, number>; ack: Record<string, RegExp | null> }[] = [
  {
    name: 'ctk refresh 1 --method oauth --yes',
    args: ['refresh', '1', '--method', 'oauth', '--yes'],
    codes: { SIGTERM: 143, SIGHUP: 129, SIGINT: 0 },
    ack: { SIGTERM: /SIGTERM: stopping after the refresh in flight is saved/, SIGHUP: /SIGHUP: stopping after the refresh in flight is saved/, SIGINT: /Stopping after the current step/ },
  },
  {
    name: 'ctk watch --auto-refresh --once',
    args: ['watch', '--auto-refresh', '--once'],
    codes: { SIGTERM: 143, SIGHUP: 129, SIGINT: 130 },
    ack: { SIGTERM: null, SIGHUP: null, SIGINT: null },
  },
  {
    name: 'ctk watch --auto-refresh --interval 1s',
    args: ['watch', '--auto-refresh', '--interval', '1s'],
    codes: { SIGTERM: 143, SIGHUP: 129, SIGINT: 130 },
    ack: { SIGTERM: /SIGTERM: stopping after this check/, SIGHUP: /SIGHUP: stopping after this check/, SIGINT: /SIGINT: stopping after this check/ },
  },
];

for (const cmd of COMMANDS) {
  describe(`${cmd.name}, signalled while the POST is in flight`, () => {
    for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
      it(`${sig}: the reply is saved, the locks released, exit ${cmd.codes[sig]}`, async () => {
        const w = (world = await faultWorld(['1'], { sample332: true, expiresIn: 20 * 60_000 }, { defaultScript: { kind: 'ok', hold: true } }));
        const run = ctkProc(cmd.args, w.env);
        const h = await w.server.nextHeld();
        expect(locksLeft(w.dir('1')).length).toBeGreaterThan(0);
        run.proc.kill(sig);
        await waitFor(() => delivered(run.proc.pid!), 5_000, 'signal delivered');
        const ack = cmd.ack[sig];
        if (ack) await waitFor(() => ack.test(run.stderr()), 10_000, `"${ack.source}" on stderr`);
        // Still running, still holding the locks: it waits for the reply it asked for.
        expect(run.proc.exitCode).toBeNull();
        expect(locksLeft(w.dir('1')).length).toBeGreaterThan(0);
        await h.release();
        const { code, signal } = await run.exited;
        expectNoToken(run.stdout(), run.stderr());
        expect({ code, signal }, run.stdout() + run.stderr()).toEqual({ code: cmd.codes[sig], signal: null });
        expect(w.server.requests).toHaveLength(1); // nothing more after the signal
        await expectSavedAndWorking(w);
      });
    }
  });
}

describe('a second SIGTERM or SIGHUP while the POST is in flight (a logout sends SIGTERM after the hangup)', () => {
  const cases = [
    { name: 'ctk refresh', args: ['refresh', '1', '--method', 'oauth', '--yes'], code: 129 },
    { name: 'ctk watch --auto-refresh --once', args: ['watch', '--auto-refresh', '--once'], code: 129 },
  ];
  for (const c of cases) {
    it(`${c.name}: SIGHUP, then SIGTERM and SIGHUP again: still waits, saves, exit ${c.code}`, async () => {
      const w = (world = await faultWorld(['1'], { sample332: true, expiresIn: 20 * 60_000 }, { defaultScript: { kind: 'ok', hold: true } }));
      const run = ctkProc(c.args, w.env);
      const h = await w.server.nextHeld();
      for (const sig of ['SIGHUP', 'SIGTERM', 'SIGHUP'] as const) {
        run.proc.kill(sig);
        await waitFor(() => delivered(run.proc.pid!), 5_000, `${sig} delivered`);
      }
      await sleep(200); // time for the handlers to run (and, before the fix, to quit)
      expect(run.proc.exitCode, run.stderr()).toBeNull();
      await h.release();
      const { code } = await run.exited;
      expect(code, run.stdout() + run.stderr()).toBe(c.code);
      await expectSavedAndWorking(w);
    });
  }

  it('refreshAccount on its own (its lock module handles the signals): SIGTERM twice still saves the reply', async () => {
    const w = (world = await faultWorld(['1'], { sample332: true }, { defaultScript: { kind: 'ok', hold: true } }));
    const run = startProc(REFRESH_CHILD, ['1', w.dir('1')], w.env);
    const h = await w.server.nextHeld();
    for (const sig of ['SIGTERM', 'SIGTERM'] as const) {
      run.proc.kill(sig);
      await waitFor(() => delivered(run.proc.pid!), 5_000, `${sig} delivered`);
    }
    await waitFor(() => /finishing the token refresh in progress/.test(run.stderr()), 5_000, 'the notice');
    await sleep(200);
    expect(run.proc.exitCode).toBeNull();
    await h.release();
    const { code, signal } = await run.exited;
    expect(signal === 'SIGTERM' || code === 143, `${code} ${signal}`).toBe(true);
    await expectSavedAndWorking(w);
  });
});

describe('a SIGHUP from the terminal', () => {
  function ptyCtk(args: string[], env: NodeJS.ProcessEnv, argv = [CLI, ...args], file = process.execPath) {
    const p = pty.spawn(file, argv, { name: 'xterm-256color', cols: 120, rows: 40, env: env as Record<string, string> });
    ptys.push(p);
    let screen = '';
    p.onData((d) => (screen += d));
    const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => p.onExit(resolve));
    return { p, screen: () => stripAnsi(screen), exited };
  }

  it('closing the terminal mid-request (the shell forwards the hangup, the terminal sends its own): the reply is saved, exit 129', async () => {
    const w = (world = await faultWorld(['1'], { sample332: true, expiresIn: 20 * 60_000 }, { defaultScript: { kind: 'ok', hold: true } }));
    // A shell as the terminal's session leader that, like bash, passes SIGHUP on to its job and
    // records how the job ended (node-pty cannot tell once its terminal is gone).
    const codeFile = `${w.sb.root}/ctk-exit-code`;
    const script = [
      'exec 3<&0',
      '"$0" "$@" 0<&3 &',
      'pid=$!',
      'echo "job $pid"',
      "trap 'kill -HUP $pid 2>/dev/null' HUP",
      'while :; do wait $pid; code=$?; kill -0 $pid 2>/dev/null || break; done',
      `echo $code > "${codeFile}"`,
    ].join('\n');
    const t = ptyCtk([], w.env, ['-c', script, process.execPath, CLI, 'refresh', '1', '--method', 'oauth', '--yes'], '/bin/sh');
    const h = await w.server.nextHeld();
    await waitFor(() => /job \d+/.test(t.screen()), 5_000, 'the job pid');
    const job = Number(/job (\d+)/.exec(t.screen())![1]);
    // Closing the terminal: the master goes (the kernel hangs up the session: SIGHUP to the
    // shell, EIO on every write) and node-pty sends a SIGHUP of its own, so ctk gets two.
    t.p.destroy();
    await waitFor(() => fs.existsSync(codeFile) || delivered(job), 5_000, 'the hangup delivered');
    await sleep(300); // (the second SIGHUP, too)
    expect(fs.existsSync(`/proc/${job}`), 'ctk is still there, waiting for its reply').toBe(true);
    await h.release();
    await waitFor(() => fs.existsSync(codeFile) && fs.readFileSync(codeFile, 'utf8').trim() !== '', 20_000, 'the exit code');
    expect(fs.readFileSync(codeFile, 'utf8').trim()).toBe('129');
    await expectSavedAndWorking(w);
  });

  it('closing the terminal ctk runs in directly (the hangup and node-pty each send a SIGHUP): the reply is saved', async () => {
    const w = (world = await faultWorld(['1'], { sample332: true, expiresIn: 20 * 60_000 }, { defaultScript: { kind: 'ok', hold: true } }));
    const t = ptyCtk(['refresh', '1', '--method', 'oauth', '--yes'], w.env);
    const h = await w.server.nextHeld();
    const pid = t.p.pid;
    t.p.destroy();
    await waitFor(() => delivered(pid), 5_000, 'SIGHUP delivered');
    await sleep(300);
    expect(fs.existsSync(`/proc/${pid}`), 'ctk still waits for its reply').toBe(true);
    await h.release();
    await waitFor(() => ended(pid), 20_000, 'ctk ended');
    await expectSavedAndWorking(w);
  });

  it('SIGHUP to ctk on a live terminal: it saves the reply, says so, exit 129', async () => {
    const w = (world = await faultWorld(['1'], { sample332: true, expiresIn: 20 * 60_000 }, { defaultScript: { kind: 'ok', hold: true } }));
    const t = ptyCtk(['refresh', '1', '--method', 'oauth', '--yes'], w.env);
    const h = await w.server.nextHeld();
    t.p.kill('SIGHUP');
    await waitFor(() => delivered(t.p.pid), 5_000, 'SIGHUP delivered');
    await h.release();
    const e = await t.exited;
    expect(e, t.screen()).toMatchObject({ exitCode: 129 });
    // (on a terminal the task list holds stderr back until it ends, so the notice comes last)
    expect(t.screen()).toMatch(/SIGHUP: stopping after the refresh in flight is saved/);
    expect(t.screen()).not.toMatch(/sk-ant-/);
    await expectSavedAndWorking(w);
  });
});
