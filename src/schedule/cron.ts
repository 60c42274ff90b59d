// Linux without systemd (and any Unix with cron): a marked block in the user's crontab.
// Only the block between ctk's markers is ever touched; the user's own lines stay as they are.
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { eveningArgv, watchArgv, type BackendEnv, type ScheduleBackend, type ScheduleSpec, type Step } from './types.js';

export const CRON_BEGIN = '# >>> ctk schedule (managed by ctk; remove with: ctk schedule remove) >>>';
export const CRON_END = '# <<< ctk schedule <<<';
export const CRON_JOBS = ['crontab:ctk-watch', 'crontab:ctk-evening'];

/** POSIX single quotes; cron itself turns an unescaped % into a newline, hence \%. */
export function cronQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`.replace(/%/g, '\\%');
}

/** The cron time fields for "every n minutes", when cron can say it exactly. */
export function cronInterval(minutes: number): string {
  if (minutes < 60 && 60 % minutes === 0) return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`;
  if (minutes % 60 === 0 && 24 % (minutes / 60) === 0) {
    const h = minutes / 60;
    return h === 1 ? '0 * * * *' : h === 24 ? '0 0 * * *' : `0 */${h} * * *`;
  }
  throw new UserError(
    `cron cannot run a job exactly every ${minutes} minutes; use a divisor of an hour or a day (e.g. 10m, 15m, 20m, 30m, 1h, 2h) or --backend systemd`,
  );
}

function logFile(spec: ScheduleSpec): string {
  return path.posix.join(spec.stateDir, 'schedule.log');
}

function cronCommand(spec: ScheduleSpec, argv: string[]): string {
  const envPart = spec.configDir ? `CTK_CONFIG_DIR=${cronQuote(spec.configDir)} ` : '';
  return `${envPart}${argv.map(cronQuote).join(' ')} >> ${cronQuote(logFile(spec))} 2>&1`;
}

/** ctk's block of crontab lines. */
export function cronBlock(spec: ScheduleSpec): string {
  const lines = [CRON_BEGIN, `${cronInterval(spec.intervalMinutes)} ${cronCommand(spec, watchArgv(spec))}`];
  if (spec.evening) lines.push(`${spec.evening.minute} ${spec.evening.hour} * * * ${cronCommand(spec, eveningArgv(spec))}`);
  lines.push(CRON_END);
  return lines.join('\n') + '\n';
}

/** The crontab without ctk's block (every block, should there be several). */
export function stripCronBlock(crontab: string): string {
  const out: string[] = [];
  let inside = false;
  for (const line of crontab.split('\n')) {
    if (line === CRON_BEGIN) inside = true;
    else if (line === CRON_END) inside = false;
    else if (!inside) out.push(line);
  }
  return out.join('\n').replace(/\n+$/, '') + (out.some((l) => l.trim()) ? '\n' : '');
}

export function withCronBlock(crontab: string, spec: ScheduleSpec): string {
  const rest = stripCronBlock(crontab);
  return (rest ? rest + (rest.endsWith('\n') ? '' : '\n') : '') + cronBlock(spec);
}

function crontabBin(be: BackendEnv): string {
  return be.env.CTK_CRONTAB || 'crontab';
}

/** `crontab -l`; "no crontab for <user>" is an empty crontab, anything else is an error. */
export function readCrontab(be: BackendEnv): string {
  const r = be.runner.run([crontabBin(be), '-l']);
  // A dry run on a machine without cron still shows the block it would add, and says so.
  if (r.error && be.dryRun) {
    be.warn?.(`${crontabBin(be)} is not installed here (${r.error}): a real install would fail; install cron, or pass --backend systemd`);
    return '';
  }
  if (r.error) throw new UserError(`cannot run ${crontabBin(be)}: ${r.error} (is cron installed? or pass --backend systemd)`, 2);
  if (r.code === 0) return r.stdout;
  if (/no crontab/i.test(r.stderr)) return '';
  throw new UserError(`${crontabBin(be)} -l failed: ${r.stderr.trim() || `exit ${r.code}`}`, 2);
}

export const cronBackend: ScheduleBackend = {
  name: 'cron',
  title: 'crontab entry',
  jobs: (spec) => (spec.evening ? CRON_JOBS : CRON_JOBS.slice(0, 1)),
  installPlan(spec, be) {
    const next = withCronBlock(readCrontab(be), spec);
    return [{ kind: 'run', argv: [crontabBin(be), '-'], input: next, why: 'install the new crontab (your own lines are kept)' }];
  },
  removePlan(record, be) {
    const steps: Step[] = [];
    const current = readCrontab(be);
    const next = stripCronBlock(current);
    if (next !== current) steps.push({ kind: 'run', argv: [crontabBin(be), '-'], input: next, why: 'install the crontab without ctk’s lines' });
    for (const f of record.files) steps.push({ kind: 'delete', path: f });
    return steps;
  },
  defaultRecord: () => ({ files: [], jobs: CRON_JOBS }),
  inspect(_record, be) {
    try {
      return readCrontab(be).includes(CRON_BEGIN) ? 'ctk lines present in the crontab' : 'ctk lines MISSING from the crontab';
    } catch {
      return null;
    }
  },
};
