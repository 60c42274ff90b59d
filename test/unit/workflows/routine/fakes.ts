// Fakes for RoutineDeps: accounts in memory, a fixed clock, a claude and a token endpoint that
// do what the test says, and every write (history, output, pauses) recorded for the test to read.
import { SilentRenderer } from 'listr2';
import type { AccountStatus, ResolvedAccount } from '../../../../src/domain/account.js';
import type { Method } from '../../../../src/domain/routine.js';
import type { CredentialsRead } from '../../../../src/domain/token-state.js';
import type { LoginOutcome } from '../../../../src/domain/routine.js';
import type { OAuthRefreshResult } from '../../../../src/oauth/types.js';
import type { Colors } from '../../../../src/ui/colors.js';
import { Interrupts } from '../../../../src/workflows/interrupts.js';
import type { AttemptLine, LoginCall, RoutineDeps } from '../../../../src/workflows/routine/deps.js';
import type { RoutineOptions } from '../../../../src/workflows/routine/options.js';
import { QueuedAccount } from '../../../../src/workflows/routine/queued-account.js';
import { createRoutineState, type AccountScope, type RoutineState } from '../../../../src/workflows/routine/state.js';

export const NOW = Date.UTC(2026, 10, 27, 8, 0, 0);
export const H = 3_600_000;

const identity = (s: unknown) => String(s);
export const PLAIN = new Proxy({} as Colors, { get: (_t, key) => (key === 'isColorSupported' ? false : identity) });

export function account(id: string, over: Partial<ResolvedAccount> = {}): ResolvedAccount {
  return { id, dir: `/accounts/${id}`, email: `dev${id}@example.com`, implicit: false, ...over };
}

export function oauthRead(expiresAt: number | null, over: Partial<Extract<CredentialsRead, { kind: 'oauth' }>> = {}): CredentialsRead {
  return {
    kind: 'oauth',
    expiresAt,
    hasAccessToken: true,
    hasRefreshToken: true,
    subscriptionType: 'max',
    rateLimitTier: null,
    scopes: ['user:inference'],
    ...over,
  };
}

export function statusOf(a: ResolvedAccount, expiresAt: number | null, over: Partial<AccountStatus> = {}): AccountStatus {
  const msLeft = expiresAt === null ? null : expiresAt - NOW;
  return {
    id: a.id,
    label: a.label ?? null,
    dir: a.dir,
    email: a.email ?? null,
    subscriptionType: 'max',
    state: msLeft === null ? 'missing' : msLeft <= 0 ? 'expired' : msLeft < 2 * H ? 'expiring' : 'healthy',
    expiresAt,
    msLeft,
    error: null,
    current: false,
    storage: 'file',
    note: null,
    expectedEmail: a.email ?? null,
    loginExpiresAt: null,
    loginEnding: false,
    ...over,
  };
}

export function routineOptions(over: Partial<RoutineOptions> = {}): RoutineOptions {
  return {
    command: 'refresh',
    accounts: [],
    queueMode: { kind: 'window', windowMs: 2 * H },
    windowHours: 2,
    warningHours: 2,
    method: 'auto',
    yes: true,
    dryRun: false,
    json: false,
    loginTimeoutMs: 600_000,
    concurrency: 4,
    bin: 'claude',
    ...over,
  };
}

/** The fake world: what the accounts hold, and everything the routine did to it. */
export class FakeWorld {
  now = NOW;
  /** What each account's store holds (by id); a login or refresh may change it. */
  readonly creds = new Map<string, CredentialsRead>();
  /** Who each folder is signed in as (by id). */
  readonly emails = new Map<string, string | null>();
  readonly missingFolders = new Set<string>();
  readonly deadTokens = new Set<string>();
  /** What the browserless refresh answers (by id); it records nothing here (refreshAndRecord writes its own line). */
  refresh: (a: ResolvedAccount) => OAuthRefreshResult = (a) => ok(this.now + 8 * H, a);
  /** What the login does (by default: stores a token 8 h ahead and succeeds). */
  login: (call: LoginCall) => LoginOutcome = (call) => {
    this.creds.set(call.account.id, oauthRead(this.now + 8 * H));
    return { kind: 'ok' };
  };
  located: ReturnType<RoutineDeps['locateClaude']> = { ok: true, path: '/bin/claude' };
  choose: (queue: QueuedAccount[]) => string[] | null = (q) => q.map((a) => a.id);
  skipOrStop: 'skip' | 'stop' = 'skip';
  interactive = false;

