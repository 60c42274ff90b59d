// ctk init <shell>: the shell functions c, ct, ct-all, ct-refresh with completion.
import { buildProgram } from '../../program/index.js';
import { initScript } from '../../shell/init-scripts.js';
import { parseShell } from '../../domain/shells.js';
import { completionSpec } from '../../shell/spec.js';
import { UserError } from '../../util/errors.js';

export async function run(shellName: string): Promise<number> {
  const shell = parseShell(shellName);
  if (!shell) throw new UserError(`unknown shell "${shellName}" (use bash, zsh, fish or pwsh)`);
  process.stdout.write(initScript(shell, completionSpec(buildProgram())));
  return 0;
}
