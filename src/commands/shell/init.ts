// ctk init <shell> [--auto]: the shell functions c, ct, ct-all, ct-refresh with completion, the
// pin-aware c (src/shell/pin-snippets.ts) and, with --auto, the cd hook for pinned folders.
import { buildProgram } from '../../program/index.js';
import { initScript } from '../../shell/init-scripts.js';
import { pinSnippets } from '../../shell/pin-snippets.js';
import { parseShell } from '../../domain/shells.js';
import { completionSpec } from '../../shell/spec.js';
import { UserError } from '../../util/errors.js';

export async function run(shellName: string, opts: { auto?: boolean } = {}): Promise<number> {
  const shell = parseShell(shellName);
  if (!shell) throw new UserError(`unknown shell "${shellName}" (use bash, zsh, fish or pwsh)`);
  process.stdout.write(initScript(shell, completionSpec(buildProgram())) + '\n' + pinSnippets(shell, { auto: opts.auto }));
  return 0;
}
