// Everything the routine's steps do to the world, behind one interface (as WatchDeps is for
// watch): the steps decide, these read, write, ask and draw. ./default-deps.ts wires the real
// ones; the step tests pass fakes.
import type { ListrRendererFactory } from 'listr2';
import type { AccountStatus, ResolvedAccount } from '../../domain/account.js';
import type { CredentialsRead } from '../../domain/token-state.js';
import type { LocateResult } from '../../claude/login.js';
import type { LoginOutcome } from '../../domain/routine.js';
import type { HistoryEntry } from '../../history/history.js';
import type { OAuthRefreshResult } from '../../oauth/types.js';
import type { Colors } from '../../ui/colors.js';
import type { RendererControl } from '../pausable-renderer.js';
import type { QueuedAccount } from './queued-account.js';

/** One history line as a step knows it; the time and the command are stamped when it is written. */
export type AttemptLine = Omit<HistoryEntry, 'at' | 'via'>;

export interface LoginCall {
  /** The located claude executable. */
  bin: string;
  account: ResolvedAccount;
  email: string | null;
  timeoutMs: number;
  /** Aborts the login (Ctrl-C, SIGTERM). */
  signal: AbortSignal;
}

export interface RoutineDeps {
  now(): number;
  platform: NodeJS.Platform;
  /** Running in the demo sandbox (CTK_DEMO=1): its "nothing to do" points at ctk demo reset. */
  inDemo: boolean;

  // ── reading accounts ──
  /** Saves the tokens interrupted refreshes obtained (their write-ahead records) before anything is read. */
  saveWaitingTokens(accounts: ResolvedAccount[], signal: AbortSignal): Promise<void>;
  /** Reads and classifies these accounts at `now` (never throws for one bad account). */
  checkAccounts(accounts: ResolvedAccount[], now: number): AccountStatus[];
  /** The same for every registered account, for the summary's next expiry. */
  checkEveryAccount(now: number): AccountStatus[];
  readCredentials(account: ResolvedAccount): CredentialsRead;
  /** Where the credentials live, for messages (never their content). */
  describeCredentials(account: ResolvedAccount): string;
  /** The email the account's folder is signed in as, when it can be read. */
  readEmail(account: ResolvedAccount): string | null;
  folderExists(dir: string): boolean;
  /** The stored refresh token was already rejected in an earlier run. */
  isRefreshTokenDead(account: ResolvedAccount): Promise<boolean>;

  // ── refreshing ──
  /** The browserless refresh; records its own history line and never throws. */
  refreshWithToken(account: ResolvedAccount, signal: AbortSignal): Promise<OAuthRefreshResult>;
  /** Finds claude once per run. */
  locateClaude(): LocateResult;
  /** `claude auth login` with the terminal handed over. */
  runLogin(call: LoginCall): Promise<LoginOutcome>;
  /** Appends one history line; a failed write is said, never thrown. */
  recordAttempt(line: AttemptLine): void;
  /** Pins the identity the folder is signed in as to an account that had none (never throws). */
  pinIdentity(account: ResolvedAccount): Promise<void>;

  // ── asking ──
  /** The queue checkbox: the ids kept, or null when the user cancelled. */
  askQueue(queue: QueuedAccount[]): Promise<string[] | null>;
  /** After Ctrl-C during a login. */
  askSkipOrStop(id: string): Promise<'skip' | 'stop'>;

  // ── output ──
  /** A line on the routine's output (stdout, or stderr with --json). */
  say(line?: string): void;
  colors: Colors;
  /** A terminal to ask in. */
  interactive: boolean;
  /** --json: the summary on stdout. */
  printJson(value: unknown): void;
  /** A signal's message on stderr. */
  notice(message: string): void;
  /** The task list's renderer, and the control that pauses it while claude or a prompt has the terminal. */
  renderer: ListrRendererFactory;
  screen: RendererControl;
}
