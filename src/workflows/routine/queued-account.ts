// One queued account as it goes through the steps: what is known about it so far, and how its
// attempt ends. It ends once: finished (refreshed, skipped, failed) or planned (--dry-run); or,
// after a browserless refresh that cannot work, it falls back onto the guided-login queue.
import type { AccountStatus, ResolvedAccount } from '../../domain/account.js';
import type { Method, ResultKind } from '../../domain/routine.js';
import { notReached, type Failure } from '../../domain/routine-text.js';
import type { SummaryRow } from '../../ui/routine-view.js';
import { redact } from '../../domain/redact.js';
import type { AttemptLine } from './deps.js';

export interface QueueHooks {
  /** The guided logins in the order they run; a fallback joins at the end. */
  readonly logins: QueuedAccount[];
  /** Appends one history line (never throws). */
  record(line: AttemptLine): void;
}

export interface RowExtras {
  signedInAs?: string | null;
  wrongAccount?: boolean;
}

interface RowFields extends RowExtras {
  reason?: string | null;
  nextStep?: string | null;
  command?: string | null;
}

export class QueuedAccount {
  method: Method;
  /** expiresAt before the attempt (read again at Switch). */
  before: number | null;
  expectedEmail: string | null;
  /** When the new token was obtained; null when another process obtained it. */
  obtainedAt: number | null = null;
  newExpiresAt: number | null = null;
  /** The login deadline a verified guided login left (Claude Code stores it at sign-in). */
  loginExpiresAt: number | null = null;
  note: string | null = null;
  /** The browserless refresh already wrote this attempt's history line. */
  private recorded = false;
  private ended: SummaryRow | null = null;

  constructor(
    readonly account: ResolvedAccount,
    readonly status: AccountStatus,
    method: Method,
    private readonly hooks: QueueHooks,
  ) {
    this.method = method;
    this.before = status.expiresAt;
    this.expectedEmail = account.email ?? status.email;
  }

  get id(): string {
    return this.account.id;
  }

  /** Who the account is, for its line in the list. */
  get who(): string {
    return this.status.label ?? this.status.email ?? '';
  }

  get finished(): boolean {
    return this.ended !== null;
  }

  /** The summary row once the attempt ended, else null. */
  get row(): SummaryRow | null {
    return this.ended;
  }

  /** Still attempting by this method: not finished, and not moved on to a guided login. */
  attempting(method: Method): boolean {
    return !this.finished && this.method === method;
  }

  /** Switch: what the account holds right before the attempt. */
  switched(before: number | null, expectedEmail: string | null): void {
    this.before = before;
    this.expectedEmail = expectedEmail;
  }

  /** The login ended at `at`: a token it stored was obtained then. */
  loggedIn(at: number): void {
    this.obtainedAt = at;
  }

  /** The browserless refresh ended and wrote its own history line. */
  refreshedWithToken(obtainedAt: number | null): void {
    this.recorded = true;
    this.obtainedAt = obtainedAt;
  }

  verified(expiresAt: number, note: string | null, loginExpiresAt: number | null = null): void {
    this.newExpiresAt = expiresAt;
    this.note = note;
    this.loginExpiresAt = loginExpiresAt;
  }

  /** Ends the attempt: its summary row, and its history line unless the refresh wrote one. */
  finish(result: Exclude<ResultKind, 'planned'>, fields: RowFields = {}): SummaryRow {
    const row = this.rowFor(result, fields);
    this.ended = row;
    if (!this.recorded) this.record(result, row);
    return row;
  }

  /** Ends the attempt as failed; the error is for the step to throw. */
  fail(failure: Failure, extras: RowExtras = {}): Error {
    this.finish('failed', { ...failure, ...extras });
    return new Error(redact(failure.reason));
  }

  /** The refresh token cannot do it: a guided login later in the same run. */
  fallBackToLogin(): void {
    this.method = 'login';
    this.recorded = false;
    this.hooks.logins.push(this);
  }

  /** --dry-run: the command that would run; nothing is recorded. */
  plan(command: string): void {
    this.ended = this.rowFor('planned', { command });
  }

  /** The row for the summary: how it ended, or that the routine stopped before it. */
  summaryRow(): SummaryRow {
    return this.ended ?? this.rowFor('skipped', notReached(this.id));
  }

  private record(result: Exclude<ResultKind, 'planned'>, row: SummaryRow): void {
    const refreshed = result === 'refreshed';
    this.hooks.record({
      account: this.id,
      method: this.method,
      result,
      oldExpiresAt: this.before,
      newExpiresAt: refreshed ? this.newExpiresAt : null,
      lifespanMs: refreshed ? row.lifespanMs : null,
      ...(refreshed && this.method === 'login' && this.loginExpiresAt !== null ? { loginExpiresAt: this.loginExpiresAt } : {}),
      ...(row.reason ? { reason: row.reason } : {}),
    });
  }

  /** Only a refreshed row carries the new expiry. */
  private rowFor(result: ResultKind, fields: RowFields): SummaryRow {
    const newExpiresAt = result === 'refreshed' ? this.newExpiresAt : null;
    return {
      id: this.id,
      label: this.account.label ?? null,
      email: this.status.email,
      method: this.method,
      result,
      reason: fields.reason ? redact(fields.reason) : null,
      nextStep: fields.nextStep ? redact(fields.nextStep) : null,
      oldExpiresAt: this.before,
      newExpiresAt,
      lifespanMs: newExpiresAt !== null && this.obtainedAt !== null ? newExpiresAt - this.obtainedAt : null,
      signedInAs: fields.signedInAs ?? null,
      wrongAccount: fields.wrongAccount ?? false,
      command: fields.command ?? null,
    };
  }
}
