// The one credentials store, on every platform it knows (platforms injected; no real Keychain):
// naming, the Keychain payloads and fallback to the file, and the stores ctk must not write.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeKeychainPayload, keychainAccount, keychainService, type SecurityRunner } from '../../../../src/claude/credentials/keychain.js';
import { parseCredentialsText } from '../../../../src/claude/credentials/parse.js';
import { credentialsStore, writeBlockReason } from '../../../../src/claude/credentials/store.js';
import { makeSandbox, type Sandbox } from '../../../helpers.js';

const sample = JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-x', refreshToken: 'sk-ant-ort01-y', expiresAt: 1762803333972, subscriptionType: 'max' } });

class FakeSecurity implements SecurityRunner {
  calls: [string, string][] = [];
  constructor(private readonly entries: Record<string, string>) {}
  findGenericPassword(account: string, service: string) {
    this.calls.push([account, service]);
    return service in this.entries ? { found: true as const, secret: this.entries[service] } : { found: false as const };
  }
}

let sb: Sandbox;
beforeEach(() => {
  sb = makeSandbox('ctk-store-');
});
afterEach(() => sb.cleanup());

describe('Keychain naming (DESIGN §2)', () => {
  it('derives the service suffix from the exact config dir string', () => {
    expect(keychainService(undefined)).toBe('Claude Code-credentials');
    expect(keychainService('/Users/me/.claude-work')).toBe('Claude Code-credentials-1e91dd84');
    // a trailing slash is a different string, so a different entry
    expect(keychainService('/Users/me/.claude-work/')).not.toBe(keychainService('/Users/me/.claude-work'));
    // NFC and NFD spellings of the same name hash the same
    expect(keychainService('/Users/me/cafe\u0301')).toBe(keychainService('/Users/me/caf\u00e9'));
  });
  it('uses the user name only when it is safe', () => {
    expect(keychainAccount('alice')).toBe('alice');
    expect(keychainAccount('a.b_c-1')).toBe('a.b_c-1');
    expect(keychainAccount('Jörg Müller')).toBe('claude-code-user');
  });
});

describe('macOS', () => {
  it('reads plain and hex-encoded JSON', () => {
    expect(decodeKeychainPayload(sample + '\n')).toBe(sample);
    expect(decodeKeychainPayload(Buffer.from(sample).toString('hex'))).toBe(sample);
    expect(parseCredentialsText(decodeKeychainPayload(Buffer.from(sample).toString('hex')), 'k')).toMatchObject({ kind: 'oauth', expiresAt: 1762803333972, hasAccessToken: true });
  });
  it('asks security for the exact entry, and falls back to the file when it is absent', () => {
    const fake = new FakeSecurity({ 'Claude Code-credentials-1e91dd84': sample });
    const store = credentialsStore({ env: { USER: 'me' }, platform: 'darwin', security: fake });
    const got = store.load({ id: 'w', dir: '/Users/me/.claude-work', implicit: false });
    expect(got.location).toMatchObject({ kind: 'keychain', service: 'Claude Code-credentials-1e91dd84', keychainAccount: 'me' });
    expect(store.read({ id: 'w', dir: '/Users/me/.claude-work', implicit: false }).kind).toBe('oauth');
    expect(fake.calls[0]).toEqual(['me', 'Claude Code-credentials-1e91dd84']);
    const none = store.load({ id: 'n', dir: sb.accountDir('n'), implicit: false });
    expect(none.location.kind).toBe('file');
    expect(none.raw).toMatchObject({ ok: false, state: 'missing' });
  });
  it('the implicit default account uses the unsuffixed service', () => {
    const fake = new FakeSecurity({ 'Claude Code-credentials': sample });
    const store = credentialsStore({ env: { USER: 'bob' }, platform: 'darwin', security: fake });
    expect(store.load({ id: 'default', dir: sb.home, implicit: true }).location).toMatchObject({ kind: 'keychain', service: 'Claude Code-credentials' });
  });
  it('never echoes a broken secret in its error', () => {
    const fake = new FakeSecurity({ 'Claude Code-credentials': '{"claudeAiOauth":{"accessToken":"sk-ant-oat01-SECRET' });
    const read = credentialsStore({ env: {}, platform: 'darwin', security: fake }).read({ id: 'default', dir: sb.home, implicit: true });
    expect(read.kind).toBe('invalid');
    expect(JSON.stringify(read)).not.toContain('sk-ant-');
  });
  it('an item with keychainOverflow is read, but ctk must not write it (the overflow grants would detach)', () => {
    const item = JSON.stringify({ claudeAiOauth: JSON.parse(sample).claudeAiOauth, keychainOverflow: { slot: 'a', key: 'k', login: 'h' } });
    const store = credentialsStore({ env: {}, platform: 'darwin', security: new FakeSecurity({ 'Claude Code-credentials': item }) });
    const account = { id: 'default', dir: sb.home, implicit: true };
    expect(store.read(account)).toMatchObject({ kind: 'oauth', keychainOverflow: true });
    expect(writeBlockReason(store.load(account), 'default')).toMatch(/keychainOverflow.*ctk refresh default --method login/);
  });
});

describe('Windows', () => {
  const account = () => ({ id: '7', dir: sb.accountDir('7'), implicit: false });
  function folder(claudeJson: Record<string, unknown>) {
    const dir = sb.accountDir('7');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '.credentials.json'), sample);
    fs.writeFileSync(path.join(dir, '.claude.json'), JSON.stringify(claudeJson));
  }
  it('reads the file like Linux when Credential Manager is off', () => {
    folder({ oauthAccount: { emailAddress: 'a@b' } });
    const store = credentialsStore({ env: {}, platform: 'win32' });
    expect(store.load(account()).location.kind).toBe('file');
    expect(writeBlockReason(store.load(account()), '7')).toBeNull();
  });
  it('with tengu_windows_credman, the file is not the account: not read as its state, never refreshed', () => {
    folder({ cachedGrowthBookFeatures: { tengu_windows_credman: true }, oauthAccount: { emailAddress: 'a@b' } });
    const store = credentialsStore({ env: {}, platform: 'win32' });
    const loaded = store.load(account());
    expect(loaded.location.kind).toBe('windows-credential-manager');
    const read = store.read(account());
    expect(read.kind).toBe('invalid');
    expect((read as any).reason).toMatch(/Windows Credential Manager \(tengu_windows_credman in \.claude\.json\)/);
    expect(writeBlockReason(loaded, '7')).toMatch(/Credential Manager.*does not refresh/);
  });
  it('CLAUDE_CODE_FORCE_WINDOWS_CREDMAN=1 does the same', () => {
    folder({});
    const store = credentialsStore({ env: { CLAUDE_CODE_FORCE_WINDOWS_CREDMAN: '1' }, platform: 'win32' });
    expect(store.load(account()).location).toMatchObject({ kind: 'windows-credential-manager', why: 'CLAUDE_CODE_FORCE_WINDOWS_CREDMAN=1' });
  });
});

describe('special files', () => {
  it('a FIFO where the credentials should be is an invalid row, not a hang', async () => {
    const dir = sb.accountDir('f');
    fs.mkdirSync(dir, { recursive: true });
    const { spawnSync } = await import('node:child_process');
    if (spawnSync('mkfifo', [path.join(dir, '.credentials.json')]).status !== 0) return;
    const read = credentialsStore({ env: {}, platform: 'linux' }).read({ id: 'f', dir, implicit: false });
    expect(read).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/named pipe \(FIFO\)/) });
  });
});
