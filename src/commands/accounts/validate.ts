// ctk accounts validate: folder, credentials, mode, identity, duplicate emails — read-only.
import { readRegistry, resolveAccounts } from '../../accounts/registry-file.js';
import { validateAccounts } from '../../accounts/validate.js';
import { defaultCredentialsStore } from '../../claude/credentials/store.js';
import { colors } from '../../ui/colors.js';
import { printable } from '../../domain/text.js';
import { writeJson } from '../../ui/json.js';

export async function validate(opts: { json?: boolean }): Promise<number> {
  const registry = readRegistry();
  const accounts = resolveAccounts(registry);
  const report = validateAccounts(accounts, defaultCredentialsStore());
  const broken = registry.broken.map((b) => ({ id: b.shownId, index: b.index, problem: b.problem }));
  const ok = report.ok && broken.length === 0;
  if (opts.json) {
    writeJson({ ...report, ok, brokenEntries: broken });
    return ok ? 0 : 1;
  }
  const c = colors();
  for (const b of broken) process.stdout.write(`${c.red('✗')} ${b.id}  ${printable(b.problem)}\n`);
  for (const a of report.accounts) {
    if (a.problems.length === 0) process.stdout.write(`${c.green('✓')} ${a.id}  ${c.dim(printable(a.dir))}\n`);
    else for (const p of a.problems) process.stdout.write(`${c.red('✗')} ${a.id}  ${printable(p)}\n`);
  }
  for (const d of report.duplicateEmails) {
    process.stdout.write(`${c.red('✗')} ${d.email} is signed in on ${d.ids.join(', ')}: log the wrong one(s) in again with ctk refresh <id>\n`);
  }
  const bad = report.accounts.filter((a) => a.problems.length).length + report.duplicateEmails.length + broken.length;
  process.stdout.write(bad ? `\n${bad} problem${bad === 1 ? '' : 's'} found\n` : `\nall ${report.accounts.length} accounts look fine\n`);
  return ok ? 0 : 1;
}
