// The browserless branch of a routine, kept apart so src/oauth can grow without touching the
// login flow. It refreshes and records through refreshAndRecord (the same history line as watch
// and usage) and never throws: a bug or a network error there becomes a failed row.
import type { ResolvedAccount } from '../domain/account.js';
import { ON_HOLD_URL } from '../domain/oauth-grant.js';
import type { OAuthRefreshResult } from '../oauth/types.js';

export async function oauthAttempt(
  account: ResolvedAccount,
  opts: { env: NodeJS.ProcessEnv; now: () => number; signal: AbortSignal; via: string },
): Promise<OAuthRefreshResult> {
  const { refreshAndRecord } = await import('../oauth/refresh-and-record.js');
  return refreshAndRecord(account, { env: opts.env, now: opts.now, signal: opts.signal, via: opts.via });
}

/** What the user should do after an oauth outcome that did not refresh. */
export function oauthNextStep(id: string, r: OAuthRefreshResult): string {
  if (r.outcome === 'needs-login' || r.outcome === 'not-refreshable') return `log in: ctk refresh ${id} --method login`;
  if (r.outcome === 'on-hold') return `see ${ON_HOLD_URL}; ctk keeps the refresh token and tries it again next time`;
  return `try again later, or log in: ctk refresh ${id} --method login`;
}
