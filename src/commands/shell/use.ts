// ctk use <id>: prints the shell statement that switches CLAUDE_CONFIG_DIR, after a token check.
// It runs on every `c`, so no heavy imports.
import { checkAccount } from '../../accounts/check.js';
import { readRegistry, resolveAccounts, settingValue } from '../../accounts/registry-file.js';
import { switchTarget } from '../../accounts/switch-target.js';
import type { ResolvedAccount } from '../../domain/account.js';
import { defaultCredentialsStore } from '../../claude/credentials/store.js';
import { assignEnv, unsetEnv } from '../../domain/shell-quote.js';
import { detectShell, parseShell, type Shell } from '../../domain/shells.js';
import { switchNotice, useExitCode, type Severity } from '../../shell/notices.js';
import { colors, type Colors } from '../../ui/colors.js';
import { UserError } from '../../util/errors.js';
import { HOUR_MS } from '../../domain/duration.js';
import { printable } from '../../domain/text.js';

export interface UseOptions {
  shell?: string;
  quiet?: boolean;
  check?: boolean;
}

function shellOf(name: string | undefined): Shell {
  if (name === undefined) return detectShell(process.env, process.platform);
  const shell = parseShell(name);
  if (!shell) throw new UserError(`unknown shell "${name}" (use bash, zsh, fish or pwsh)`);
  return shell;
}

/** The statement for this account: the implicit default runs with CLAUDE_CONFIG_DIR unset. */
export function switchStatement(shell: Shell, account: ResolvedAccount): string {
  // Exactly the registry's string: Claude Code hashes it into the Keychain service name on macOS.
  return account.implicit ? unsetEnv(shell, 'CLAUDE_CONFIG_DIR') : assignEnv(shell, 'CLAUDE_CONFIG_DIR', account.dir);
}

function paint(c: Colors, severity: Severity, text: string): string {
  if (severity === 'danger') return c.bold(c.red(text));
  if (severity === 'warning') return c.yellow(text);
  return c.dim(text);
}

export async function use(id: string, opts: UseOptions): Promise<number> {
  const shell = shellOf(opts.shell);
  const registry = readRegistry();
  const accounts = resolveAccounts(registry);
  const { account, registered } = switchTarget(accounts, id, process.env);
  if (!registered) {
    // `c -` back to a folder that is no registered account: go back, without a token check.
    process.stdout.write(switchStatement(shell, account) + '\n');
    if (!opts.quiet) process.stderr.write(`ctk: back to CLAUDE_CONFIG_DIR=${printable(account.dir)} (not a registered account)\n`);
    return 0;
  }
  if (opts.check === false) {
    process.stdout.write(switchStatement(shell, account) + '\n');
    return 0;
  }
  const hours = settingValue<number>(registry, 'warningHours');
  const status = checkAccount(account, {
    store: defaultCredentialsStore(),
    now: Date.now(),
    warningMs: (typeof hours === 'number' && hours >= 0 ? hours : 2) * HOUR_MS,
  });
  process.stdout.write(switchStatement(shell, account) + '\n');
  const toTerminal = Boolean(process.stdout.isTTY);
  if (toTerminal) {
    // Printed to a terminal, the statement switches nothing: say how to run it.
    const how = shell === 'fish' ? `ctk use ${id} --shell fish | source` : shell === 'pwsh' ? `ctk use ${id} --shell pwsh | Invoke-Expression` : `eval "$(ctk use ${id})"`;
    process.stderr.write(colors(process.stderr).dim(`ctk: this only prints the statement; to switch this shell run ${how}, or set up c with ctk init`) + '\n');
  }
  // `c default` beside registered accounts: ctk has no account of that id to refresh.
  const defaultOnly = account.implicit && !accounts.some((a) => a.id === account.id);
  const notice = switchNotice(status, { switched: !toTerminal, ...(defaultOnly ? { refresh: 'claude auth login (with CLAUDE_CONFIG_DIR unset)' } : {}) });
  if (!(opts.quiet && notice.severity === 'info')) {
    const c = colors(process.stderr);
    process.stderr.write(notice.lines.map((l) => paint(c, notice.severity, `ctk: ${l}`)).join('\n') + '\n');
  }
  return useExitCode(status.state);
}
