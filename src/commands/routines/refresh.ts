// ctk refresh / morning / evening: parse the shared options and run the routine workflow.
import { settingValue } from '../../accounts/registry-file.js';
import type { MethodChoice, QueueMode } from '../../domain/routine.js';
import { UserError } from '../../util/errors.js';
import { configuredClaudeBin, loadContext, pickAccounts, warningHours } from '../../app/context.js';
import type { RoutineCommand } from '../../workflows/routine/index.js';
import { HOUR_MS } from '../../domain/duration.js';

/** As commander hands them over: parsed by src/program/options.ts. */
export interface RoutineCliOptions {
  all?: boolean;
  hours?: number;
  method?: MethodChoice;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
  /** minutes per guided login */
  timeout?: number;
  /** commander's --no-logins: leave out the accounts whose login ends soon */
  logins?: boolean;
  /** parsed from --concurrency */
  concurrency?: number;
}

function timeoutMinutes(flag: number | undefined, setting: unknown): number {
  if (flag !== undefined) return flag;
  return typeof setting === 'number' && setting > 0 ? setting : 10;
}

export async function runRoutineCommand(command: RoutineCommand, ids: string[], opts: RoutineCliOptions): Promise<number> {
  const method = opts.method ?? 'auto';
  const ctx = loadContext();
  const warnH = warningHours(ctx);

  let queueMode: QueueMode;
  let windowHours: number | null;
  const accounts = pickAccounts(ctx, ids);
  if (command === 'refresh' && ids.length > 0 && !opts.all) {
    if (opts.hours !== undefined) throw new UserError('--hours picks accounts by expiry; with account ids, ctk refresh takes exactly those (drop --hours or the ids)');
    queueMode = { kind: 'ids', ids: accounts.map((a) => a.id) };
    windowHours = null;
  } else {
    if (command === 'refresh' && !opts.all) {
      throw new UserError('ctk refresh needs account ids (ctk refresh 4 9) or --all for every account that expires soon');
    }
    windowHours = opts.hours ?? (command === 'evening' ? 8 : warnH);
    // Accounts whose login ends soon join as guided logins (a refresh cannot move that deadline).
    queueMode = { kind: 'window', windowMs: windowHours * HOUR_MS, logins: opts.logins !== false && method !== 'oauth' };
  }

  const { runRoutine } = await import('../../workflows/routine/index.js');
  return runRoutine(ctx, {
    command,
    accounts,
    queueMode,
    windowHours,
    warningHours: warnH,
    method,
    yes: Boolean(opts.yes),
    dryRun: Boolean(opts.dryRun),
    json: Boolean(opts.json),
    loginTimeoutMs: timeoutMinutes(opts.timeout, settingValue(ctx.registry, 'loginTimeoutMinutes')) * 60_000,
    concurrency: opts.concurrency ?? Math.max(1, Math.min(16, Number(settingValue(ctx.registry, 'refreshConcurrency')) || 4)),
    bin: configuredClaudeBin(ctx.env, ctx.registry),
  });
}

export function run(ids: string[], opts: RoutineCliOptions): Promise<number> {
  return runRoutineCommand('refresh', ids, opts);
}
