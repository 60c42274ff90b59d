// What most commands start from: the registry, the settings and the credentials store, built
// once by the command and passed down (workflows and adapters never read the registry themselves).
import path from 'node:path';
import type { CheckOptions } from '../accounts/check.js';
import { readRegistry, resolveAccounts, selectAccounts, settingValue, type RegistrySnapshot } from '../accounts/registry-file.js';
import { defaultCredentialsStore, type CredentialsStore } from '../claude/credentials/store.js';
import { stateDir } from '../config/paths.js';
import type { ResolvedAccount } from '../domain/account.js';
import { HOUR_MS } from '../domain/duration.js';

export interface Context {
  env: NodeJS.ProcessEnv;
  registry: RegistrySnapshot;
  accounts: ResolvedAccount[];
  store: CredentialsStore;
  now: () => number;
}

export function loadContext(env: NodeJS.ProcessEnv = process.env): Context {
  const registry = readRegistry(env);
  return {
    env,
    registry,
    accounts: resolveAccounts(registry),
    store: defaultCredentialsStore(env),
    now: () => Date.now(),
  };
}

/** Which `claude` to run: CTK_CLAUDE_BIN, else the claudeBin setting, else `claude` on PATH. */
export function configuredClaudeBin(env: NodeJS.ProcessEnv, registry: RegistrySnapshot): string {
  if (env.CTK_CLAUDE_BIN) return env.CTK_CLAUDE_BIN;
  return settingValue<string>(registry, 'claudeBin') || 'claude';
}

export function pickAccounts(ctx: Context, ids: string[]): ResolvedAccount[] {
  return selectAccounts(ctx.accounts, ids);
}

/** The warning window in hours: the flag (parsed), else the setting. */
export function warningHours(ctx: Context, flag?: number): number {
  if (flag !== undefined) return flag;
  const v = settingValue<number>(ctx.registry, 'warningHours');
  return typeof v === 'number' && v >= 0 ? v : 2;
}

/** Days before the login deadline that count as "ending": the flag (parsed), else the setting. */
export function loginWarningDays(ctx: Context, flag?: number): number {
  if (flag !== undefined) return flag;
  const v = settingValue<number>(ctx.registry, 'loginWarningDays');
  return typeof v === 'number' && v >= 0 ? v : 5;
}

/** What checkAccounts needs from the context: the store, the clock, both warning windows. */
export function checkOptions(ctx: Context, flags: { warningHours?: number; loginWarningDays?: number } = {}): CheckOptions {
  return {
    store: ctx.store,
    now: ctx.now(),
    warningMs: warningHours(ctx, flags.warningHours) * HOUR_MS,
    loginWarningDays: loginWarningDays(ctx, flags.loginWarningDays),
    env: ctx.env,
    identityCacheFile: path.join(stateDir(ctx.env), 'identity-cache.json'),
  };
}
