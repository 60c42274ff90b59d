// One interface for where Claude Code keeps an account's OAuth credentials:
// the file on Linux and Windows, the login Keychain on macOS (file as fallback).
import path from 'node:path';
import type { ResolvedAccount } from '../accounts/types.js';
import type { CredentialsRead } from '../domain/token-state.js';
import { credentialsFilePath, readCredentialsFile } from './credentials-file.js';
import { keychainService, MacSecurityRunner, readKeychainCredentials, type SecurityRunner } from './keychain.js';

export interface CredentialsStore {
  readonly kind: 'file' | 'keychain';
  read(account: ResolvedAccount): CredentialsRead;
  /** Where the credentials are, for messages (never their content). */
  describe(account: ResolvedAccount): string;
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

function normDir(p: string): string {
  const n = path.resolve(p.normalize('NFC'));
  return process.platform === 'win32' ? n.toLowerCase() : n;
}

let lastCurrent: [string, string] | undefined;
export function isCurrentAccount(account: ResolvedAccount, env: NodeJS.ProcessEnv = process.env): boolean {
  const cur = env.CLAUDE_CONFIG_DIR;
  if (!cur) return account.implicit;
  if (lastCurrent?.[0] !== cur) lastCurrent = [cur, normDir(cur)];
  return lastCurrent[1] === normDir(account.dir);
}

export class FileCredentialsStore implements CredentialsStore {
  readonly kind = 'file' as const;
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}
  read(account: ResolvedAccount): CredentialsRead {
    return readCredentialsFile(credentialsFilePath(credentialsDirOf(account, this.env)));
  }
  describe(account: ResolvedAccount): string {
    return credentialsFilePath(credentialsDirOf(account, this.env));
  }
}

export class KeychainCredentialsStore implements CredentialsStore {
  readonly kind = 'keychain' as const;
  private readonly file: FileCredentialsStore;
  constructor(
    private readonly runner: SecurityRunner = new MacSecurityRunner(),
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.file = new FileCredentialsStore(env);
  }
  private configDirString(account: ResolvedAccount): string | undefined {
    // The implicit default runs without CLAUDE_CONFIG_DIR, so its service has no suffix.
    return account.implicit ? undefined : credentialsDirOf(account, this.env);
  }
  read(account: ResolvedAccount): CredentialsRead {
    const fromKeychain = readKeychainCredentials(this.runner, this.configDirString(account), this.env.USER);
    // Claude Code falls back to the plaintext file when the Keychain has nothing.
    return fromKeychain ?? this.file.read(account);
  }
  describe(account: ResolvedAccount): string {
    return `Keychain entry "${keychainService(this.configDirString(account))}"`;
  }
}

export function defaultCredentialsStore(env: NodeJS.ProcessEnv = process.env): CredentialsStore {
  return process.platform === 'darwin' ? new KeychainCredentialsStore(new MacSecurityRunner(), env) : new FileCredentialsStore(env);
}
