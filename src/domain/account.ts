import type { TokenState } from './token-state.js';

export interface Account {
  id: string;
  /** Absolute path, exactly as the user gave it: Claude Code hashes this string on macOS. */
  dir: string;
  label?: string;
  /** The pinned identity: who this account is meant to be signed in as (DESIGN §4). */
  email?: string;
  accountUuid?: string;
}

/** An account as ctk uses it: registered, or the implicit default ~/.claude. */
export interface ResolvedAccount extends Account {
  /** True for the implicit `default` account used when nothing is registered. */
  implicit: boolean;
}

/** One account as a check found it: what status, watch, routines and views show. No secrets. */
export interface AccountStatus {
  id: string;
  label: string | null;
  dir: string;
  email: string | null;
  subscriptionType: string | null;
  state: TokenState;
  expiresAt: number | null;
  msLeft: number | null;
  error: string | null;
  current: boolean;
  /** Where Claude Code keeps this account's credentials. */
  storage: 'file' | 'keychain' | 'windows-credential-manager';
  /** Something worth knowing that is not a problem of the token (redacted), or null. */
  note: string | null;
  /** The pinned email (who the account is meant to be), or null when none is pinned. */
  expectedEmail: string | null;
  /** The login deadline (claudeAiOauth.refreshTokenExpiresAt), or null when unknown. */
  loginExpiresAt: number | null;
  /** A usable token whose login ends within loginWarningDays: a browser sign-in is due. */
  loginEnding: boolean;
}
