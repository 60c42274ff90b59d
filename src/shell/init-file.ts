// The text of a file written by `ctk init <shell> --write <file>`: the stamp line, then exactly
// what `ctk init <shell>` prints. `ctk doctor` regenerates it to tell whether the file is stale.
import { initCommandLine, initNames, type InitOptions } from '../domain/init-names.js';
import { stampLine } from '../domain/init-stamp.js';
import { quoteIfNeeded } from '../domain/shell-quote.js';
import type { Shell } from '../domain/shells.js';
import { initScript } from './init-scripts.js';
import { pinSnippets } from './pin-snippets.js';
import type { CompletionSpec } from './spec.js';

/** The command that writes the file again, as the user would type it in that shell. */
export function writeCommandLine(shell: Shell, opts: InitOptions, file: string): string {
  return `${initCommandLine(shell, opts)} --write ${quoteIfNeeded(file, shell)}`;
}

export function initFileText(shell: Shell, spec: CompletionSpec, opts: InitOptions, file: string, version: string): string {
  return `${stampLine(version, writeCommandLine(shell, opts, file))}\n${initScript(shell, spec, opts)}\n${pinSnippets(shell, { c: initNames(opts.cmd).switch })}`;
}

/** The line to put in the shell's start-up file to load the written file. */
export function sourceLine(shell: Shell, file: string): string {
  const f = quoteIfNeeded(file, shell);
  if (shell === 'pwsh') return `. ${f}`;
  return `source ${f}`;
}
