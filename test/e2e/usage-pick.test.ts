// `ctk pick --best` in a real pseudo-terminal: after `ctk usage` has cached figures, the healthy
// account with the most headroom is listed (and highlighted) first, without any network.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, ctkAsync, expectNoToken, H, makeSandbox, register, writeAccount, type Sandbox } from '../helpers.js';
import { KEYS, spawnPty, type PtySession } from '../pty.js';
import { accessOf, knownCredentials, mockEnv, startMockApi, type MockApi } from './usage-mock.js';

let sb: Sandbox;
let api: MockApi;
let session: PtySession | null = null;
beforeEach(async () => {
  sb = makeSandbox();
  api = await startMockApi();
});
afterEach(async () => {
  session?.kill();
  session = null;
  await api.close();
  sb.cleanup();
});

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const win = (five: number, seven: number) => ({ five_hour: { utilization: five, resets_at: null }, seven_day: { utilization: seven, resets_at: null } });

describe('ctk pick --best', () => {
  it('lists the healthy account with the most headroom first and Enter picks it', async () => {
    const figures: Record<string, [number, number]> = { '1': [80, 30], '2': [10, 40], '3': [5, 5], '4': [50, 50] };
    for (const id of Object.keys(figures)) {
      // 3 has the most headroom but its token has expired: it must not be offered first.
      writeAccount(sb, id, { credentials: knownCredentials(id, Date.now() + (id === '3' ? -H : 6 * H)) });
      api.usage.set(accessOf(id), { kind: 'ok', body: win(...figures[id]) });
    }
    register(sb, ['1', '2', '3', '4'].map((id) => ({ id })));
    // 3's refresh fails (no grant), so only 1, 2 and 4 get figures.
    const usage = await ctkAsync(['usage', '--json'], mockEnv(sb, api));
    expect(JSON.parse(usage.stdout).best).toBe('2');
    const before = api.usageCalls.size;

    const out = path.join(sb.root, 'picked.txt');
    const env = { ...sb.env, CLAUDE_CONFIG_DIR: sb.accountDir('1') };
    session = spawnPty(['-c', `exec ${q(process.execPath)} ${q(CLI)} pick --best > ${q(out)}`], env, { file: '/bin/sh', cols: 120, rows: 30 });
    await session.waitFor(/most usage headroom first/);
    await session.waitFor(/4\s+healthy/);
    const screen = session.text();
    expectNoToken(screen);
    const at = (id: string) => screen.search(new RegExp(`\\b${id}\\s+(healthy|expired)`));
    expect(at('2')).toBeLessThan(at('4'));
    expect(at('4')).toBeLessThan(at('1'));
    expect(at('1')).toBeLessThan(at('3'));
    expect(screen).toMatch(/2\s+healthy [\d.]+ h\s+60% left · dev2@example\.com/);
    expect(screen).toMatch(/1\s+healthy [\d.]+ h\s+20% left · current · dev1@example\.com/);
    session.write(KEYS.enter);
    const done = await session.exited;
    expect(done.exitCode).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe('2\n');
    expect(api.usageCalls.size).toBe(before); // the picker never asks the server
  });
});
