// The browserless branch of a routine, kept apart so src/oauth can grow without touching the
// login flow. It calls refreshWithToken (src/oauth/types.ts) and never throws: a bug or a
// network error there becomes a failed row, not a crashed routine.
import type { ResolvedAccount } from '../accounts/types.js';
import type { OAuthRefreshResult } from '../oauth/types.js';
import { redact } from '../util/redact.js';

export async function oauthAttempt(
  account: ResolvedAccount,
  opts: { env: NodeJS.ProcessEnv; now: () => number; signal: AbortSignal; before: number | null },
): Promise<OAuthRefreshResult> {
  try {
    const { refreshWithToken } = await import('../oauth/refresh-account.js');
    const r = await refreshWithToken(account, { env: opts.env, now: opts.now, signal: opts.signal });
    return { ...r, message: redact(r.message ?? '') };
  } catch (err: any) {
    return {
      outcome: 'failed',
      message: redact(`browserless refresh failed: ${err?.message ?? String(err)}`),
      oldExpiresAt: opts.before,
      newExpiresAt: null,
      refreshTokenFp: null,
    };
  }
}

/** What the user should do after an oauth outcome that did not refresh. */
export function oauthNextStep(id: string, r: OAuthRefreshResult): string {
  if (r.outcome === 'needs-login') return `log in: ctk refresh ${id} --method login`;
  return `try again later, or log in: ctk refresh ${id} --method login`;
}
