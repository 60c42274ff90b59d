// The write side: the `security -i` input, a refresh writing back to the Keychain (injected
// runners; no real Keychain), and the file write through a symlink with an O_EXCL temp file.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SecurityRunner } from '../../../../src/claude/credentials/keychain.js';
import { credentialsStore } from '../../../../src/claude/credentials/store.js';
import { securityAddScript, writeCredentialsFileAtomic, type KeychainWriter } from '../../../../src/claude/credentials/write.js';
import { refreshAccount } from '../../../../src/oauth/refresh-account.js';
import { makeSandbox, type Sandbox } from '../../../helpers.js';

class FakeKeychain implements SecurityRunner, KeychainWriter {
  scripts: string[] = [];
  constructor(public entries: Record<string, string>) {}
  findGenericPassword(_account: string, service: string) {
    return service in this.entries ? { found: true as const, secret: this.entries[service] } : { found: false as const };
  }
  run(script: string) {
    this.scripts.push(script);
    // Interpret the one command ctk sends, as `security -i` would.
    const m = /^add-generic-password -U -a "([^"]+)" -s "([^"]+)" -X "([0-9a-f]+)"\n$/.exec(script);
    if (!m) return { error: 'unexpected script' };
    this.entries[m[2]] = Buffer.from(m[3], 'hex').toString('utf8');
    return { ok: true as const };
  }
}

let sb: Sandbox;
beforeEach(() => {
  sb = makeSandbox('ctk-write-');
});
afterEach(() => sb.cleanup());

const tokens = (a: string, r: string) => ({ accessToken: a, refreshToken: r, expiresInSec: 60, scopes: null, refreshTokenExpiresInSec: null });

describe('security -i input', () => {
  it('replaces the entry with the payload hex-encoded, nothing secret in plain text', () => {
    const payload = '{"claudeAiOauth":{"accessToken":"sk-ant-oat01-secret \\"quoted\\""}}';
    const script = securityAddScript('alice', 'Claude Code-credentials-1e91dd84', payload);
    expect(script).toBe(`add-generic-password -U -a "alice" -s "Claude Code-credentials-1e91dd84" -X "${Buffer.from(payload).toString('hex')}"\n`);
    expect(script).not.toMatch(/sk-ant/);
    expect(script.split('\n')).toHaveLength(2); // one command, newline-terminated
  });
  it('quotes odd service strings safely', () => {
    expect(securityAddScript('claude-code-user', 'a"b\\c', '{}')).toBe('add-generic-password -U -a "claude-code-user" -s "a\\"b\\\\c" -X "7b7d"\n');
  });
});

