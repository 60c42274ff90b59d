// ctk schedule status: is the job installed and intact, and when did a check last run.
import fs from 'node:fs';
import path from 'node:path';
import { readLastRun, type LastRun } from '../../alerts/state.js';
import { stateDir } from '../../config/paths.js';
import { formatTimeLeft } from '../../domain/duration.js';
import { STATES } from '../../domain/token-state.js';
import { BACKEND_BY_NAME, readManifest } from '../../schedule/backends.js';
import { backendEnv, type ScheduleOptions } from '../../schedule/job.js';
import { describeInterval } from '../../schedule/types.js';
import { writeJson } from '../../ui/json.js';

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
    `Installed: ${backend.title} (${record.jobs.join(', ')}), ctk watch --once${record.autoRefresh ? ' --auto-refresh' : ''}${textfileOf(record.command)} every ${describeInterval(record.intervalMinutes)}${record.evening ? `, ctk evening at ${record.evening}` : ''}.`,
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


/** " --textfile <dir>" when the job writes ctk.prom, else "". */
function textfileOf(argv: string[]): string {
  const i = argv.indexOf('--textfile');
  return i >= 0 && argv[i + 1] ? ` --textfile ${argv[i + 1]}` : '';
}
