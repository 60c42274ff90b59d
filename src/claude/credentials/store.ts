// One interface for where Claude Code keeps an account's OAuth credentials, read through one
// parser: the file on Linux and Windows, the login Keychain on macOS (the file as fallback), and
// Windows Credential Manager, which ctk recognises but cannot read or write (DESIGN §2a).
// Reading only: writing lives in ./write.ts, loaded by the refresh path alone.
import type { ResolvedAccount } from '../../domain/account.js';
import type { CredentialsRead } from '../../domain/token-state.js';
import { isCurrentAccount } from '../config-dir.js';
import { claudeJsonFlag } from '../identity.js';
import { credentialsFilePath, readCredentialsText } from './file.js';
import { decodeKeychainPayload, keychainAccount, keychainService, MacSecurityRunner, type SecurityRunner } from './keychain.js';
import { parseCredentialsJson, summarizeCredentials } from './parse.js';

export type CredentialsLocation =
  | { kind: 'file'; dir: string; file: string }
  | { kind: 'keychain'; dir: string; service: string; keychainAccount: string }
  | { kind: 'windows-credential-manager'; dir: string; why: string };

export type CredentialsKind = CredentialsLocation['kind'];

/** The full stored object (tokens included): only for the refresh and usage, never for display. */
export type RawCredentials =
  | { ok: true; obj: Record<string, unknown>; text: string }
  | { ok: false; state: 'missing' | 'invalid'; reason: string };

export interface LoadedCredentials {
  location: CredentialsLocation;
  raw: RawCredentials;
}

export interface CredentialsStore {
  /** Where the account's credentials live, and what they hold right now. */
  load(account: ResolvedAccount): LoadedCredentials;
  /** The same, summarised: no secret leaves this call. */
  read(account: ResolvedAccount): CredentialsRead;
  /** Where the credentials are, for messages (never their content). */
  describe(account: ResolvedAccount): string;
}

export { isCurrentAccount };

export interface StoreOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  security?: SecurityRunner;
}

/**
 * The folder holding the credentials. CLAUDE_SECURESTORAGE_CONFIG_DIR overrides it, but only
 * for the account it was set for: the current one (or the implicit default).
 */
export function credentialsDirOf(account: ResolvedAccount, env: NodeJS.ProcessEnv = process.env): string {
  const override = env.CLAUDE_SECURESTORAGE_CONFIG_DIR;
  if (override && (account.implicit || isCurrentAccount(account, env))) return override;
  return account.dir;
}

/** Windows: Claude Code's Credential Manager backend is on (then it no longer reads the file). */
function windowsCredmanReason(account: ResolvedAccount, env: NodeJS.ProcessEnv): string | null {
  if (env.CLAUDE_CODE_FORCE_WINDOWS_CREDMAN === '1') return 'CLAUDE_CODE_FORCE_WINDOWS_CREDMAN=1';
  if (claudeJsonFlag(account, 'tengu_windows_credman') === true) return 'tengu_windows_credman in .claude.json';
  return null;
}

export function loadedToRead(loaded: LoadedCredentials, where: string): CredentialsRead {
  if (loaded.location.kind === 'windows-credential-manager') {
    return {
      kind: 'invalid',
      reason: `Claude Code keeps this account in Windows Credential Manager (${loaded.location.why}), which ctk cannot read; the file's token is not the account's`,
    };
  }
  const r = loaded.raw;
  if (!r.ok) return { kind: r.state, reason: r.reason };
  return summarizeCredentials(r.obj, where);
}

function rawFromText(text: string, where: string): RawCredentials {
  const p = parseCredentialsJson(text, where);
  return p.ok ? { ok: true, obj: p.obj, text } : { ok: false, state: 'invalid', reason: p.reason };
}

class ClaudeCredentialsStore implements CredentialsStore {
  private readonly env: NodeJS.ProcessEnv;
  private readonly platform: NodeJS.Platform;
  private security: SecurityRunner | undefined;
  constructor(opts: StoreOptions) {
    this.env = opts.env ?? process.env;
    this.platform = opts.platform ?? process.platform;
    this.security = opts.security;
  }

  private keychainTarget(account: ResolvedAccount): { service: string; user: string } {
    // The implicit default runs without CLAUDE_CONFIG_DIR, so its service has no suffix.
    return { service: keychainService(account.implicit ? undefined : credentialsDirOf(account, this.env)), user: keychainAccount(this.env.USER) };
  }

  load(account: ResolvedAccount): LoadedCredentials {
    const dir = credentialsDirOf(account, this.env);
    if (this.platform === 'win32') {
      const why = windowsCredmanReason(account, this.env);
      if (why) return { location: { kind: 'windows-credential-manager', dir, why }, raw: { ok: false, state: 'invalid', reason: why } };
    }
    if (this.platform === 'darwin') {
      const { service, user } = this.keychainTarget(account);
      this.security ??= new MacSecurityRunner();
      const r = this.security.findGenericPassword(user, service);
      const location = { kind: 'keychain' as const, dir, service, keychainAccount: user };
      const where = `Keychain entry "${service}"`;
      if ('error' in r) return { location, raw: { ok: false, state: 'invalid', reason: `${where}: ${r.error}` } };
      // Claude Code falls back to the plaintext file when the Keychain has nothing.
      if (r.found) return { location, raw: rawFromText(decodeKeychainPayload(r.secret), where) };
    }
    const file = credentialsFilePath(dir);
    const t = readCredentialsText(file);
    return { location: { kind: 'file', dir, file }, raw: t.ok ? rawFromText(t.text, file) : t };
  }

  read(account: ResolvedAccount): CredentialsRead {
    const loaded = this.load(account);
    return loadedToRead(loaded, describeLocation(loaded.location));
  }

  describe(account: ResolvedAccount): string {
    if (this.platform === 'darwin') return `Keychain entry "${this.keychainTarget(account).service}" (or ${credentialsFilePath(credentialsDirOf(account, this.env))})`;
    return credentialsFilePath(credentialsDirOf(account, this.env));
  }
}

export function describeLocation(loc: CredentialsLocation): string {
  switch (loc.kind) {
    case 'file':
      return loc.file;
    case 'keychain':
      return `Keychain entry "${loc.service}"`;
    case 'windows-credential-manager':
      return 'Windows Credential Manager';
  }
}

/** Why ctk must leave this account's credentials to Claude Code, or null when it may refresh them. */
export function writeBlockReason(loaded: LoadedCredentials, id: string): string | null {
  if (loaded.location.kind === 'windows-credential-manager') {
    return `Claude Code keeps this account in Windows Credential Manager (${loaded.location.why}) and no longer reads the file; ctk does not refresh it — run claude in it, or log in with ctk refresh ${id} --method login`;
  }
  if (loaded.location.kind === 'keychain' && loaded.raw.ok && loaded.raw.obj.keychainOverflow != null) {
    return `its Keychain item links overflow items (keychainOverflow) that a rewrite would detach; ctk leaves this account to Claude Code — run claude in it, or log in with ctk refresh ${id} --method login`;
  }
  return null;
}

export function credentialsStore(opts: StoreOptions = {}): CredentialsStore {
  return new ClaudeCredentialsStore(opts);
}

/** The store for this machine, chosen once by process.platform. */
export function defaultCredentialsStore(env: NodeJS.ProcessEnv = process.env): CredentialsStore {
  return new ClaudeCredentialsStore({ env });
}
