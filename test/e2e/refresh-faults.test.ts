// The refresh write path under faults (the "Done when"), against the strict rotating
// server (test/fixtures/lineage-oauth-server.ts), through the BUILT CLI unless said otherwise:
// a Claude Code 2.1.332 writer racing ctk's POST, concurrent refreshers, read-only and full
// folders (a tiny tmpfs in a private mount namespace), odd server replies, and what ctk leaves
// on disk.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, ctkAsync, expectNoToken, readJson, SAMPLES } from '../helpers.js';
import { FULL_SCOPE, invalidScope, onHold, type HeldReply } from '../fixtures/lineage-oauth-server.js';
import {
  ctkProc,
  faultWorld,
  killAll,
  leakIn,
  locksLeft,
  namespaceSupport,
  nsNode,
  REFRESH_CHILD,
  sleep,
  startProc,
  startWriter,
  tokenFragments,
  waitFor,
  walk,
  type FaultWorld,
} from './fault-world.js';

let world: FaultWorld | null = null;
afterEach(async () => {
  killAll();
  await world?.cleanup();
  world = null;
});

const MCP_KEY = 'linear|9b1c2d3e';
const SAMPLE_332 = readJson(path.join(SAMPLES, 'credentials.claude-code-2.1.332.json'));
const OTHER_KEYS = ['mcpOAuth', 'pluginSecrets', 'designOauth', 'cloudSessionsOauth'];

async function refreshCli(w: FaultWorld, ids: string[] = ['1'], extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = await ctkAsync(['refresh', ...ids, '--method', 'oauth', '--yes', '--json', ...extra], { ...w.env, ...env }, { timeout: 40_000 });
  expectNoToken(r.stdout, r.stderr);
  let json: any = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    /* the caller looks at the text */
  }
  return { ...r, json, row: json?.results?.[0] };
}

