// The one way ctk refreshes an account with its stored refresh token and records it: the
// routines, watch --auto-refresh and usage all call this, so a refresh leaves the same history
// line whichever command ran it. Never throws: a bug or an odd file system is a `failed` result.
import type { ResolvedAccount } from '../domain/account.js';
import { appendHistory, type HistoryResult } from '../history/history.js';
import { redact } from '../domain/redact.js';
import type { OAuthRefreshOptions, OAuthRefreshOutcome, OAuthRefreshResult } from './types.js';
import { errorText } from '../util/errors.js';

export const HISTORY_RESULT: Record<OAuthRefreshOutcome, HistoryResult> = {
  refreshed: 'refreshed',
  'already-refreshed': 'already-refreshed',
  'needs-login': 'needs-login',
  'on-hold': 'on-hold',
  'not-refreshable': 'failed',
  failed: 'failed',
};

export interface RecordOptions extends OAuthRefreshOptions {
  /** Which command ran it, for history. */
  via: string;
  /** Where a failed history write is reported (default: a line on stderr). */
  warn?: (line: string) => void;
  /** Replaces the refresh itself (tests). */
  refresh?: (account: ResolvedAccount, opts: OAuthRefreshOptions) => Promise<OAuthRefreshResult>;
}

/** The lifespan the server granted: new expiry minus when the token was obtained. */
export function grantedLifespan(r: Pick<OAuthRefreshResult, 'outcome' | 'newExpiresAt'>, obtainedAt: number): number | null {
  return r.outcome === 'refreshed' && r.newExpiresAt !== null ? r.newExpiresAt - obtainedAt : null;
}

export async function refreshAndRecord(account: ResolvedAccount, opts: RecordOptions): Promise<OAuthRefreshResult> {
  const now = opts.now ?? Date.now;
  let res: OAuthRefreshResult;
  try {
    const refresh = opts.refresh ?? (await import('./refresh-account.js')).refreshWithToken;
    res = await refresh(account, { env: opts.env, now, signal: opts.signal, tokenUrl: opts.tokenUrl });
    res = { ...res, message: redact(res.message ?? '') };
  } catch (err: any) {
    res = { outcome: 'failed', message: redact(`browserless refresh failed: ${errorText(err)}`), oldExpiresAt: null, newExpiresAt: null, refreshTokenFp: null };
  }
  const at = now();
  const ok = res.outcome === 'refreshed' || res.outcome === 'already-refreshed';
  try {
    appendHistory(
      {
        at: new Date(at).toISOString(),
        account: account.id,
        method: 'oauth',
        result: HISTORY_RESULT[res.outcome] ?? 'failed',
        oldExpiresAt: res.oldExpiresAt,
        newExpiresAt: ok ? res.newExpiresAt : null,
        lifespanMs: grantedLifespan(res, at),
        ...(ok ? {} : { reason: res.message }),
        ...(res.refreshTokenFp ? { refreshTokenFp: res.refreshTokenFp } : {}),
        via: opts.via,
      },
      opts.env,
    );
  } catch (err: any) {
    // A full disk must not turn a good refresh into a failure; say so and go on.
    (opts.warn ?? ((l: string) => process.stderr.write(`ctk: ${l}\n`)))(`could not write history: ${err?.code ?? err?.message}`);
  }
  return res;
}
