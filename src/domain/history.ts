// One line of history.jsonl: a refresh or login attempt. Never a token.
export type HistoryMethod = 'login' | 'oauth';
export type HistoryResult = 'refreshed' | 'failed' | 'skipped' | 'already-refreshed' | 'needs-login' | 'on-hold';

export interface HistoryEntry {
  /** ISO time of the attempt's end. */
  at: string;
  account: string;
  method: HistoryMethod;
  result: HistoryResult;
  /** expiresAt before and after (ms epoch), null when unknown. */
  oldExpiresAt: number | null;
  newExpiresAt: number | null;
  /** newExpiresAt minus the time the new token was obtained: the lifespan the server granted. */
  lifespanMs: number | null;
  /** Why it failed or was skipped; redacted. */
  reason?: string;
  /** Short sha256 fingerprint of the refresh token used (oauth only). */
  refreshTokenFp?: string;
  /** The login deadline after this attempt (claudeAiOauth.refreshTokenExpiresAt), when known. */
  loginExpiresAt?: number | null;
  /** Which command ran it: refresh, morning, evening, watch, usage, run. */
  via?: string;
}
