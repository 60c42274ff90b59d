// The shell functions' own calls, recognised without commander (for src/fast-path.ts):
// `completion --accounts` runs on every TAB, `use --shell <sh> [--] <id>` on every `c <id>`,
// `current` on every `ct`/`ct-refresh`. Only these exact shapes; anything else takes the
// full command line, which runs the same code.
import { ID_PATTERN } from '../domain/ids.js';

type Job = () => Promise<number>;

const SHELL_NAMES = new Set(['bash', 'zsh', 'fish', 'pwsh']);

export function matchShellFastPath(args: string[]): Job | null {
  if (args.length === 2 && args[0] === 'completion' && args[1] === '--accounts') {
    return async () => (await import('../commands/completion.js')).run(undefined, { accounts: true });
  }
  if (args.length === 1 && args[0] === 'current') {
    return async () => (await import('../commands/use.js')).current({});
  }
  if (args[0] === 'use') {
    // use --shell <sh> -- <id>   (what ctk init's functions run)   or   use <id> --shell <sh>
    const [a, b, c, d] = args.slice(1);
    let shell: string | undefined;
    let id: string | undefined;
    if (args.length === 5 && a === '--shell' && c === '--') [shell, id] = [b, d];
    else if (args.length === 4 && a === '--shell') [shell, id] = [b, c];
    else if (args.length === 4 && b === '--shell') [id, shell] = [a, c];
    if (shell && id && SHELL_NAMES.has(shell) && ID_PATTERN.test(id)) {
      const [s, i] = [shell, id];
      return async () => (await import('../commands/use.js')).use(i, { shell: s });
    }
  }
  return null;
}
