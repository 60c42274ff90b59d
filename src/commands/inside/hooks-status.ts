// ctk hooks status [ids…]: which accounts have ctk's status line and SessionStart hook, and how
// the commands start ctk. Read-only.
import { readRegistry, resolveAccounts, selectAccounts } from '../../accounts/registry-file.js';
import { readClaudeSettings } from '../../claude/settings-file.js';
import { hooksState } from '../../domain/claude-settings.js';
import { printable } from '../../domain/text.js';
import { writeJson } from '../../ui/json.js';
import { ctkInvocation } from '../../util/ctk-bin.js';

export async function status(ids: string[], opts: { json?: boolean }): Promise<number> {
  const ctk = ctkInvocation();
  const rows = selectAccounts(resolveAccounts(readRegistry()), ids).map((a) => {
    const read = readClaudeSettings(a.dir);
    if (!read.ok) return { id: a.id, file: read.file, statusline: null, sessionStart: null, statuslineCommand: null, sessionStartCommand: null, error: read.reason };
    return { id: a.id, file: read.file, ...hooksState(read.obj), error: null };
  });
  if (opts.json) {
    writeJson({ schemaVersion: 1, command: ctk.command, onPath: ctk.onPath, accounts: rows });
    return rows.some((r) => r.error) ? 3 : 0;
  }
  process.stdout.write(ctk.onPath ? 'commands start ctk from PATH\n' : `ctk is not on PATH: commands start ${ctk.command}\n`);
  const width = Math.max(2, ...rows.map((r) => r.id.length));
  process.stdout.write(`${'id'.padEnd(width)}  statusLine  SessionStart\n`);
  for (const r of rows) {
    if (r.error) {
      process.stdout.write(`${r.id.padEnd(width)}  ?           ?  ${printable(r.error)}\n`);
      continue;
    }
    const old = (r.statusline === 'ctk' && r.statuslineCommand !== `${ctk.command} statusline`) || (r.sessionStart && r.sessionStartCommand !== `${ctk.command} hook session-start`);
    const stale = old ? '  (another ctk command: ctk hooks install updates it)' : '';
    process.stdout.write(`${r.id.padEnd(width)}  ${String(r.statusline).padEnd(10)}  ${r.sessionStart ? 'ctk' : 'none'}${stale}\n`);
  }
  return rows.some((r) => r.error) ? 3 : 0;
}
