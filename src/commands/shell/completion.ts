// ctk completion <shell>: the completion script; --accounts: the ids completion offers.
// The --accounts path runs on every TAB, so the script generators load only when printing one.
import { readRegistry, resolveAccounts } from '../../accounts/registry-file.js';
import { UserError } from '../../util/errors.js';

/** "id<TAB>label or email" lines; shells that show descriptions split at the tab. */
export function accountLines(): string {
  const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ').trim();
  return resolveAccounts(readRegistry())
    .map((a) => `${a.id}\t${clean(a.label ?? a.email ?? (a.implicit ? a.dir : ''))}`)
    .join('\n');
}

export async function run(shellName: string | undefined, opts: { accounts?: boolean }): Promise<number> {
  if (opts.accounts) {
    const text = accountLines();
    process.stdout.write(text ? text + '\n' : '');
    return 0;
  }
  if (!shellName) throw new UserError('name a shell: ctk completion bash|zsh|fish|pwsh');
  const [{ parseShell }, { completionSpec }, { completionScript }, { buildProgram }] = await Promise.all([
    import('../../domain/shells.js'),
    import('../../shell/spec.js'),
    import('../../shell/completion-script.js'),
    import('../../program/index.js'),
  ]);
  const shell = parseShell(shellName);
  if (!shell) throw new UserError(`unknown shell "${shellName}" (use bash, zsh, fish or pwsh)`);
  process.stdout.write(completionScript(shell, completionSpec(buildProgram())));
  return 0;
}
