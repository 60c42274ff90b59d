// ctk schedule remove: undo exactly what ctk schedule install installed (or, with --backend,
// ctk's default job names there when no record is left).
import { stateDir } from '../../config/paths.js';
import { applySteps, BACKEND_BY_NAME, deleteManifest, describeStep, manifestPath, pickBackend, readManifest, systemdIsRunning } from '../../schedule/backends.js';
import { backendEnv, makeSpec, printPlan, quoterFor, type ScheduleOptions } from '../../schedule/job.js';
import type { InstalledRecord, ScheduleBackend } from '../../schedule/types.js';
import { UserError } from '../../util/errors.js';

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
