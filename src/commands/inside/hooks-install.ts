// ctk hooks install [ids…]: ctk's status line and SessionStart hook in each account's settings.json.
import { installHooks } from '../../domain/claude-settings.js';
import { ctkInvocation } from '../../util/ctk-bin.js';
import { applyToAccounts, partsOf, partsText, report, type HooksOptions } from './hooks-apply.js';

export async function install(ids: string[], opts: HooksOptions): Promise<number> {
  const ctk = ctkInvocation();
  const parts = partsOf(opts);
  const rows = applyToAccounts(ids, (s) => installHooks(s, ctk.command, parts));
  const code = report(rows, opts, `added ${partsText(parts)} to`, { command: ctk.command, onPath: ctk.onPath });
  if (!opts.json && rows.some((r) => r.result === 'changed')) {
    const how = ctk.onPath ? 'runs ctk from PATH' : `runs ${ctk.command} (ctk is not on PATH)`;
    process.stdout.write(`Claude Code ${how}; new sessions pick it up. Undo: ctk hooks remove\n`);
  }
  return code;
}
