// The contract between the browserless refresh (src/oauth, src/claude writer) and its callers
// (routines, watch --auto-refresh, usage). Implemented by src/oauth/refresh-account.ts.
import type { ResolvedAccount } from '../accounts/types.js';

export type OAuthRefreshOutcome =
  /** New tokens obtained, written back and verified. */
  | 'refreshed'
  /** Another process (Claude Code, another ctk) refreshed while we waited for the lock. */
  | 'already-refreshed'
  /** invalid_grant, no refresh token, or revoked: only a browser login helps. */
  | 'needs-login'
  /** Transient or unexpected failure; the credentials file is untouched. */
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
}

export interface OAuthRefreshOptions {
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  signal?: AbortSignal;
  /** Token endpoint; default CTK_OAUTH_TOKEN_URL or https://platform.claude.com/v1/oauth/token. */
  tokenUrl?: string;
}

export type RefreshWithToken = (account: ResolvedAccount, opts?: OAuthRefreshOptions) => Promise<OAuthRefreshResult>;
