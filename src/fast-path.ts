// The commands people and shells run many times a day, recognised without loading
// commander (~25 ms). Only exact, simple shapes qualify; anything else (help, other
// flags, typos) goes through the full command line, which runs the same code.
import { ID_PATTERN } from './domain/ids.js';
import { matchShellFastPath } from './shell/fast-path.js';

type Job = () => Promise<number>;

export function matchFastPath(args: string[]): Job | null {
  const shellJob = matchShellFastPath(args);
  if (shellJob) return shellJob;
  if (args.length === 3 && args[0] === 'accounts' && args[1] === 'list' && args[2] === '--ids') {
    return async () => (await import('./commands/accounts-list.js')).list({ ids: true });
  }
  if (args.length === 0 || args[0] === 'status') {
    const ids: string[] = [];
    let json = false;
    for (const a of args.slice(1)) {
      if (a === '--json') json = true;
      else if (!a.startsWith('-') && ID_PATTERN.test(a)) ids.push(a);
      else return null;
    }
    return async () => (await import('./commands/status.js')).run(ids, { json });
  }
  return null;
}
