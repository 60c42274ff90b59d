// `ctk completion <shell>`: the completion script alone (what completions/ holds).
import { bashCompletion } from './complete-bash.js';
import { fishCompletion } from './complete-fish.js';
import { pwshCompletion } from './complete-pwsh.js';
import { zshCompletion } from './complete-zsh.js';
import type { Shell } from '../domain/shells.js';
import type { CompletionSpec } from './spec.js';

export function completionScript(shell: Shell, spec: CompletionSpec): string {
  switch (shell) {
    case 'bash':
      return bashCompletion(spec);
    case 'zsh':
      return zshCompletion(spec);
    case 'fish':
      return fishCompletion(spec);
    case 'pwsh':
      return pwshCompletion(spec);
  }
}

/** The file name each shell looks for in completions/. */
export const COMPLETION_FILES: Record<Shell, string> = {
  bash: 'ctk.bash',
  zsh: '_ctk',
  fish: 'ctk.fish',
  pwsh: 'ctk.ps1',
};
