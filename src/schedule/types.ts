// What every scheduler backend shares: the job to run, the plan of files and commands that
// installs or removes it, and the record of what was installed.

export const BACKENDS = ['systemd', 'cron', 'launchd', 'schtasks'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface ScheduleSpec {
  /** Whole minutes between `ctk watch --once` runs. */
  intervalMinutes: number;
  /** Local time of the nightly `ctk evening`, or null. */
  evening: { hour: number; minute: number } | null;
  autoRefresh: boolean;
  /** Where the job writes ctk.prom for node_exporter (watch --textfile), or null. */
  textfile?: string | null;
  /** Absolute path of node (process.execPath). */
  node: string;
  /** Absolute real path of dist/cli.js. */
  cli: string;
  /** CTK_CONFIG_DIR when the user set it: the job must see the same accounts. */
  configDir: string | null;
  /** ctk's state folder (logs, the Windows launchers, the manifest). */
  stateDir: string;
  home: string;
}

export type Step =
  | { kind: 'write'; path: string; content: string; mode: number; encoding?: 'utf8' | 'utf16le-bom' }
  | { kind: 'delete'; path: string }
  | { kind: 'run'; argv: string[]; input?: string; allowFail?: boolean; why: string };

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the executable could not be started at all. */
  error?: string;
}

export interface CommandRunner {
  run(argv: string[], input?: string): CommandResult;
}

/** The manifest in the state folder: exactly what install did, so remove can undo exactly that. */
export interface InstalledRecord {
  version: 1;
  backend: BackendName;
  installedAt: string;
  intervalMinutes: number;
  evening: string | null;
  autoRefresh: boolean;
  /** The jobs' names in the backend (unit, label, task name). */
  jobs: string[];
  /** Every file install wrote. */
  files: string[];
  /** The periodic command, as argv. */
  command: string[];
}

export interface BackendEnv {
  env: NodeJS.ProcessEnv;
  runner: CommandRunner;
  /** Numeric user id (launchd's gui/<uid> domain). */
  uid: number;
  /** Planning only (--dry-run): a missing tool should not stop the plan from being shown. */
  dryRun?: boolean;
  /** Where a dry run says what would fail for real. */
  warn?: (line: string) => void;
}

export interface ScheduleBackend {
  readonly name: BackendName;
  /** A human name: "systemd user timer". */
  readonly title: string;
  jobs(spec: ScheduleSpec): string[];
  installPlan(spec: ScheduleSpec, be: BackendEnv): Step[];
  /** Undo a record; `record.files`/`record.jobs` are what to remove. */
  removePlan(record: Pick<InstalledRecord, 'files' | 'jobs'>, be: BackendEnv): Step[];
  /** Files and jobs of a fresh install with default names, for cleaning up without a record. */
  defaultRecord(spec: ScheduleSpec, be: BackendEnv): Pick<InstalledRecord, 'files' | 'jobs'>;
  /** What the backend itself says about the job (read-only), or null when it cannot tell. */
  inspect(record: InstalledRecord, be: BackendEnv): string | null;
}

export function watchArgv(spec: ScheduleSpec): string[] {
  return [spec.node, spec.cli, 'watch', '--once', ...(spec.autoRefresh ? ['--auto-refresh'] : []), ...(spec.textfile ? ['--textfile', spec.textfile] : [])];
}

export function eveningArgv(spec: ScheduleSpec): string[] {
  return [spec.node, spec.cli, 'evening', '--method', 'oauth', '--yes'];
}

export function hhmm(e: { hour: number; minute: number }): string {
  return `${String(e.hour).padStart(2, '0')}:${String(e.minute).padStart(2, '0')}`;
}

export function describeInterval(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}
