// ctk schedule install|status|remove: run `ctk watch --once` in the background with the
// platform's own scheduler, and undo exactly that.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegistry, settingValue } from '../../accounts/registry-file.js';
import { readLastRun, type LastRun } from '../../alerts/state.js';
import { stateDir } from '../../config/paths.js';
import { formatDurationShort, formatTimeLeft, parseDuration } from '../../domain/duration.js';
import { STATES } from '../../domain/token-state.js';
import {
  applySteps,
  BACKEND_BY_NAME,
  deleteManifest,
  describeStep,
  manifestPath,
  pickBackend,
  readManifest,
  SpawnRunner,
  systemdIsRunning,
  writeManifest,
} from '../../schedule/backends.js';
import { commandLine } from '../../schedule/schtasks.js';
import { describeInterval, hhmm, watchArgv, type BackendEnv, type InstalledRecord, type ScheduleBackend, type ScheduleSpec, type Step } from '../../schedule/types.js';
import { UserError } from '../../util/errors.js';
import { writeJson } from '../../ui/json.js';

/** As commander hands them over: parsed by src/program/options.ts. */
export interface ScheduleOptions {
  /** ms */
  interval?: number;
  evening?: { hour: number; minute: number };
  backend?: string;
  autoRefresh?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

function intervalMinutes(flag: number | undefined, env: NodeJS.ProcessEnv): number {
  let ms = flag;
  const text = flag !== undefined ? formatDurationShort(flag) : String(settingValue<string>(readRegistry(env), 'watch.interval') ?? '30m');
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
  const p = fileURLToPath(new URL('../../cli.js', import.meta.url));
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function posixQuote(arg: string): string {
  return /^[A-Za-z0-9_\/.:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function quoterFor(backend: ScheduleBackend): (argv: string[]) => string {
  return backend.name === 'schtasks' ? commandLine : (argv) => argv.map(posixQuote).join(' ');
}

function makeSpec(opts: ScheduleOptions, env: NodeJS.ProcessEnv, minutes: number): ScheduleSpec {
  return {
    intervalMinutes: minutes,
    evening: opts.evening ?? null,
    autoRefresh: Boolean(opts.autoRefresh),
    node: process.execPath,
    cli: cliPath(),
    configDir: env.CTK_CONFIG_DIR ? path.resolve(env.CTK_CONFIG_DIR) : null,
    stateDir: stateDir(env),
    home: os.homedir(),
  };
}

function backendEnv(env: NodeJS.ProcessEnv): BackendEnv {
  return { env, runner: new SpawnRunner(env), uid: typeof process.getuid === 'function' ? process.getuid() : 0 };
}

function printPlan(title: string, steps: Step[], quote: (argv: string[]) => string): void {
  process.stdout.write(`${title}\n`);
  for (const s of steps) process.stdout.write(`\n${describeStep(s, quote)}\n`);
}

export async function install(opts: ScheduleOptions): Promise<number> {
  const env = process.env;
  const minutes = intervalMinutes(opts.interval, env);
  const spec = makeSpec(opts, env, minutes);
  if (env.CTK_DEMO === '1' && !opts.dryRun) {
    throw new UserError('the demo does not install background jobs; see what would happen with: ctk schedule install --demo --dry-run');
  }
  const backend = pickBackend(opts.backend, process.platform, systemdIsRunning());
  const be = { ...backendEnv(env), dryRun: Boolean(opts.dryRun) };
  const quote = quoterFor(backend);
  const previous = readManifest(spec.stateDir);
  const undo: Step[] = previous ? BACKEND_BY_NAME[previous.backend].removePlan(previous, be) : [];
  const steps = backend.installPlan(spec, be);
  const jobs = backend.jobs(spec);
  const what = `ctk watch --once${spec.autoRefresh ? ' --auto-refresh' : ''} every ${describeInterval(minutes)}${spec.evening ? ` and ctk evening at ${hhmm(spec.evening)}` : ''}`;

  if (opts.dryRun) {
    if (previous) printPlan(`Would first remove the ${BACKEND_BY_NAME[previous.backend].title} installed ${previous.installedAt}:`, undo, quoterFor(BACKEND_BY_NAME[previous.backend]));
    printPlan(`${previous ? '\nThen would' : 'Would'} install a ${backend.title} that runs ${what}:`, steps, quote);
    process.stdout.write(`\nand record what was installed in ${manifestPath(spec.stateDir)}.\nNothing was changed (--dry-run).\n`);
    return 0;
  }

  if (previous) {
    const r = applySteps(undo, be.runner);
    if (r.failed) throw new UserError(`could not remove the previous schedule (${describeStep(r.failed.step, quote).split('\n')[0]}: ${r.failed.reason}); fix that, then run ctk schedule remove`, 2);
    deleteManifest(spec.stateDir);
  }
  const r = applySteps(steps, be.runner);
  const record: InstalledRecord = {
    version: 1,
    backend: backend.name,
    installedAt: new Date().toISOString(),
    intervalMinutes: minutes,
    evening: spec.evening ? hhmm(spec.evening) : null,
    autoRefresh: spec.autoRefresh,
    jobs,
    files: r.done.filter((s) => s.kind === 'write').map((s) => (s as { path: string }).path),
    command: watchArgv(spec),
  };
  // Recorded even after a failure, so `remove` can undo the part that was done.
  writeManifest(spec.stateDir, record);
  if (r.failed) {
    const step = describeStep(r.failed.step, quote).split('\n')[0];
    throw new UserError(`schedule install stopped at "${step}": ${r.failed.reason}. Undo the part that was done with: ctk schedule remove`, 2);
  }
  const lines = [`Installed a ${backend.title}: ${what}.`, `  runs: ${quote(record.command)}`];
  if (spec.configDir) lines.push(`  with CTK_CONFIG_DIR=${spec.configDir}`);
  for (const f of record.files) lines.push(`  wrote ${f}`);
  if (backend.name === 'cron') lines.push('  added ctk’s lines to your crontab (between "ctk schedule" markers)');
  lines.push('Check it with: ctk schedule status   Remove it with: ctk schedule remove');
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

function lastRunText(run: LastRun | null, now: number): string {
  if (!run) return 'never (no check has finished yet)';
  const at = Date.parse(run.at);
  const parts = STATES.filter((s) => run.summary?.[s] > 0).map((s) => `${run.summary[s]} ${s}`);
  return `${formatTimeLeft(now - at)} ago (${run.at}): ${run.accounts} accounts, ${parts.join(', ') || 'none'}; ${run.alerts} alert(s)${run.deliveryErrors ? `, ${run.deliveryErrors} delivery error(s)` : ''}`;
}

export async function status(opts: ScheduleOptions): Promise<number> {
  const env = process.env;
  const dir = stateDir(env);
  const record = readManifest(dir);
  const lastRun = readLastRun(env);
  const now = Date.now();
  if (!record) {
    if (opts.json) writeJson({ schemaVersion: 1, installed: false, lastRun });
    else {
      process.stdout.write(`No background schedule installed by ctk.\n  last check by any ctk watch: ${lastRunText(lastRun, now)}\nInstall one with: ctk schedule install (try --dry-run first)\n`);
    }
    return 1;
  }
  const backend = BACKEND_BY_NAME[record.backend];
  const files = record.files.map((f) => ({ path: f, exists: fs.existsSync(f) }));
  const backendSays = backend.inspect(record, backendEnv(env));
  const damaged = files.some((f) => !f.exists) || (backendSays !== null && /NOT|MISSING|inactive|failed/.test(backendSays));
  const overdue = lastRun ? now - Date.parse(lastRun.at) > (record.intervalMinutes * 2 + 5) * 60_000 : null;
  if (opts.json) {
    writeJson({
      schemaVersion: 1,
      installed: true,
      backend: record.backend,
      intervalMinutes: record.intervalMinutes,
      evening: record.evening,
      autoRefresh: record.autoRefresh,
      installedAt: record.installedAt,
      command: record.command,
      jobs: record.jobs,
      files,
      backendSays,
      damaged,
      lastRun,
      overdue,
    });
    return damaged ? 2 : 0;
  }
  const lines = [
    `Installed: ${backend.title} (${record.jobs.join(', ')}), ctk watch --once${record.autoRefresh ? ' --auto-refresh' : ''} every ${describeInterval(record.intervalMinutes)}${record.evening ? `, ctk evening at ${record.evening}` : ''}.`,
    `  installed ${record.installedAt}`,
    ...files.map((f) => `  ${f.exists ? 'ok     ' : 'MISSING'} ${f.path}`),
  ];
  if (backendSays) lines.push(`  ${backend.name} says: ${backendSays}`);
  lines.push(`  last check: ${lastRunText(lastRun, now)}`);
  if (overdue) lines.push(`  the last check is older than two intervals: is the computer asleep, or the job failing? See ${path.join(dir, 'schedule.log')} or your scheduler's log`);
  if (damaged) lines.push('Something is missing: reinstall with ctk schedule install (it replaces the old one).');
  process.stdout.write(lines.join('\n') + '\n');
  return damaged ? 2 : 0;
}

export async function remove(opts: ScheduleOptions): Promise<number> {
  const env = process.env;
  const dir = stateDir(env);
  const record = readManifest(dir);
  const be = backendEnv(env);
  let backend: ScheduleBackend;
  let target: Pick<InstalledRecord, 'files' | 'jobs'>;
  if (record) {
    if (opts.backend && opts.backend !== 'auto' && opts.backend !== record.backend) {
      throw new UserError(`the installed schedule uses ${record.backend}, not ${opts.backend}; run ctk schedule remove without --backend`);
    }
    backend = BACKEND_BY_NAME[record.backend];
    target = record;
  } else if (opts.backend) {
    backend = pickBackend(opts.backend, process.platform, systemdIsRunning());
    target = backend.defaultRecord(makeSpec({}, env, 30), be);
  } else {
    process.stdout.write(`Nothing to remove: ctk has no record of a schedule (${manifestPath(dir)}).\nIf a job is left from an earlier install, name its scheduler: ctk schedule remove --backend systemd|cron|launchd|schtasks\n`);
    return 0;
  }
  const quote = quoterFor(backend);
  const steps = backend.removePlan(target, be);
  if (opts.dryRun) {
    printPlan(`Would remove the ${backend.title}${record ? ` installed ${record.installedAt}` : ' (ctk’s default names)'}:`, steps, quote);
    if (record) process.stdout.write(`\nand delete the record ${manifestPath(dir)}.\n`);
    process.stdout.write('Nothing was changed (--dry-run).\n');
    return 0;
  }
  const r = applySteps(steps, be.runner);
  if (r.failed) {
    throw new UserError(`schedule remove stopped at "${describeStep(r.failed.step, quote).split('\n')[0]}": ${r.failed.reason}`, 2);
  }
  deleteManifest(dir);
  const lines = [`Removed the ${backend.title} (${target.jobs.join(', ')}).`, ...target.files.map((f) => `  deleted ${f}`)];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
