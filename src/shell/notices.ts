// What `ctk use` and `ctk run` tell the user about the account's token: pure, one place.
import type { AccountStatus } from '../domain/account.js';
import { HOUR_MS, formatTimeLeft } from '../domain/duration.js';
import type { TokenState } from '../domain/token-state.js';

export const HOUR = HOUR_MS;

export type Severity = 'info' | 'warning' | 'danger';

export interface Notice {
  severity: Severity;
  lines: string[];
}

function who(s: Pick<AccountStatus, 'id' | 'label' | 'email'>): string {
  const extra = s.label ?? s.email;
  return extra ? `${s.id} (${extra})` : s.id;
}

/** Why the token cannot be used, or null when it can. */
export function deadReason(s: Pick<AccountStatus, 'state' | 'msLeft' | 'error'>): string | null {
  switch (s.state) {
    case 'expired':
      return s.msLeft !== null ? `its token expired ${formatTimeLeft(-s.msLeft)} ago` : 'its token expired';
    case 'revoked':
      return 'its tokens were revoked (cleared by Claude Code after a rejected refresh)';
    case 'missing':
      return 'it is not logged in (no credentials)';
    case 'invalid':
      return `its credentials are unreadable${s.error ? ` (${s.error})` : ''}`;
    default:
      return null;
  }
}

export function isDead(state: TokenState): boolean {
  return state === 'expired' || state === 'revoked' || state === 'missing' || state === 'invalid';
}

/** The exit code of `ctk use`: 0 usable (even expiring), 2 dead, 3 unreadable. */
export function useExitCode(state: TokenState): number {
  if (state === 'invalid') return 3;
  if (state === 'expired' || state === 'revoked' || state === 'missing') return 2;
  return 0;
}

/** What `ctk use` prints on stderr: after switching, or (printed to a terminal) about the account. */
export function switchNotice(s: AccountStatus, opts: { switched: boolean; refresh?: string } = { switched: true }): Notice {
  const refresh = opts.refresh ?? `ctk refresh ${s.id}`;
  const name = who(s);
  const subject = opts.switched ? `switched to ${name}` : `account ${name}`;
  const dead = deadReason(s);
  if (dead) {
    const fix = s.state === 'invalid' ? 'see what is wrong: ctk accounts validate' : s.state === 'missing' ? `log in: ${refresh}` : `log in again: ${refresh}`;
    return {
      severity: 'danger',
      lines: [
        `!! ${subject}, but ${dead}: claude will fail with this account.`,
        `!! ${fix}`,
      ],
    };
  }
  const lines: string[] = [];
  let severity: Severity = 'info';
  if (s.state === 'expiring') {
    severity = 'warning';
    lines.push(`${subject}; its token expires in ${formatTimeLeft(s.msLeft)}: ${refresh}`);
  } else {
    lines.push(`${subject} · ${s.state}, ${formatTimeLeft(s.msLeft)} left`);
  }
  if (s.error) {
    severity = 'warning';
    lines.push(`note: ${s.error}`);
  }
  return { severity, lines };
}

export type Preflight =
  | { action: 'start'; warning: string | null }
  | { action: 'refresh' }
  | { action: 'refuse'; exitCode: number; message: string };

/**
 * Whether `ctk run` may start claude: dead tokens are refused (or refreshed first with
 * --refresh), a token with less than an hour left gets a warning (or a refresh).
 */
export function preflight(s: AccountStatus, opts: { refresh: boolean; alreadyRefreshed: boolean }): Preflight {
  const dead = deadReason(s);
  const soon = (s.state === 'healthy' || s.state === 'expiring') && s.msLeft !== null && s.msLeft <= HOUR;
  if (s.state === 'invalid') {
    return { action: 'refuse', exitCode: 3, message: `account ${who(s)}: ${dead}; see what is wrong: ctk accounts validate` };
  }
  if (dead) {
    if (opts.refresh && !opts.alreadyRefreshed) return { action: 'refresh' };
    const message = opts.alreadyRefreshed
      ? `account ${who(s)}: after the refresh ${dead}; try a login: ctk refresh ${s.id} --method login`
      : `account ${who(s)}: ${dead}, so claude would fail; fix: ctk refresh ${s.id} (or ctk run ${s.id} --refresh)`;
    return { action: 'refuse', exitCode: 2, message };
  }
  if (soon && opts.refresh && !opts.alreadyRefreshed) return { action: 'refresh' };
  return {
    action: 'start',
    warning: soon ? `account ${who(s)}: token expires in ${formatTimeLeft(s.msLeft)}; refresh soon: ctk refresh ${s.id}` : null,
  };
}
