// Where `c <id>` goes: a registered id; `default`, the ~/.claude folder (unless an account is
// registered as "default"); `-`, the folder the shell was on before its last switch (the shell
// functions keep it in CTK_PREVIOUS_CONFIG_DIR, as cd keeps OLDPWD).
import { isCurrentAccount } from '../claude/config-dir.js';
import { defaultClaudeDir } from '../config/paths.js';
import type { ResolvedAccount } from '../domain/account.js';
import { UserError } from '../util/errors.js';
import { selectAccounts } from './registry-file.js';

export const PREVIOUS_VAR = 'CTK_PREVIOUS_CONFIG_DIR';
/** What CTK_PREVIOUS_CONFIG_DIR holds when the shell was on ~/.claude (no CLAUDE_CONFIG_DIR). */
export const DEFAULT_MARK = 'default';

export interface SwitchTarget {
  account: ResolvedAccount;
  /** false: a folder the shell was on that is no registered account (`-` goes back anyway). */
  registered: boolean;
}

/** The account in `dir` as Claude Code would find it, or null. */
function accountIn(accounts: ResolvedAccount[], dir: string): ResolvedAccount | null {
  return accounts.find((a) => !a.implicit && isCurrentAccount(a, { CLAUDE_CONFIG_DIR: dir })) ?? null;
}

function defaultTarget(accounts: ResolvedAccount[]): SwitchTarget {
  // Claude Code without CLAUDE_CONFIG_DIR (the statement unsets it), named as registered if it is.
  const registered = accountIn(accounts, defaultClaudeDir());
  if (registered) return { account: { ...registered, implicit: true }, registered: true };
  const implicit = accounts.find((a) => a.implicit);
  return { account: implicit ?? { id: 'default', dir: defaultClaudeDir(), label: '~/.claude', implicit: true }, registered: true };
}

export function switchTarget(accounts: ResolvedAccount[], id: string, env: NodeJS.ProcessEnv): SwitchTarget {
  if (accounts.some((a) => a.id === id)) return { account: selectAccounts(accounts, [id])[0], registered: true };
  if (id === 'default') return defaultTarget(accounts);
  if (id !== '-') return { account: selectAccounts(accounts, [id])[0], registered: true };
  const prev = env[PREVIOUS_VAR];
  if (!prev) throw new UserError('no previous account in this shell yet (c - goes back after a switch with c <id>)');
  if (prev === DEFAULT_MARK) return defaultTarget(accounts);
  const found = accountIn(accounts, prev);
  if (found) return { account: found, registered: true };
  return { account: { id: prev, dir: prev, implicit: false }, registered: false };
}
