import { describe, expect, it } from 'vitest';
import {
  decodeKeychainPayload,
  keychainAccount,
  keychainService,
  readKeychainCredentials,
  type SecurityRunner,
} from '../../src/claude/keychain.js';
import { KeychainCredentialsStore } from '../../src/claude/credentials-store.js';
import { parseCredentialsText } from '../../src/claude/credentials-parse.js';

const sample = JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-x', refreshToken: 'sk-ant-ort01-y', expiresAt: 1762803333972, subscriptionType: 'max' } });

class FakeSecurity implements SecurityRunner {
  calls: [string, string][] = [];
  constructor(private readonly entries: Record<string, string>) {}
  findGenericPassword(account: string, service: string) {
    this.calls.push([account, service]);
    return service in this.entries ? { found: true as const, secret: this.entries[service] } : { found: false as const };
  }
}

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

describe('Keychain payloads', () => {
  it('reads plain and hex-encoded JSON', () => {
    expect(decodeKeychainPayload(sample + '\n')).toBe(sample);
    expect(decodeKeychainPayload(Buffer.from(sample).toString('hex'))).toBe(sample);
    const hexRead = parseCredentialsText(decodeKeychainPayload(Buffer.from(sample).toString('hex')), 'k');
    expect(hexRead).toMatchObject({ kind: 'oauth', expiresAt: 1762803333972, hasAccessToken: true });
  });
  it('asks security for the right entry and falls back to the file when absent', () => {
    const fake = new FakeSecurity({ 'Claude Code-credentials-1e91dd84': sample });
    const store = new KeychainCredentialsStore(fake, { USER: 'me' });
    const read = store.read({ id: 'w', dir: '/Users/me/.claude-work', implicit: false });
    expect(read.kind).toBe('oauth');
    expect(fake.calls).toEqual([['me', 'Claude Code-credentials-1e91dd84']]);
    const none = readKeychainCredentials(fake, '/nowhere', 'me');
    expect(none).toBeNull();
  });
  it('never echoes a broken secret in its error', () => {
    const fake = new FakeSecurity({ 'Claude Code-credentials': '{"claudeAiOauth":{"accessToken":"sk-ant-oat01-SECRET' });
    const read = readKeychainCredentials(fake, undefined, 'me');
    expect(read?.kind).toBe('invalid');
    expect(JSON.stringify(read)).not.toContain('sk-ant-');
  });
});
