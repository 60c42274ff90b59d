// What every schedule command needs: the job's spec (node and ctk by absolute path, the interval,
// the evening run), the backend environment, and how a plan is shown and quoted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stateDir } from '../config/paths.js';
import { formatDurationShort, parseDuration } from '../domain/duration.js';
import { quoteIfNeeded } from '../domain/shell-quote.js';
import { hasControl } from '../domain/text.js';
import { UserError } from '../util/errors.js';
import { describeStep, SpawnRunner } from './backends.js';
import { commandLine } from './schtasks.js';
import type { BackendEnv, ScheduleBackend, ScheduleSpec, Step } from './types.js';

/** The schedule commands' options, as commander hands them over (parsed by src/program/options.ts). */
export interface ScheduleOptions {
  /** ms */
  interval?: number;
  evening?: { hour: number; minute: number };
  backend?: string;
  autoRefresh?: boolean;
  /** The folder for ctk.prom (already checked and made absolute). */
  textfile?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** Whole minutes between runs: --interval, else the watch.interval setting (`setting`). */
export function intervalMinutes(flag: number | undefined, setting: string): number {
  let ms = flag;
  const text = flag !== undefined ? formatDurationShort(flag) : setting;
  if (ms === undefined) {
    try {
      ms = parseDuration(text);
    } catch (err: any) {
      throw new UserError(`setting watch.interval: ${err.message}`);
    }
  }
  if (ms < 60_000 || ms % 60_000 !== 0) throw new UserError(`a background schedule runs every whole number of minutes, 1m or more (got "${text}"); e.g. 15m, 30m, 1h`);
  return ms / 60_000;
}

/** The real path of dist/cli.js: the job must not depend on PATH or on an npm shim. */
export function cliPath(): string {
  const p = fileURLToPath(new URL('../cli.js', import.meta.url));
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

export function quoterFor(backend: ScheduleBackend): (argv: string[]) => string {
  return backend.name === 'schtasks' ? commandLine : (argv) => argv.map((a) => quoteIfNeeded(a, 'bash')).join(' ');
}

export function makeSpec(opts: Pick<ScheduleOptions, 'evening' | 'autoRefresh' | 'textfile'>, env: NodeJS.ProcessEnv, minutes: number): ScheduleSpec {
  const spec: ScheduleSpec = {
    intervalMinutes: minutes,
    evening: opts.evening ?? null,
    autoRefresh: Boolean(opts.autoRefresh),
    textfile: opts.textfile ?? null,
    node: process.execPath,
    cli: cliPath(),
    configDir: env.CTK_CONFIG_DIR ? path.resolve(env.CTK_CONFIG_DIR) : null,
    stateDir: stateDir(env),
    home: os.homedir(),
  };
  // A newline in a path would add a directive to a unit file or split a crontab line.
  for (const [what, p] of [['node', spec.node], ['ctk', spec.cli], ['CTK_CONFIG_DIR', spec.configDir], ['the state folder', spec.stateDir], ['the home folder', spec.home], ['the textfile folder', spec.textfile ?? null]] as const) {
    if (p !== null && hasControl(p)) throw new UserError(`${what} path ${JSON.stringify(p)} contains a control character; ctk will not write it into a unit file, plist, crontab or scheduled task (rename the folder, or set CTK_CONFIG_DIR to a plain path)`);
  }
  return spec;
}

export function backendEnv(env: NodeJS.ProcessEnv): BackendEnv {
  return { env, runner: new SpawnRunner(env), uid: typeof process.getuid === 'function' ? process.getuid() : 0 };
}

export function printPlan(title: string, steps: Step[], quote: (argv: string[]) => string): void {
  process.stdout.write(`${title}\n`);
  for (const s of steps) process.stdout.write(`\n${describeStep(s, quote)}\n`);
}

