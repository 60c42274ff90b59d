// What most commands start from: the registry, the settings and the credentials store, built
// once by the command and passed down (workflows and adapters never read the registry themselves).
import { readRegistry, resolveAccounts, selectAccounts, settingValue, type RegistrySnapshot } from '../accounts/registry-file.js';
import type { ResolvedAccount } from '../domain/account.js';
import { defaultCredentialsStore, type CredentialsStore } from '../claude/credentials/store.js';
import { parseHours } from '../domain/duration.js';
import { UserError } from '../util/errors.js';

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

/** The warning window in hours: the flag, else the setting. */
export function warningHours(ctx: Context, flag: string | undefined): number {
  if (flag !== undefined) {
    try {
      return parseHours(flag, '--warning-hours');
    } catch (err: any) {
      throw new UserError(err.message);
    }
  }
  const v = settingValue<number>(ctx.registry, 'warningHours');
  return typeof v === 'number' && v >= 0 ? v : 2;
}

export function writeJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
