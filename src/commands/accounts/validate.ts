// ctk accounts validate: folder, credentials, mode, identity, duplicate emails — read-only.
import { readRegistry, resolveAccounts } from '../../accounts/registry-file.js';
import { validateAccounts } from '../../accounts/validate.js';
import { defaultCredentialsStore } from '../../claude/credentials/store.js';
import { colors } from '../../ui/colors.js';
import { writeJson } from '../../ui/json.js';

export async function validate(opts: { json?: boolean }): Promise<number> {
  const registry = readRegistry();
  const accounts = resolveAccounts(registry);
  const report = validateAccounts(accounts, defaultCredentialsStore());
  if (opts.json) {
    writeJson(report);
    return report.ok ? 0 : 1;
  }
  const c = colors();
  for (const a of report.accounts) {
    if (a.problems.length === 0) process.stdout.write(`${c.green('✓')} ${a.id}  ${c.dim(a.dir)}\n`);
    else for (const p of a.problems) process.stdout.write(`${c.red('✗')} ${a.id}  ${p}\n`);
  }
  for (const d of report.duplicateEmails) {
    process.stdout.write(`${c.red('✗')} ${d.email} is signed in on ${d.ids.join(', ')}: log the wrong one(s) in again with ctk refresh <id>\n`);
  }
  const bad = report.accounts.filter((a) => a.problems.length).length + report.duplicateEmails.length;
  process.stdout.write(bad ? `\n${bad} problem${bad === 1 ? '' : 's'} found\n` : `\nall ${report.accounts.length} accounts look fine\n`);
  return report.ok ? 0 : 1;
}
