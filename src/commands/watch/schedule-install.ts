// ctk schedule install: run `ctk watch --once` in the background with the platform's own
// scheduler (replacing what ctk installed before), and record exactly what was installed.
import { readRegistry, settingValue } from '../../accounts/registry-file.js';
import { applySteps, BACKEND_BY_NAME, deleteManifest, describeStep, manifestPath, pickBackend, readManifest, systemdIsRunning, writeManifest } from '../../schedule/backends.js';
import { backendEnv, intervalMinutes, makeSpec, printPlan, quoterFor, type ScheduleOptions } from '../../schedule/job.js';
import { describeInterval, hhmm, watchArgv, type InstalledRecord, type Step } from '../../schedule/types.js';
import { UserError } from '../../util/errors.js';

export async function install(opts: ScheduleOptions): Promise<number> {
  const env = process.env;
  const minutes = intervalMinutes(opts.interval, String(settingValue<string>(readRegistry(env), 'watch.interval') ?? '30m'));
  const textfile = opts.textfile ? (await import('../../metrics/textfile.js')).textfileDir(opts.textfile) : undefined;
  const spec = makeSpec({ ...opts, textfile }, env, minutes);
  if (env.CTK_DEMO === '1' && !opts.dryRun) {
    throw new UserError('the demo does not install background jobs; see what would happen with: ctk schedule install --demo --dry-run');
  }
  const backend = pickBackend(opts.backend, process.platform, systemdIsRunning());
  const be = { ...backendEnv(env), dryRun: Boolean(opts.dryRun), warn: (l: string) => process.stderr.write(`ctk: warning: ${l}\n`) };
  const quote = quoterFor(backend);
  const previous = readManifest(spec.stateDir);
  const undo: Step[] = previous ? BACKEND_BY_NAME[previous.backend].removePlan(previous, be) : [];
  const steps = backend.installPlan(spec, be);
  const jobs = backend.jobs(spec);
  const what = `ctk watch --once${spec.autoRefresh ? ' --auto-refresh' : ''}${spec.textfile ? ` --textfile ${spec.textfile}` : ''} every ${describeInterval(minutes)}${spec.evening ? ` and ctk evening at ${hhmm(spec.evening)}` : ''}`;

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

