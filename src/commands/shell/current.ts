// ctk current: which account this shell is on. Runs on every `ct` and in prompts: it reads the
// registry and nothing else.
import { isCurrentAccount } from '../../claude/config-dir.js';
import { readRegistry, resolveAccounts } from '../../accounts/registry-file.js';
import { defaultClaudeDir } from '../../config/paths.js';

export async function current(opts: { dir?: boolean }): Promise<number> {
  const accounts = resolveAccounts(readRegistry());
  // Without CLAUDE_CONFIG_DIR Claude Code uses ~/.claude, which may be a registered account.
  const env = { ...process.env, CLAUDE_CONFIG_DIR: process.env.CLAUDE_CONFIG_DIR || defaultClaudeDir() };
  const found = accounts.find((a) => isCurrentAccount(a, env));
  if (!found) {
    const where = process.env.CLAUDE_CONFIG_DIR ? `CLAUDE_CONFIG_DIR=${process.env.CLAUDE_CONFIG_DIR}` : 'CLAUDE_CONFIG_DIR is not set';
    process.stderr.write(`ctk: this shell is on no registered account (${where}); switch with: c <id>  (or ctk use <id>)\n`);
    return 1;
  }
  process.stdout.write((opts.dir ? found.dir : found.id) + '\n');
  return 0;
}
