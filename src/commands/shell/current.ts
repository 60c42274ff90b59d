// ctk current: which account this shell is on. Runs on every `ct` and in prompts: it reads the
// registry and nothing else.
import { isCurrentAccount } from '../../claude/config-dir.js';
import { readRegistry, resolveAccounts } from '../../accounts/registry-file.js';
import { defaultClaudeDir } from '../../config/paths.js';
import { pinFor } from '../../accounts/folder-pins.js';

/** `current --pinned`: the account the working folder is pinned to (ctk pin), not the shell's. */
function pinned(dirWanted: boolean): number {
  const registry = readRegistry();
  const pin = pinFor(registry);
  const account = pin && resolveAccounts(registry).find((a) => a.id === pin.id);
  if (!pin || !account) {
    process.stderr.write(pin ? `ctk: this folder is pinned to ${pin.id}, which is not registered (ctk unpin --dir <folder>)\n` : 'ctk: this folder is not pinned (see ctk pin --list)\n');
    return 1;
  }
  process.stdout.write((dirWanted ? account.dir : account.id) + '\n');
  return 0;
}

export async function current(opts: { dir?: boolean; pinned?: boolean }): Promise<number> {
  if (opts.pinned) return pinned(Boolean(opts.dir));
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
