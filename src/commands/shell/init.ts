// ctk init <shell>: the shell functions c, ct, ct-all, ct-refresh (or the --cmd names) with
// completion; --write <file> writes them to a file to source, stamped with ctk's version. The
// pin-aware c comes with them (src/shell/pin-snippets.ts); --auto adds the cd hook for pins.
import path from 'node:path';
import { buildProgram } from '../../program/index.js';
import { initScript } from '../../shell/init-scripts.js';
import { pinSnippets } from '../../shell/pin-snippets.js';
import { initFileText, sourceLine } from '../../shell/init-file.js';
import { parseShell, type Shell } from '../../domain/shells.js';
import { initNames, prefixProblem, type InitOptions } from '../../domain/init-names.js';
import { completionSpec } from '../../shell/spec.js';
import { expandHome } from '../../config/paths.js';
import { recordInitFile } from '../../config/init-files.js';
import { writePrivateFileAtomic } from '../../util/private-fs.js';
import { ctkVersion } from '../../util/version.js';
import { UserError } from '../../util/errors.js';

export interface InitCommandOptions {
  cmd?: string;
  completion?: boolean;
  write?: string;
  auto?: boolean;
}

const RC_FILE: Record<Shell, string> = { bash: '~/.bashrc', zsh: '~/.zshrc', fish: '~/.config/fish/config.fish', pwsh: '$PROFILE' };

export async function run(shellName: string, opts: InitCommandOptions = {}): Promise<number> {
  const shell = parseShell(shellName);
  if (!shell) throw new UserError(`unknown shell "${shellName}" (use bash, zsh, fish or pwsh)`);
  const problem = opts.cmd === undefined ? null : prefixProblem(opts.cmd);
  if (problem) throw new UserError(problem);
  const options: InitOptions = { ...(opts.cmd ? { cmd: opts.cmd } : {}), ...(opts.completion === false ? { completion: false } : {}) };
  const spec = completionSpec(buildProgram());
  if (opts.write === undefined) {
    process.stdout.write(initScript(shell, spec, options) + '\n' + pinSnippets(shell, { auto: opts.auto, c: initNames(opts.cmd).switch }));
    return 0;
  }
  if (opts.auto) throw new UserError(`--auto does not go with --write yet; use the printed form: ${RC_FILE[shell]} ← ctk init ${shell} --auto`);
  if (opts.write.trim() === '') throw new UserError('--write needs a file name, e.g. --write ~/.config/ctk/init.' + shell);
  const file = path.resolve(expandHome(opts.write));
  const version = ctkVersion();
  try {
    writePrivateFileAtomic(file, initFileText(shell, spec, options, file, version));
  } catch (err: any) {
    throw new UserError(`cannot write ${file}: ${err.code ?? err.message}`, 73);
  }
  recordInitFile({ file, shell, options, version, writtenAt: new Date().toISOString() });
  process.stderr.write(`ctk: wrote ${file}; load it from ${RC_FILE[shell]} with: ${sourceLine(shell, file)}\n`);
  return 0;
}
