// ctk doctor: checks the set-up and says, one line each, what passes and how to fix what fails.
import { readRegistry, resolveAccounts, settingValue, type RegistrySnapshot } from '../../accounts/registry-file.js';
import { probeClaudeVersion } from '../../claude/claude-version.js';
import { defaultCredentialsStore } from '../../claude/credentials/store.js';
import { doctorExitCode, fail, nodeCheck, pass, type DoctorLine } from '../../domain/doctor.js';
import { accountChecks, configCheck, staleLockCheck } from '../../doctor/checks.js';
import { desktopBackendFor } from '../../alerts/desktop.js';
import { stateDir } from '../../config/paths.js';
import { notificationCheck, scheduleCheck } from '../../doctor/system.js';
import { readManifest } from '../../schedule/backends.js';
import { colors } from '../../ui/colors.js';
import { configuredClaudeBin } from '../../app/context.js';
import { printable } from '../../domain/text.js';
import { tableWidth, wrapText } from '../../ui/wrap.js';
import { writeJson } from '../../ui/json.js';
import { readInitFiles } from '../../config/init-files.js';
import { ctkVersion } from '../../util/version.js';

export interface DoctorOptions {
  json?: boolean;
}

const INSTALL_CLAUDE = 'install Claude Code (npm install -g @anthropic-ai/claude-code) or point ctk at it: ctk config set claudeBin <path> (or CTK_CLAUDE_BIN)';

/** Files written by ctk init --write: compared with what this ctk writes for the same options. */
async function shellInitChecks(env: NodeJS.ProcessEnv): Promise<DoctorLine[]> {
  const records = readInitFiles(env);
  if (records.length === 0) return [];
  const [{ initFileChecks }, { initFileText, writeCommandLine }, { completionSpec }, { buildProgram }] = await Promise.all([
    import('../../doctor/shell-init.js'),
    import('../../shell/init-file.js'),
    import('../../shell/spec.js'),
    import('../../program/index.js'),
  ]);
  const spec = completionSpec(buildProgram());
  const version = ctkVersion();
  return initFileChecks(records, version, (r) => ({
    text: initFileText(r.shell, spec, r.options, r.file, version),
    rewrite: writeCommandLine(r.shell, r.options, r.file),
  }));
}

export async function run(opts: DoctorOptions): Promise<number> {
  const env = process.env;
  const now = Date.now();
  const lines: DoctorLine[] = [nodeCheck(process.version)];

  let registry: RegistrySnapshot | null = null;
  const config = configCheck(() => (registry = readRegistry(env)), env);
  // A broken config still lets the other checks run against the defaults.
  const snap: RegistrySnapshot = registry ?? { file: '', raw: {}, accounts: [], broken: [] };

  const bin = configuredClaudeBin(env, snap);
  const claude = await probeClaudeVersion(bin, env);
  lines.push(claude.found ? pass('claude', `claude found: ${claude.version}`) : fail('claude', `claude: ${claude.reason}`, INSTALL_CLAUDE));
  lines.push(config);

  const accounts = resolveAccounts(snap);
  const store = defaultCredentialsStore(env);
  lines.push(...accountChecks(accounts, store, env));
  lines.push(...staleLockCheck(accounts, env, now));

  const desktop = settingValue<boolean>(snap, 'notify.desktop');
  const webhookUrl = settingValue<string>(snap, 'notify.webhookUrl');
  lines.push(notificationCheck({ desktop: desktop !== false, webhookUrl: typeof webhookUrl === 'string' ? webhookUrl : '' }, desktopBackendFor(process.platform, env)));
  lines.push(scheduleCheck(readManifest(stateDir(env))));
  lines.push(...(await shellInitChecks(env)));

  const code = doctorExitCode(lines);
  if (opts.json) {
    writeJson({ schemaVersion: 1, ok: code === 0, checks: lines });
    return code;
  }
  const c = colors();
  const width = tableWidth();
  for (const l of lines) {
    // Wrapped at word boundaries, the continuation under the text rather than under the mark.
    const text = l.note || l.ok ? printable(l.message) : `${printable(l.message)} → ${printable(l.fix ?? '')}`;
    const [first, ...rest] = wrapText(text, width - 2, '  ');
    const mark = l.note ? c.cyan('i') : l.ok ? c.green('✓') : c.red('✗');
    process.stdout.write([`${mark} ${first}`, ...rest.map((r) => `  ${r}`)].join('\n') + '\n');
  }
  const bad = lines.filter((l) => !l.ok).length;
  process.stdout.write(bad ? `\n${bad} problem${bad === 1 ? '' : 's'} found\n` : '\neverything looks fine\n');
  return code;
}
