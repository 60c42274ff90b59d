// ctk history: every refresh and login attempt ctk made, from history.jsonl.
import { historyFile } from '../../config/paths.js';
import { readHistory } from '../../history/history.js';
import { colors } from '../../ui/colors.js';
import { renderHistoryTable } from '../../ui/history-table.js';
import { UserError } from '../../util/errors.js';
import { redact } from '../../domain/redact.js';
import { loadContext } from '../../app/context.js';
import { writeJson } from '../../ui/json.js';

export interface HistoryOptions {
  json?: boolean;
  /** parsed from --limit (default 50) */
  limit?: number;
}

export function run(id: string | undefined, opts: HistoryOptions): number {
  const limit = opts.limit ?? 50;
  const ctx = loadContext();
  if (id !== undefined && !ctx.accounts.some((a) => a.id === id) && !readHistory(ctx.env).some((e) => e.account === id)) {
    throw new UserError(`unknown account ${id} and no history for it (see ctk accounts list)`);
  }
  const all = readHistory(ctx.env).filter((e) => id === undefined || e.account === id);
  const entries = all.slice(-limit).map((e) => (e.reason ? { ...e, reason: redact(e.reason) } : e));
  if (opts.json) {
    writeJson({ schemaVersion: 1, file: historyFile(ctx.env), account: id ?? null, total: all.length, entries });
    return 0;
  }
  const c = colors();
  if (entries.length === 0) {
    process.stdout.write(
      `No refreshes or logins recorded${id ? ` for ${id}` : ''} yet. ctk morning, ctk evening and ctk refresh add to it.\n`,
    );
    return 0;
  }
  const lines = [renderHistoryTable(entries, c, ctx.now())];
  if (all.length > entries.length) lines.push(c.dim(`(last ${entries.length} of ${all.length}; --limit ${all.length} shows all)`));
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
