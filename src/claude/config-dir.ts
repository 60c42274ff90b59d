// Which account is the current one (Claude Code's config-dir rule): the one CLAUDE_CONFIG_DIR names (the implicit default
// without it). Compared as Claude Code would find the folder: NFC, resolved, case-folded on Windows.
import path from 'node:path';
import type { ResolvedAccount } from '../domain/account.js';

function normDir(p: string): string {
  const n = path.resolve(p.normalize('NFC'));
  return process.platform === 'win32' ? n.toLowerCase() : n;
}

let lastCurrent: [string, string] | undefined;
export function isCurrentAccount(account: ResolvedAccount, env: NodeJS.ProcessEnv = process.env): boolean {
  const cur = env.CLAUDE_CONFIG_DIR;
  if (!cur) return account.implicit;
  if (lastCurrent?.[0] !== cur) lastCurrent = [cur, normDir(cur)];
  return lastCurrent[1] === normDir(account.dir);
}