  readonly lines: AttemptLine[] = [];

  readonly pinned: string[] = [];
  readonly said: string[] = [];
  readonly json: unknown[] = [];
  readonly refreshed: string[] = [];
  readonly logins: LoginCall[] = [];
  readonly asked: string[] = [];
  readonly screen: string[] = [];

  readonly deps: RoutineDeps = {
    now: () => this.now,
    platform: 'linux',
    inDemo: false,
    checkAccounts: (accounts) => accounts.map((a) => this.statusOf(a)),
    checkEveryAccount: () => [],
    readCredentials: (a) => this.creds.get(a.id) ?? { kind: 'missing', reason: 'no credentials file' },
    describeCredentials: (a) => `${a.dir}/.credentials.json`,
    readEmail: (a) => (this.emails.has(a.id) ? this.emails.get(a.id)! : (a.email ?? null)),
    folderExists: (dir) => ![...this.missingFolders].some((id) => dir === `/accounts/${id}`),
    isRefreshTokenDead: async (a) => this.deadTokens.has(a.id),
    refreshWithToken: async (a) => {
      this.refreshed.push(a.id);
      return this.refresh(a);
    },
    locateClaude: () => this.located,
    runLogin: async (call) => {
      this.logins.push(call);
      return this.login(call);
    },
    recordAttempt: (line) => this.lines.push(line),
    saveWaitingTokens: async () => undefined,
    pinIdentity: async (a) => {
      this.pinned.push(a.id);
    },
    askQueue: async (queue) => {
      this.asked.push('queue');
      return this.choose(queue);
    },
    askSkipOrStop: async (id) => {
      this.asked.push(`skip-or-stop ${id}`);
      return this.skipOrStop;
    },
    say: (line = '') => this.said.push(line),
    colors: PLAIN,
    interactive: false, // follows world.interactive (see the constructor)
    printJson: (value) => this.json.push(value),
    notice: () => {},
    renderer: SilentRenderer,
    screen: { pause: () => this.screen.push('pause'), resume: () => this.screen.push('resume'), markFailed: (title: string) => this.screen.push(`failed: ${title}`) },
  };

  constructor() {
    Object.defineProperty(this.deps, 'interactive', { get: () => this.interactive });
  }

  statusOf(a: ResolvedAccount): AccountStatus {
    const read = this.deps.readCredentials(a);
    return statusOf(a, read.kind === 'oauth' ? (read.expiresAt as number | null) : null);
  }
}

export function ok(newExpiresAt: number, a?: ResolvedAccount): OAuthRefreshResult {
  return { outcome: 'refreshed', message: `refreshed ${a?.id ?? ''}`.trim(), oldExpiresAt: null, newExpiresAt, refreshTokenFp: 'abc123abc123' };
}

export function notRefreshed(outcome: OAuthRefreshResult['outcome'], message: string): OAuthRefreshResult {
  return { outcome, message, oldExpiresAt: null, newExpiresAt: null, refreshTokenFp: 'abc123abc123' };
}

export function newState(): RoutineState {
  return createRoutineState(new Interrupts(() => {}));
}

/** One queued account of the world, expiring in half an hour unless its store says otherwise. */
export function queued(world: FakeWorld, state: RoutineState, a: ResolvedAccount, method: Method): QueuedAccount {
  if (!world.creds.has(a.id)) world.creds.set(a.id, oauthRead(NOW + 0.5 * H));
  const acc = new QueuedAccount(a, world.statusOf(a), method, { logins: state.logins, record: (l) => world.deps.recordAttempt(l) });
  state.queue.push(acc);
  if (method === 'login') state.logins.push(acc);
  return acc;
}

/** A world with one queued account: the usual start of a step test. */
export function oneQueued(method: Method, a: ResolvedAccount = account('a')): { world: FakeWorld; state: RoutineState; acc: QueuedAccount } {
  const world = new FakeWorld();
  const state = newState();
  return { world, state, acc: queued(world, state, a, method) };
}

/** The scope of one account's steps; `headlines` collects what they set on the account's line. */
export function scopeOf(
  world: FakeWorld,
  acc: QueuedAccount,
  opts: Partial<RoutineOptions> = {},
  attempt: Method = acc.method,
): AccountScope & { headlines: string[] } {
  const headlines: string[] = [];
  return { deps: world.deps, opts: routineOptions(opts), acc, attempt, headline: (s) => headlines.push(s), headlines };
}
