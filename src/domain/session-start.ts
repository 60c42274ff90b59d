// What ctk's SessionStart hook tells the user when a Claude Code session starts: the account's
// token, its login deadline, a wrong sign-in, a folder pinned to another account. Pure.
import type { AccountStatus } from './account.js';
import { formatTimeLeft } from './duration.js';
import type { FolderPin } from './folder-pins.js';
import { loginEndsText } from './login-deadline.js';

type Facts = Pick<AccountStatus, 'id' | 'label' | 'email' | 'state' | 'msLeft' | 'error' | 'loginExpiresAt' | 'loginEnding'>;

function who(s: Facts): string {
  const extra = s.label ?? s.email;
  return extra ? `${s.id} (${extra})` : s.id;
}

function tokenWarning(s: Facts): string | null {
  switch (s.state) {
    case 'expired':
      return `its token expired${s.msLeft !== null ? ` ${formatTimeLeft(-s.msLeft)} ago` : ''}; fix: ctk refresh ${s.id}`;
    case 'revoked':
      return `its tokens were revoked (cleared after a rejected refresh); log in again: ctk refresh ${s.id}`;
    case 'missing':
      return `it is not logged in; log in: ctk refresh ${s.id}`;
    case 'invalid':
      return `its credentials are unreadable${s.error ? ` (${s.error})` : ''}; see: ctk accounts validate`;
    case 'wrong-account':
      return s.error ?? `this folder is signed in as another account; fix: ctk refresh ${s.id} --method login`;
    case 'expiring':
      return `its token expires in ${formatTimeLeft(s.msLeft)}; refresh it: ctk refresh ${s.id}`;
    default:
      return null;
  }
}

/** The warnings for this session, one sentence each; empty when all is well. */
export function sessionStartWarnings(s: Facts, pinConflict: FolderPin | null, now: number): string[] {
  const out: string[] = [];
  const token = tokenWarning(s);
  if (token) out.push(`account ${who(s)}: ${token}`);
  if (s.loginEnding && s.loginExpiresAt !== null) out.push(`account ${s.id}: ${loginEndsText(s.loginExpiresAt, now)}; renew it with a browser sign-in: ctk refresh ${s.id} --method login`);
  if (pinConflict) out.push(`this folder is pinned to account ${pinConflict.id}, but this session runs as ${s.id}; start it as ${pinConflict.id}: ctk run ${pinConflict.id}`);
  return out;
}

/** The hook's stdout: Claude Code shows `systemMessage` to the user. Nothing when all is well. */
export function sessionStartOutput(warnings: string[]): string {
  if (warnings.length === 0) return '';
  return JSON.stringify({ systemMessage: warnings.map((w) => `ctk: ${w}`).join('\n') }) + '\n';
}
