// ctk hooks remove [ids…]: takes out exactly what ctk hooks install added, nothing else.
import { removeHooks } from '../../domain/claude-settings.js';
import { applyToAccounts, partsOf, partsText, report, type HooksOptions } from './hooks-apply.js';

export async function remove(ids: string[], opts: HooksOptions): Promise<number> {
  const parts = partsOf(opts);
  return report(applyToAccounts(ids, (s) => removeHooks(s, parts)), opts, `took ctk’s ${partsText(parts)} out of`);
}