describe('refresh on macOS (Keychain)', () => {
  it('reads from and writes back to the Keychain entry of the exact config dir string', async () => {
    const dir = sb.accountDir('w');
    fs.mkdirSync(dir, { recursive: true });
    const service = 'Claude Code-credentials-' + (await import('node:crypto')).createHash('sha256').update(dir).digest('hex').slice(0, 8);
    const stored = { claudeAiOauth: { accessToken: 'sk-ant-oat01-old', refreshToken: 'sk-ant-ort01-old', expiresAt: 1, scopes: ['user:inference'], subscriptionType: 'max' }, mcpOAuth: { x: { accessToken: 'm' } } };
    const kc = new FakeKeychain({ [service]: Buffer.from(JSON.stringify(stored)).toString('hex') });
    const env = { ...sb.env, USER: 'alice' };
    const store = credentialsStore({ env, platform: 'darwin', security: kc });
    let posted: any = null;
    const r = await refreshAccount({ id: 'w', dir, implicit: false }, { env, tokenUrl: 'http://127.0.0.1:9/unused', now: () => 1_000_000 }, {
      store,
      writeDeps: { keychainWriter: kc },
      post: async (o) => {
        posted = o.body;
        return { kind: 'tokens', tokens: tokens('sk-ant-oat01-new', 'sk-ant-ort01-new') };
      },
    });
    expect(r.outcome).toBe('refreshed');
    expect(posted.refresh_token).toBe('sk-ant-ort01-old');
    expect(kc.scripts).toHaveLength(1);
    expect(kc.scripts[0]).toMatch(/^add-generic-password -U -a "alice" -s "Claude Code-credentials-[0-9a-f]{8}" -X "[0-9a-f]+"\n$/);
    const saved = JSON.parse(kc.entries[service]);
    expect(saved.claudeAiOauth).toMatchObject({ accessToken: 'sk-ant-oat01-new', refreshToken: 'sk-ant-ort01-new', expiresAt: 1_060_000, scopes: ['user:inference'], subscriptionType: 'max' });
    expect(saved.mcpOAuth).toEqual(stored.mcpOAuth);
    // the previous entry is backed up privately, and the file was never created
    expect(fs.readdirSync(path.join(sb.configDir, 'state', 'backups', 'w'))).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, '.credentials.json'))).toBe(false);
  });

  it('never writes an item with keychainOverflow and never posts for it', async () => {
    const kc = new FakeKeychain({ 'Claude Code-credentials': JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-a', refreshToken: 'sk-ant-ort01-b', expiresAt: 1 }, keychainOverflow: { slot: 'a' } }) });
    let posts = 0;
    const r = await refreshAccount({ id: 'default', dir: sb.home, implicit: true }, { env: sb.env, tokenUrl: 'http://127.0.0.1:9/' }, {
      store: credentialsStore({ env: sb.env, platform: 'darwin', security: kc }),
      writeDeps: { keychainWriter: kc },
      post: async () => (posts++, { kind: 'tokens', tokens: tokens('n', 'n') }),
    });
    expect(r.outcome).toBe('not-refreshable');
    expect(posts).toBe(0);
    expect(kc.scripts).toEqual([]);
  });

  it('a failing security write keeps the new tokens for the next run and says so', async () => {
    const dir = sb.accountDir('w');
    fs.mkdirSync(dir, { recursive: true });
    const entry = JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-a', refreshToken: 'sk-ant-ort01-b', expiresAt: 1 } });
    const store = credentialsStore({ env: sb.env, platform: 'darwin', security: { findGenericPassword: () => ({ found: true, secret: entry }) } });
    const r = await refreshAccount({ id: 'w', dir, implicit: false }, { env: sb.env, tokenUrl: 'http://127.0.0.1:9/' }, {
      store,
      writeDeps: { keychainWriter: { run: () => ({ error: 'security -i exited with 1' }) } },
      post: async () => ({ kind: 'tokens', tokens: tokens('sk-ant-oat01-n', 'sk-ant-ort01-n') }),
    });
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(/could not save them yet \(could not write the credentials \(security -i exited with 1\)\); they are kept safely/);
    expect(r.message).not.toMatch(/sk-ant/);
    const pending = JSON.parse(fs.readFileSync(path.join(sb.configDir, 'state', 'pending', 'w.json'), 'utf8'));
    expect(pending.tokens.refreshToken).toBe('sk-ant-ort01-n');
    expect(fs.statSync(path.join(sb.configDir, 'state', 'pending', 'w.json')).mode & 0o777).toBe(0o600);
  });
});

describe('the file write', () => {
  it('writes through a symlink to its target and leaves the link a link', () => {
    const real = path.join(sb.root, 'vault');
    fs.mkdirSync(real);
    fs.writeFileSync(path.join(real, 'creds.json'), '{"old":1}', { mode: 0o600 });
    const dir = sb.accountDir('s');
    fs.mkdirSync(dir, { recursive: true });
    fs.symlinkSync(path.join(real, 'creds.json'), path.join(dir, '.credentials.json'));
    writeCredentialsFileAtomic(path.join(dir, '.credentials.json'), '{"new":1}');
    expect(fs.lstatSync(path.join(dir, '.credentials.json')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(real, 'creds.json'), 'utf8')).toBe('{"new":1}');
    expect(fs.statSync(path.join(real, 'creds.json')).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(real)).toEqual(['creds.json']);
    expect(fs.readdirSync(dir)).toEqual(['.credentials.json']);
  });
});
