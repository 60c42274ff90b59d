// macOS Keychain naming and payload parsing, as Claude Code does it (DESIGN.md §2).
// The `security` call sits behind SecurityRunner so other platforms can test it.
import os from 'node:os';
import { lazyRequire } from '../../util/lazy-require.js';

export const KEYCHAIN_SERVICE = 'Claude Code-credentials';

/**
 * The service name for a config dir. `configDir` is the CLAUDE_CONFIG_DIR string exactly as
 * exported (NFC-normalised, not resolved), or undefined for the default ~/.claude.
 */
export function keychainService(configDir: string | undefined): string {
  if (configDir === undefined) return KEYCHAIN_SERVICE;
  // Loaded on use: node:crypto is only needed on macOS, and start-up time matters.
  const { createHash } = lazyRequire('node:crypto') as typeof import('node:crypto');
  const hash = createHash('sha256').update(configDir.normalize('NFC')).digest('hex').slice(0, 8);
  return `${KEYCHAIN_SERVICE}-${hash}`;
}

export function keychainAccount(user: string | undefined = process.env.USER): string {
  let name = user;
  if (!name) {
    try {
      name = os.userInfo().username;
    } catch {
      name = undefined;
    }
  }
  return name && /^[a-zA-Z0-9._-]+$/.test(name) ? name : 'claude-code-user';
}

/** Newer Claude Code versions may hex-encode the JSON payload. */
export function decodeKeychainPayload(secret: string): string {
  const s = secret.trim();
  if (s.startsWith('{')) return s;
  if (s.length > 0 && s.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(s)) {
    return Buffer.from(s, 'hex').toString('utf8');
  }
  return s;
}

export type SecurityLookup = { found: true; secret: string } | { found: false } | { error: string };

export interface SecurityRunner {
  findGenericPassword(account: string, service: string): SecurityLookup;
}

export class MacSecurityRunner implements SecurityRunner {
  constructor(private readonly bin = '/usr/bin/security') {}

  findGenericPassword(account: string, service: string): SecurityLookup {
    const { spawnSync } = lazyRequire('node:child_process') as typeof import('node:child_process');
    const r = spawnSync(this.bin, ['find-generic-password', '-a', account, '-w', '-s', service], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    if (r.error) return { error: `cannot run ${this.bin}: ${(r.error as any).code ?? r.error.message}` };
    if (r.status === 44) return { found: false };
    if (r.status !== 0) return { error: `security exited with ${r.status}` };
    return { found: true, secret: r.stdout };
  }
}