function history(w: FaultWorld): any[] {
  try {
    return fs
      .readFileSync(path.join(w.sb.configDir, 'history.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

/** Until none of these processes used CPU for a while (all waiting on a lock, say). */
async function waitIdle(pids: number[], quietSamples = 4): Promise<void> {
  const ticks = (pid: number) => {
    try {
      const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      return Number(f[11]) + Number(f[12]);
    } catch {
      return -1;
    }
  };
  let last = pids.map(ticks);
  let quiet = 0;
  const until = Date.now() + 20_000;
  while (quiet < quietSamples) {
    if (Date.now() > until) throw new Error('the processes never went idle');
    await sleep(40);
    const now = pids.map(ticks);
    quiet = now.every((t, i) => t === last[i]) ? quiet + 1 : 0;
    last = now;
  }
}

describe('a Claude Code 2.1.332 writer racing ctk’s POST', () => {
  it('an MCP grant it rotates during the POST keeps its NEW token; every other key survives exactly', async () => {
    const w = (world = await faultWorld(['1'], { sample332: true }, { defaultScript: { kind: 'ok', hold: true } }));
    const before = w.creds('1');
    const run = ctkProc(['refresh', '1', '--method', 'oauth', '--yes', '--json'], w.env);
    const h = await w.server.nextHeld();
    // ctk has read the file and posted; Claude Code now rewrites another grant, under
    // .storage-write.lock alone (it does not need the refresh locks ctk holds).
    const writer = await startWriter(w.dir('1'), w.env);
    await writer.run({ op: 'mcp', key: MCP_KEY, refreshToken: 'MCP-REFRESH-NEW', accessToken: 'MCP-ACCESS-NEW' });
    expect(w.creds('1').mcpOAuth[MCP_KEY].refreshToken).toBe('MCP-REFRESH-NEW');
    expect(locksLeft(w.dir('1')).map((l) => path.basename(l))).toContain('.oauth_refresh.lock');
    await h.release();
    const { code } = await run.exited;
    expect(code, run.stdout() + run.stderr()).toBe(0);
    const after = w.creds('1');
    expect(after.claudeAiOauth.refreshToken).toBe(w.server.lineage('1').newest);
    expect(after.mcpOAuth[MCP_KEY]).toMatchObject({ refreshToken: 'MCP-REFRESH-NEW', accessToken: 'MCP-ACCESS-NEW', serverName: 'linear' });
    for (const k of OTHER_KEYS.filter((k) => k !== 'mcpOAuth')) expect(JSON.stringify(after[k]), k).toBe(JSON.stringify(SAMPLE_332[k]));
    // inside claudeAiOauth too: everything but the tokens and their expiry/scopes stays
    for (const f of ['subscriptionType', 'subscriptionTypeSource', 'rateLimitTier', 'accountUuid', 'organizationUuid', 'refreshTokenExpiresAt']) {
      expect(after.claudeAiOauth[f], f).toEqual(before.claudeAiOauth[f]);
    }
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(fs.statSync(w.credsFile('1')).mode & 0o777).toBe(0o600);
    expect(locksLeft(w.dir('1'))).toEqual([]);
    expect(w.lost()).toEqual([]);
    // the strict server takes the stored token: the rotation was saved
    w.server.setDefault({ kind: 'ok' });
    const again = await refreshCli(w);
    expect(again.code, again.stdout).toBe(0);
    expect(w.creds('1').mcpOAuth[MCP_KEY].refreshToken).toBe('MCP-REFRESH-NEW');
  });

  it('holding .storage-write.lock when the reply arrives: ctk waits, re-reads under the lock, and keeps what the writer wrote', async () => {
    const w = (world = await faultWorld(['1'], { sample332: true }, { defaultScript: { kind: 'ok', hold: true } }));
    const run = ctkProc(['refresh', '1', '--method', 'oauth', '--yes', '--json'], w.env);
    const h = await w.server.nextHeld();
    const writer = await startWriter(w.dir('1'), w.env);
    await writer.run({ op: 'lock' });
    await h.release();
    // ctk has the reply (in its record) and waits for the lock the writer holds
    await waitFor(() => w.pendingRefreshToken('1') === w.server.lineage('1').newest, 15_000, 'the record');
    expect(w.creds('1').claudeAiOauth.refreshToken).not.toBe(w.server.lineage('1').newest);
    await writer.run({ op: 'mcp', key: MCP_KEY, refreshToken: 'MCP-WRITTEN-UNDER-LOCK' });
    await writer.run({ op: 'meta', field: 'subscriptionTypeSource', value: 'profile_refresh' });
    await writer.run({ op: 'unlock' });
    const { code } = await run.exited;
    expect(code, run.stdout() + run.stderr()).toBe(0);
    const after = w.creds('1');
    expect(after.claudeAiOauth.refreshToken).toBe(w.server.lineage('1').newest);
    expect(after.claudeAiOauth.subscriptionTypeSource).toBe('profile_refresh');
    expect(after.mcpOAuth[MCP_KEY].refreshToken).toBe('MCP-WRITTEN-UNDER-LOCK');
    expect(fs.existsSync(w.pendingFile('1'))).toBe(false);
    expect(locksLeft(w.dir('1'))).toEqual([]);
  });

  it('a whole new login written during the POST is kept: ctk says it was refreshed elsewhere', async () => {
    const w = (world = await faultWorld(['1'], { sample332: true }, { defaultScript: { kind: 'ok', hold: true } }));
    const run = startProc(REFRESH_CHILD, ['1', w.dir('1')], w.env);
    const h = await w.server.nextHeld();
    const fresh = w.server.plant('1#login');
    const login = { ...w.creds('1').claudeAiOauth, accessToken: fresh.accessToken, refreshToken: fresh.refreshToken, expiresAt: Date.now() + 8 * 3_600_000, subscriptionTypeSource: 'sign_in' };
    const writer = await startWriter(w.dir('1'), w.env);
    await writer.run({ op: 'login', claudeAiOauth: login });
    await h.release();
    const line = JSON.parse(await run.waitLine((l) => l.startsWith('{"n"')));
    expect(line.outcome).toBe('already-refreshed');
    expect(line.message).toMatch(/refreshed elsewhere while ctk's request was in flight/);
    expect((await run.exited).code).toBe(0);
    const after = w.creds('1');
    expect(after.claudeAiOauth).toEqual(login);
    expect(w.lineageOf('1')).toBe('1#login');
    expect(w.lost()).toEqual([]);
    expect(fs.existsSync(w.pendingFile('1'))).toBe(false);
    expect(locksLeft(w.dir('1'))).toEqual([]);
    // and through the CLI: the row counts the new login as done, history says who refreshed it
    const w2 = await faultWorld(['1'], { sample332: true }, { defaultScript: { kind: 'ok', hold: true } });
    try {
      const cli = ctkProc(['refresh', '1', '--method', 'oauth', '--yes'], w2.env);
      const h2 = await w2.server.nextHeld();
      const f2 = w2.server.plant('1#login');
      const wr2 = await startWriter(w2.dir('1'), w2.env);
      await wr2.run({ op: 'login', claudeAiOauth: { ...w2.creds('1').claudeAiOauth, accessToken: f2.accessToken, refreshToken: f2.refreshToken, expiresAt: Date.now() + 8 * 3_600_000 } });
      await h2.release();
      expect((await cli.exited).code, cli.stdout()).toBe(0);
      expect(cli.stdout()).toMatch(/Already refreshed by another process/);
      expect(history(w2).map((e) => e.result)).toEqual(['already-refreshed']);
      expect(w2.creds('1').claudeAiOauth.refreshToken).toBe(f2.refreshToken);
    } finally {
      await w2.cleanup();
    }
  });

  it('a writer rotating its MCP grant back to back through several refreshes loses none of its writes', async () => {
    const w = (world = await faultWorld(['1'], { sample332: true }, { defaultScript: { kind: 'ok', delayMs: 30 } }));
    const writer = await startWriter(w.dir('1'), w.env);
    writer.send({ op: 'mcp-loop', key: MCP_KEY, count: 400, prefix: 'MCP-LOOP', gapMs: 4 });
    await waitFor(() => /MCP-LOOP-\d/.test(fs.readFileSync(w.credsFile('1'), 'utf8')), 10_000, 'the writer started');
    const loopDone = () => writer.lines.some((l) => l.includes('"mcp-loop"'));
    let overlapped = 0;
    for (let i = 0; i < 4; i++) {
      const r = startProc(REFRESH_CHILD, ['1', w.dir('1')], w.env);
      const line = JSON.parse(await r.waitLine((l) => l.startsWith('{"n"')));
      expect(line.outcome, line.message).toBe('refreshed');
      if (!loopDone()) overlapped++;
    }
    expect(overlapped, 'refreshes saved while the writer was still writing').toBeGreaterThanOrEqual(2);
    const done = JSON.parse(await writer.waitLine((l) => l.includes('"mcp-loop"'), 30_000));
    expect(done.ok, done.error).toBe(true);
    const after = w.creds('1');
    expect(after.mcpOAuth[MCP_KEY].refreshToken).toBe('MCP-LOOP-400');
    expect(after.claudeAiOauth.refreshToken).toBe(w.server.lineage('1').newest);
    expect(w.server.requests).toHaveLength(4);
  });

  for (const n of [2, 5]) {
    it(`${n} ctk refreshers of the same account at once send exactly one request`, async () => {
      const w = (world = await faultWorld(['1'], { sample332: true }, { defaultScript: { kind: 'ok', hold: true } }));
      const runs = Array.from({ length: n }, () => ctkProc(['refresh', '1', '--method', 'oauth', '--yes'], w.env));
      const h = await w.server.nextHeld();
      // Every one of them has read the old tokens and waits for the lock the first one holds.
      await waitFor(() => runs.every((r) => r.stdout().includes('Refresh with the stored refresh token')), 20_000, 'all refreshers started');
      await waitIdle(runs.map((r) => r.proc.pid!));
      expect(w.server.requests).toHaveLength(1);
      await h.release();
      const codes = await Promise.all(runs.map((r) => r.exited.then((e) => e.code)));
      expect(codes).toEqual(runs.map(() => 0));
      expect(w.server.requests).toHaveLength(1);
      expect(history(w).map((e) => e.result).sort()).toEqual(['refreshed', ...Array(n - 1).fill('already-refreshed')].sort());
      expect(w.creds('1').claudeAiOauth.refreshToken).toBe(w.server.lineage('1').newest);
      expect(w.lost()).toEqual([]);
      expect(locksLeft(w.dir('1'))).toEqual([]);
    });
  }
});

// ── disk faults: a tiny tmpfs in a private mount namespace (root on Linux; skipped elsewhere) ──

const NS = namespaceSupport();
const nsTitle = (t: string) => (NS.ok ? t : `${t} (skipped: ${NS.why})`);

/** Runs the built CLI inside the namespace; stdout without the wrapper's own lines. */
async function nsRefresh(w: FaultWorld, mounts: Parameters<typeof nsNode>[2], during?: (p: ReturnType<typeof nsNode>) => Promise<void>) {
  const p = nsNode([CLI, 'refresh', '1', '--method', 'oauth', '--yes', '--json'], w.env, mounts);
  await p.waitLine((l) => l.startsWith('ns-ready'), 20_000);
  if (during) await during(p);
  const { code } = await p.exited;
  const out = p.lines.filter((l) => !/^ns-/.test(l)).join('\n');
  expectNoToken(out, p.stderr());
  let json: any = null;
  try {
    json = JSON.parse(out);
  } catch {
    throw new Error(`no JSON from ctk (exit ${code}): ${out}\n${p.stderr()}`);
  }
  return { code, json, row: json.results[0], stderr: p.stderr() };
}

describe.skipIf(!NS.ok)(nsTitle('read-only and full folders'), () => {
  const cases = [
    { what: 'a read-only state folder', where: 'state', readOnly: true, why: /ctk's state folder \S+\/state\/pending is on a read-only file system; nothing was sent, the credentials are untouched/ },
    { what: 'a full state folder', where: 'state', fill: true, why: /ctk's state folder \S+\/state\/pending is full; nothing was sent, the credentials are untouched/ },
    { what: 'a read-only account folder', where: 'account', readOnly: true, why: /the account folder \S+\/accounts\/1 is not writable \(read-only file system\); nothing was sent, the credentials are untouched/ },
    { what: 'a full account folder', where: 'account', fill: true, why: /the disk of \S+\/accounts\/1 is full; nothing was sent, the credentials are untouched/ },
  ];
  for (const c of cases) {
    it(`${c.what}: nothing is posted, the credentials are untouched, the message says which folder and why, exit 2`, async () => {
      const w = (world = await faultWorld(['1'], { sample332: true }));
      const state = path.join(w.sb.configDir, 'state');
      fs.mkdirSync(state, { recursive: true, mode: 0o700 });
      const at = c.where === 'state' ? state : w.dir('1');
      const before = fs.readFileSync(w.credsFile('1'), 'utf8');
      const r = await nsRefresh(w, [{ at, sizeKb: 256, readOnly: c.readOnly, fill: c.fill }]);
      expect(r.code, JSON.stringify(r.json) + r.stderr).toBe(2);
      expect(r.row.result).toBe('failed');
      expect(r.row.reason, r.row.reason).toMatch(c.why);
      expect(w.server.requests).toHaveLength(0);
      expect(fs.readFileSync(w.credsFile('1'), 'utf8')).toBe(before);
      expect(locksLeft(w.dir('1'))).toEqual([]);
      expect(fs.existsSync(path.join(state, 'pending', '1.json'))).toBe(false);
      // once the folder is fine again, the same login refreshes (nothing was burnt)
      const again = await refreshCli(w);
      expect(again.code, again.stdout).toBe(0);
      expect(w.creds('1').claudeAiOauth.refreshToken).toBe(w.server.lineage('1').newest);
    });
  }

  it('a state folder that fills up during the POST: the backup fails, the rotated token is saved all the same', async () => {
    const w = (world = await faultWorld(['1'], { sample332: true }, { defaultScript: { kind: 'ok', hold: true } }));
    const state = path.join(w.sb.configDir, 'state');
    fs.mkdirSync(state, { recursive: true, mode: 0o700 });
    const r = await nsRefresh(w, [{ at: state, sizeKb: 512 }], async (p) => {
      const h = await w.server.nextHeld();
      // The record was pre-allocated before the POST; now the disk fills to the last byte.
      p.proc.stdin!.write(`dd if=/dev/zero of="${state}/.fill" bs=1k 2>/dev/null; echo "ns-df $(df -k "${state}" | tail -1)"\n`);
      await p.waitLine((l) => l === 'ns-done 1', 20_000);
      const df = p.lines.find((l) => l.startsWith('ns-df '));
      expect(df?.split(/\s+/)[4], `df: ${df}`).toBe('0');
      await h.release();
    });
    expect(r.code, JSON.stringify(r.json) + r.stderr).toBe(0);
    expect(r.row.result).toBe('refreshed');
    expect(w.creds('1').claudeAiOauth.refreshToken).toBe(w.server.lineage('1').newest);
    expect(w.lost()).toEqual([]);
    // no backup could be written, and the record is gone
    const backups = path.join(state, 'backups', '1');
    expect(fs.existsSync(backups) ? fs.readdirSync(backups).filter((f) => f.endsWith('.json')) : []).toEqual([]);
    expect(fs.existsSync(path.join(state, 'pending', '1.json'))).toBe(false);
    expect(locksLeft(w.dir('1'))).toEqual([]);
  });

  it('the same through refreshAccount: the result says the backup failed', async () => {
    const w = (world = await faultWorld(['1'], { sample332: true }, { defaultScript: { kind: 'ok', hold: true } }));
    const state = path.join(w.sb.configDir, 'state');
    fs.mkdirSync(state, { recursive: true, mode: 0o700 });
    const p = nsNode([REFRESH_CHILD, '1', w.dir('1')], w.env, [{ at: state, sizeKb: 512 }]);
    const h = await w.server.nextHeld();
    p.proc.stdin!.write(`dd if=/dev/zero of="${state}/.fill" bs=1k 2>/dev/null\n`);
    await p.waitLine((l) => l === 'ns-done 1', 20_000);
    await h.release();
    const line = JSON.parse(await p.waitLine((l) => l.startsWith('{"n"')));
    expect(line.outcome).toBe('refreshed');
    expect(line.message).toMatch(/no backup of the previous credentials \(ENOSPC\)/);
    expect((await p.exited).code).toBe(0);
    expect(w.creds('1').claudeAiOauth.refreshToken).toBe(w.server.lineage('1').newest);
  });
});

if (!NS.ok) {
  it(`disk-fault tests skipped: ${NS.why}`, () => {
    console.log(`refresh-faults: the read-only / full folder tests need unshare --mount and tmpfs (root on Linux): ${NS.why}`);
  });
}

describe('odd replies from the token endpoint', () => {
  it('a body that stalls after the headers: each attempt gives up within the per-request timeout and releases the locks', async () => {
    const w = (world = await faultWorld(['1'], { sample332: true }, { defaultScript: { kind: 'stall-body' } }));
    const before = fs.readFileSync(w.credsFile('1'), 'utf8');
    const t0 = Date.now();
    const r = await refreshCli(w, ['1'], [], { CTK_OAUTH_REQUEST_TIMEOUT_MS: '700' });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.row.reason).toMatch(/no complete answer from 127\.0\.0\.1:\d+ within 0\.7 s.*gave up after 3 attempts, the credentials are untouched/);
    expect(w.server.requests).toHaveLength(3);
    for (const q of w.server.requests) {
      const held = (await q.closedAt) - q.at;
      // ctk's timer starts before the request reaches the server, so on a loaded machine the server
      // sees less than the 700 ms; half of it still tells a timeout from closing at once.
      expect(held, 'ms ctk kept a stalled reply open').toBeGreaterThanOrEqual(350);
      expect(held).toBeLessThan(700 + 1500);
    }
    expect(Date.now() - t0).toBeLessThan(3 * 700 + 8000);
    expect(fs.readFileSync(w.credsFile('1'), 'utf8')).toBe(before);
    expect(locksLeft(w.dir('1'))).toEqual([]);
    expect(fs.existsSync(w.pendingFile('1'))).toBe(false);
  });

  for (const variant of ['no-expires-in', 'huge-expires-in', 'no-access-token', 'no-inference'] as const) {
    it(`a 200 ${variant.replace(/-/g, ' ')}: the rotated refresh token is saved and the access token marked as expiring now`, async () => {
      const w = (world = await faultWorld(['1'], { sample332: true }));
      const before = w.creds('1').claudeAiOauth;
      w.server.enqueue({ kind: 'ok', variant });
      const t0 = Date.now();
      const r = await refreshCli(w);
      const t1 = Date.now();
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.row.result).toBe('failed');
      expect(r.row.reason).toMatch(/the new refresh token is saved and the access token marked as expiring/);
      const after = w.creds('1').claudeAiOauth;
      expect(after.refreshToken).toBe(w.server.lineage('1').newest);
      expect(after.expiresAt).toBeGreaterThanOrEqual(t0);
      expect(after.expiresAt).toBeLessThanOrEqual(t1);
      expect(after.scopes).toEqual(before.scopes); // a reply that cannot be used narrows nothing
      expect(after.refreshTokenExpiresAt).toBe(before.refreshTokenExpiresAt);
      if (variant === 'no-access-token') expect(after.accessToken).toBe(before.accessToken);
      expect(w.lost()).toEqual([]);
      // the saved token is the live one: the strict server takes it
      const again = await refreshCli(w);
      expect(again.code, again.stdout).toBe(0);
      expect(w.creds('1').claudeAiOauth.expiresAt).toBeGreaterThan(Date.now() + 7 * 3_600_000);
    });
  }

  for (const [status, error] of [
    [400, 'invalid_grant'],
    [403, 'access_denied'],
  ] as const) {
    it(`account_on_hold (${status} ${error}): on hold with the link, nothing remembered as dead, the next auto plan still refreshes`, async () => {
      const w = (world = await faultWorld(['1'], { sample332: true }));
      const before = fs.readFileSync(w.credsFile('1'), 'utf8');
      w.server.enqueue(error === 'invalid_grant' ? onHold(status) : { kind: 'error', status, body: JSON.stringify({ error, error_description: 'account_on_hold' }) });
      const r = await refreshCli(w);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.row.reason).toMatch(/on hold.*https:\/\/claude\.ai\/restricted/);
      expect(r.row.nextStep).toMatch(/https:\/\/claude\.ai\/restricted/);
      expect(w.server.requests).toHaveLength(1); // no retry
      expect(fs.readFileSync(w.credsFile('1'), 'utf8')).toBe(before);
      expect(fs.existsSync(path.join(w.sb.configDir, 'state', 'oauth-dead-tokens.json'))).toBe(false);
      expect(history(w).map((e) => e.result)).toEqual(['on-hold']);
      const plan = await ctkAsync(['refresh', '1', '--method', 'auto', '--yes', '--dry-run', '--json'], w.env);
      expect(plan.code, plan.stdout + plan.stderr).toBe(0);
      expect(JSON.parse(plan.stdout).results.map((x: any) => [x.method, x.result])).toEqual([['oauth', 'planned']]);
      // and the refresh token still works once the hold is lifted
      const again = await refreshCli(w, ['1'], ['--method', 'auto']);
      expect(again.code, again.stdout).toBe(0);
      expect(w.server.requests).toHaveLength(2);
    });
  }

  it('invalid_scope: exactly one retry, with the stored scopes', async () => {
    const stored = ['user:profile', 'user:inference', 'user:sessions:claude_code', 'user:projects:read', 'user:privacy_consents:write'];
    const w = (world = await faultWorld(['1'], { sample332: true, scopes: stored }));
    w.server.enqueue(invalidScope(), { kind: 'ok' });
    const r = await refreshCli(w);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(w.server.requests.map((q) => q.body.scope)).toEqual([`${FULL_SCOPE} user:projects:read user:privacy_consents:write`, stored.join(' ')]);
    expect(w.server.requests[1].body.refresh_token).toBe(w.server.requests[0].body.refresh_token);
    // and twice in a row: still one retry only
    w.server.enqueue(invalidScope(), invalidScope(), { kind: 'ok' });
    const r2 = await refreshCli(w);
    expect(r2.code).toBe(2);
    expect(r2.row.reason).toMatch(/invalid_scope/);
    expect(w.server.requests).toHaveLength(4);
  });

  it('the posted body carries the stored extra scopes; a stored clientId sends exactly the stored scopes', async () => {
    const w = (world = await faultWorld(['1', '2'], {}));
    const extras = ['user:projects:read', 'user:projects:write', 'user:privacy_consents:write'];
    w.account('1', { scopes: ['user:inference', 'user:profile', ...extras] });
    w.account('2', { scopes: ['user:inference', 'user:profile'], clientId: 'custom-client-1234' });
    expect((await refreshCli(w, ['1'])).code).toBe(0);
    expect((await refreshCli(w, ['2'])).code).toBe(0);
    const [a, b] = w.server.requests.map((q) => q.body);
    expect(a.scope.split(' ')).toEqual([...FULL_SCOPE.split(' '), ...extras]);
    expect(a.client_id).toBe('9d1c250a-e61b-44d9-88ed-5944d1962f5e');
    expect(b).toMatchObject({ grant_type: 'refresh_token', client_id: 'custom-client-1234', scope: 'user:inference user:profile' });
  });
});

describe('what ctk leaves on disk', () => {
  it('a credentials file that is a symlink stays a symlink; its target gets the new tokens', async () => {
    const w = (world = await faultWorld(['1'], { sample332: true }));
    const real = path.join(w.sb.root, 'real-store', 'creds.json');
    fs.mkdirSync(path.dirname(real), { recursive: true, mode: 0o700 });
    fs.renameSync(w.credsFile('1'), real);
    fs.symlinkSync('../../real-store/creds.json', w.credsFile('1'));
    const r = await refreshCli(w);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(fs.lstatSync(w.credsFile('1')).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(w.credsFile('1'))).toBe('../../real-store/creds.json');
    expect(readJson(real).claudeAiOauth.refreshToken).toBe(w.server.lineage('1').newest);
    expect(fs.statSync(real).mode & 0o777).toBe(0o600);
    for (const d of [w.dir('1'), path.dirname(real)]) expect(fs.readdirSync(d).filter((f) => f.includes('.tmp.'))).toEqual([]);
    expect(locksLeft(w.dir('1'))).toEqual([]);
  });

  it('an orphaned .credentials.json.tmp.<8 hex> older than a minute is never deleted', async () => {
    const w = (world = await faultWorld(['1'], { sample332: true }));
    const orphan = path.join(w.dir('1'), '.credentials.json.tmp.0a1b2c3d');
    fs.writeFileSync(orphan, '{"claudeAiOauth":{"note":"left by a crashed Claude Code"}}', { mode: 0o600 });
    const old = new Date(Date.now() - 5 * 60_000);
    fs.utimesSync(orphan, old, old);
    expect((await refreshCli(w)).code).toBe(0);
    expect((await refreshCli(w)).code).toBe(0);
    expect(fs.readFileSync(orphan, 'utf8')).toContain('left by a crashed Claude Code');
    expect(Math.round(fs.statSync(orphan).mtimeMs / 1000)).toBe(Math.round(old.getTime() / 1000));
    expect(fs.readdirSync(w.dir('1')).filter((f) => f.includes('.tmp.'))).toEqual(['.credentials.json.tmp.0a1b2c3d']);
  });

  it('files ctk writes are 0600 in 0700 folders, and no token or 8-char fragment of one appears outside the credentials and its records', async () => {
    const w = (world = await faultWorld(['1', '2', '3'], { sample332: true }));
    const outputs: string[] = [];
    const run = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
      const r = await ctkAsync(args, { ...w.env, ...extraEnv }, { timeout: 40_000 });
      outputs.push(`$ ctk ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
      return r;
    };
    // a good refresh (with a backup), an odd 200, a reply that echoes the posted token without
    // its prefix, an on-hold, a dead token, then the read-only commands over all of it
    w.server.enqueue({ kind: 'ok' });
    await run(['refresh', '1', '--method', 'oauth', '--yes']);
    w.server.enqueue({ kind: 'ok', variant: 'no-expires-in' });
    await run(['refresh', '2', '--method', 'oauth', '--yes', '--json']);
    w.server.enqueue({ kind: 'echo-token' });
    await run(['refresh', '3', '--method', 'oauth', '--yes']);
    w.server.enqueue(onHold());
    await run(['refresh', '3', '--method', 'oauth', '--yes', '--json']);
    w.server.enqueue({ kind: 'error', status: 400, body: JSON.stringify({ error: 'invalid_grant', error_description: 'Refresh token not found or invalid' }) });
    await run(['refresh', '3', '--method', 'oauth', '--yes']);
    await run(['status']);
    await run(['status', '--json']);
    await run(['history']);
    await run(['watch', '--once', '--json']);
    expect(w.server.requests.length).toBeGreaterThanOrEqual(5);

    const fragments = tokenFragments([...w.server.allTokens(), ...w.server.requests.map((q) => q.body?.refresh_token).filter(Boolean)]);
    for (const o of outputs) expect(leakIn(o, fragments), o.slice(0, 400)).toBeNull();
    const config = w.sb.configDir;
    const exempt = (p: string) => p.startsWith(path.join(config, 'state', 'pending') + path.sep) || p.startsWith(path.join(config, 'state', 'backups') + path.sep);
    const files = walk(config);
    expect(files.some((f) => f.path.endsWith('history.jsonl'))).toBe(true);
    expect(files.some((f) => f.path.includes(`${path.sep}backups${path.sep}1${path.sep}credentials-`))).toBe(true);
    for (const f of files) {
      expect(f.mode, `${f.path} mode`).toBe(f.dir ? 0o700 : 0o600);
      if (f.dir || exempt(f.path)) continue;
      expect(leakIn(fs.readFileSync(f.path, 'utf8'), fragments), f.path).toBeNull();
    }
    for (const id of ['1', '2', '3']) expect(fs.statSync(w.credsFile(id)).mode & 0o777).toBe(0o600);
    // the echoed token was there, and became [token]
    expect(history(w).map((e) => e.reason ?? '')).toContainEqual(expect.stringMatching(/malformed refresh token \[token\]/));
  });
});

describe('a refresh killed after its record was written, before the save', () => {
  /** SIGKILLs a refresh while it waits for .storage-write.lock with the reply in its record. */
  async function leftover(w: FaultWorld): Promise<void> {
    const writer = await startWriter(w.dir('1'), w.env);
    await writer.run({ op: 'lock' });
    const run = startProc(REFRESH_CHILD, ['1', w.dir('1')], w.env);
    await waitFor(() => w.pendingRefreshToken('1') === w.server.lineage('1').newest && w.server.requests.length === 1, 15_000, 'the record');
    run.proc.kill('SIGKILL');
    await run.exited;
    await writer.run({ op: 'unlock' });
    // as if the 60 s after which a dead process's refresh locks count as stale had passed
    for (const l of locksLeft(w.dir('1'))) fs.rmSync(l, { recursive: true, force: true });
    expect(w.creds('1').claudeAiOauth.refreshToken).not.toBe(w.server.lineage('1').newest);
  }

  for (const args of [['watch', '--once'], ['watch', '--once', '--auto-refresh']]) {
    it(`ctk status shows it as it will be; ctk ${args.join(' ')} saves it`, async () => {
      const w = (world = await faultWorld(['1'], { sample332: true, expiresIn: 20 * 60_000 }));
      await leftover(w);
      const s = await ctkAsync(['status', '--json'], w.env);
      const row = JSON.parse(s.stdout).accounts[0];
      expect(row.state).toBe('healthy');
      expect(row.note).toMatch(/interrupted refresh/);
      const r = await ctkAsync(args, w.env, { timeout: 30_000 });
      expectNoToken(r.stdout, r.stderr);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(w.creds('1').claudeAiOauth.refreshToken).toBe(w.server.lineage('1').newest);
      expect(fs.existsSync(w.pendingFile('1'))).toBe(false);
      expect(w.server.requests).toHaveLength(1); // saved, not refreshed again
      expect(r.stderr).toMatch(/1: saved the new tokens an interrupted refresh had obtained/);
      expect(locksLeft(w.dir('1'))).toEqual([]);
    });
  }
});
