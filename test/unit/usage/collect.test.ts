import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headroom } from '../../../src/domain/usage.js';
import { collectUsage } from '../../../src/usage/collect.js';
import { credentialsStore } from '../../../src/claude/credentials/store.js';
import { H, makeSandbox, writeAccount, type Sandbox } from '../../helpers.js';
import { accessOf, knownCredentials, startMockApi, type MockApi } from '../../e2e/usage-mock.js';

describe('collectUsage', () => {
  let sb: Sandbox;
  let api: MockApi;
  beforeEach(async () => {
    sb = makeSandbox();
    api = await startMockApi();
  });
  afterEach(async () => {
    await api.close();
    sb.cleanup();
  });

  it('treats a refresh that throws as "skipped: could not refresh" and still measures the others', async () => {
    writeAccount(sb, 'old', { credentials: knownCredentials('old', Date.now() - H) });
    writeAccount(sb, 'ok', { credentials: knownCredentials('ok', Date.now() + 5 * H) });
    api.usage.set(accessOf('ok'), { kind: 'ok' });
    const env = { ...sb.env, CTK_API_BASE_URL: api.base };
    const accounts = ['old', 'ok'].map((id) => ({ id, dir: sb.accountDir(id), implicit: false }));
    let refreshCalls = 0;
    const rows = await collectUsage(accounts, {
      store: credentialsStore({ env }),
      env,
      warningMs: 2 * H,
      refresh: async () => {
        refreshCalls++;
        throw new Error('browserless refresh is not implemented yet');
      },
    });
    expect(refreshCalls).toBe(1);
    expect(rows[0]).toMatchObject({ id: 'old', status: 'skipped', state: 'expired', windows: null });
    expect(rows[0].message).toMatch(/could not refresh: browserless refresh failed: browserless refresh is not implemented yet/);
    expect(rows[1]).toMatchObject({ id: 'ok', status: 'fresh', headroom: 39 });
    expect(api.usageCalls.get(accessOf('old')) ?? 0).toBe(0);
    // the failed attempt is recorded like every other refresh attempt
    const lines = fs.readFileSync(path.join(sb.configDir, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((e) => [e.account, e.method, e.result, e.via])).toEqual([['old', 'oauth', 'failed', 'usage']]);
  });
});
