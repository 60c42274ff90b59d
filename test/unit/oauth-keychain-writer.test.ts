// The macOS write path, tested on any platform: the `security -i` input ctk generates, and the
// refresh flow choosing the Keychain entry when it exists (injected runners; no real Keychain).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialsBackendFor, KeychainCredentialsBackend, securityAddScript, type KeychainWriter } from '../../src/claude/credentials-writer.js';
import type { SecurityRunner } from '../../src/claude/keychain.js';
import { refreshAccount } from '../../src/oauth/refresh-account.js';
import { makeSandbox, type Sandbox } from '../helpers.js';

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
  sb = makeSandbox('ctk-kc-');
});
afterEach(() => sb.cleanup());

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

describe('refresh on macOS (Keychain backend)', () => {
  it('reads from and writes back to the Keychain entry of the exact config dir string', async () => {
    const dir = sb.accountDir('w');
    fs.mkdirSync(dir, { recursive: true });
    const service = 'Claude Code-credentials-' + (await import('node:crypto')).createHash('sha256').update(dir).digest('hex').slice(0, 8);
    const stored = { claudeAiOauth: { accessToken: 'sk-ant-oat01-old', refreshToken: 'sk-ant-ort01-old', expiresAt: 1, scopes: ['user:inference'], subscriptionType: 'max' }, mcpOAuth: { x: { accessToken: 'm' } } };
    const kc = new FakeKeychain({ [service]: Buffer.from(JSON.stringify(stored)).toString('hex') });
    const env = { ...sb.env, USER: 'alice' };
    const backend = credentialsBackendFor({ id: 'w', dir, implicit: false }, { env, platform: 'darwin', securityReader: kc, keychainWriter: kc });
    expect(backend.kind).toBe('keychain');
    expect(backend.describe()).toBe(`Keychain entry "${service}"`);
    let posted: any = null;
    const r = await refreshAccount({ id: 'w', dir, implicit: false }, { env, tokenUrl: 'http://127.0.0.1:9/unused', now: () => 1_000_000 }, {
      backend,
      post: async (o) => {
        posted = o.body;
        return { kind: 'tokens', tokens: { accessToken: 'sk-ant-oat01-new', refreshToken: 'sk-ant-ort01-new', expiresInSec: 60, scopes: null } };
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
    const backups = fs.readdirSync(path.join(sb.configDir, 'state', 'backups', 'w'));
    expect(backups).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, '.credentials.json'))).toBe(false);
  });

  it('falls back to the file when the Keychain has no entry, as Claude Code does', () => {
    const dir = sb.accountDir('f');
    const kc = new FakeKeychain({});
    const backend = credentialsBackendFor({ id: 'f', dir, implicit: false }, { env: sb.env, platform: 'darwin', securityReader: kc, keychainWriter: kc });
    expect(backend.kind).toBe('file');
  });

  it('the implicit default account uses the unsuffixed service', () => {
    const kc = new FakeKeychain({ 'Claude Code-credentials': '{"claudeAiOauth":{}}' });
    const backend = new KeychainCredentialsBackend(sb.home, undefined, sb.root, kc, kc, 'bob');
    expect(backend.describe()).toBe('Keychain entry "Claude Code-credentials"');
    expect(backend.readRaw().ok).toBe(true);
  });

  it('a failing security write is a failed refresh that says so', async () => {
    const dir = sb.accountDir('w');
    fs.mkdirSync(dir, { recursive: true });
    const kc = new FakeKeychain({});
    kc.entries['svc'] = JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-a', refreshToken: 'sk-ant-ort01-b', expiresAt: 1 } });
    const backend = new KeychainCredentialsBackend(dir, dir, sb.root, { findGenericPassword: () => ({ found: true, secret: kc.entries['svc'] }) }, { run: () => ({ error: 'security -i exited with 1' }) });
    const r = await refreshAccount({ id: 'w', dir, implicit: false }, { env: sb.env, tokenUrl: 'http://127.0.0.1:9/' }, {
      backend,
      post: async () => ({ kind: 'tokens', tokens: { accessToken: 'sk-ant-oat01-n', refreshToken: 'sk-ant-ort01-n', expiresInSec: 60, scopes: null } }),
    });
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(/could not save them \(security -i exited with 1\)/);
    expect(r.message).not.toMatch(/sk-ant/);
  });
});
