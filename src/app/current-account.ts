// The account this process runs under, as Claude Code's status line and hooks see it: the one
// CLAUDE_CONFIG_DIR names (~/.claude without it), checked read-only with no network.
import { checkAccount } from '../accounts/check.js';
import { pinFor, pinGuard } from '../accounts/folder-pins.js';
import { readRegistry, resolveAccounts, settingValue, type RegistrySnapshot } from '../accounts/registry-file.js';
import { defaultCredentialsStore } from '../claude/credentials/store.js';
import { isCurrentAccount } from '../claude/config-dir.js';
import { defaultClaudeDir } from '../config/paths.js';
import type { AccountStatus, ResolvedAccount } from '../domain/account.js';
import { HOUR_MS } from '../domain/duration.js';
import { guardVerdict, type FolderPin } from '../domain/folder-pins.js';

export interface CurrentCheck {
  registry: RegistrySnapshot;
  account: ResolvedAccount;
  status: AccountStatus;
  /** The folder's pin when the guard says this account should not be used here. */
  pinConflict: FolderPin | null;
  loginWarningDays: number;
}

const num = (v: unknown, fallback: number): number => (typeof v === 'number' && v >= 0 ? v : fallback);

/** Null when CLAUDE_CONFIG_DIR names no registered account. */
export function checkCurrentAccount(cwd: string | null, env: NodeJS.ProcessEnv = process.env, now = Date.now()): CurrentCheck | null {
  const registry = readRegistry(env);
  const probe = { ...env, CLAUDE_CONFIG_DIR: env.CLAUDE_CONFIG_DIR || defaultClaudeDir() };
  const account = resolveAccounts(registry).find((a) => isCurrentAccount(a, probe));
  if (!account) return null;
  const loginWarningDays = num(settingValue(registry, 'loginWarningDays'), 5);
  const status = checkAccount(account, {
    store: defaultCredentialsStore(env),
    now,
    warningMs: num(settingValue(registry, 'warningHours'), 2) * HOUR_MS,
    loginWarningDays,
    env,
  });
  const pin = cwd ? pinFor(registry, cwd) : null;
  const pinConflict = guardVerdict(pinGuard(registry), pin, account.id) === 'ok' ? null : pin;
  return { registry, account, status, pinConflict, loginWarningDays };
}
