// The contract between the browserless refresh (src/oauth, src/claude writer) and its callers
// (routines, watch --auto-refresh, usage). Implemented by src/oauth/refresh-account.ts.
import type { ResolvedAccount } from '../domain/account.js';

export type OAuthRefreshOutcome =
  /** New tokens obtained, written back and verified. */
  | 'refreshed'
  /** Another process (Claude Code, another ctk) refreshed while we waited for the lock. */
  | 'already-refreshed'
  /** invalid_grant, no refresh token, or revoked: only a browser login helps. */
  | 'needs-login'
  /** account_on_hold (§2a): not a dead token; nothing to log in again for. */
  | 'on-hold'
  /** A store ctk must not write (Windows Credential Manager, a Keychain item with overflow). */
  | 'not-refreshable'
  /** Transient or unexpected failure; the message says whether anything was saved. */
  | 'failed';

export interface OAuthRefreshResult {
  outcome: OAuthRefreshOutcome;
  /** One line for the user, redacted, saying what happened and what to do. */
  message: string;
  oldExpiresAt: number | null;
  newExpiresAt: number | null;
  /** Short sha256 fingerprint of the refresh token that was used, for history. */
  refreshTokenFp: string | null;
  /** RFC 6749 error code from the server, when there was one. */
  oauthError?: string;
  /** New tokens were written to the credentials (also for a reply that could not be used as is). */
  saved?: boolean;
  /**
   * ms from the reply's last byte coming off the socket to the parsed write-ahead record being
   * synced to disk (the raw bytes are in the record, safe from a SIGKILL, as soon as they arrive).
   */
  durableMs?: number | null;
}

export interface OAuthRefreshOptions {
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  signal?: AbortSignal;
  /** Token endpoint; default CTK_OAUTH_TOKEN_URL or https://platform.claude.com/v1/oauth/token. */
  tokenUrl?: string;
}

export type RefreshWithToken = (account: ResolvedAccount, opts?: OAuthRefreshOptions) => Promise<OAuthRefreshResult>;
