// The refresh routine shared by `ctk refresh`, `ctk morning` and `ctk evening`, as a listr2
// task list that reads like the user's checklist:
//   Check every account → Queue the ones that need it (checkbox) → per account:
//   Switch → Log in (or refresh with the refresh token) → Verify → Report → Summary.
import fs from 'node:fs';
import { Listr, type ListrTask } from 'listr2';
import { checkAccounts } from '../accounts/check.js';
import type { AccountStatus } from '../domain/account.js';
import type { ResolvedAccount } from '../domain/account.js';
import { readIdentity } from '../claude/identity.js';
import { locateClaude, runLogin, type LocateResult, type LoginOutcome } from '../claude/login.js';
import type { Context } from '../app/context.js';
import { formatDurationShort } from '../domain/duration.js';
import {
  chooseMethod,
  countResults,
  loginCommandText,
  nextExpiry,
  planQueue,
  routineExitCode,
  verifyRefresh,
  type Method,
  type MethodChoice,
  type QueueMode,
  type ResultKind,
} from '../domain/routine.js';
import { classify, summarize } from '../domain/token-state.js';
import { appendHistory, type HistoryResult } from '../history/history.js';
import { colors } from '../ui/colors.js';
import { queueChoiceLabel, renderRoutineReport, routineJson, type RoutineReport, type SummaryRow } from '../ui/routine-view.js';
import { renderStatusTable, renderSummaryLine } from '../ui/status-table.js';
import { formatLocalTime } from '../ui/time.js';
import { UserError, EXIT } from '../util/errors.js';
import { redact } from '../domain/redact.js';
import { Interrupts } from './interrupts.js';
import { oauthAttempt, oauthNextStep } from './oauth-step.js';
import { pausableDefaultRenderer } from './pausable-renderer.js';

export type RoutineCommand = 'refresh' | 'morning' | 'evening';

export interface RoutineOptions {
  command: RoutineCommand;
  /** The accounts in scope (every account unless ids were given). */
  accounts: ResolvedAccount[];
  queueMode: QueueMode;
  /** The window in hours, for messages and JSON (null for `refresh <ids…>`). */
  windowHours: number | null;
  /** The warning window for the status table. */
  warningHours: number;
  method: MethodChoice;
  yes: boolean;
  dryRun: boolean;
  json: boolean;
  loginTimeoutMs: number;
  concurrency: number;
  /** The claude executable as configured (name or path). */
  bin: string;
}

/** One queued account as it goes through the steps. */
interface Run {
  account: ResolvedAccount;
  status: AccountStatus;
  method: Method;
  before: number | null;
  expectedEmail: string | null;
  obtainedAt: number | null;
  newExpiresAt: number | null;
  note: string | null;
  refreshTokenFp: string | null;
  row: SummaryRow | null;
  /** The browserless refresh already wrote this attempt's history line. */
  recorded: boolean;
}

const H = 3_600_000;

export async function runRoutine(ctx: Context, opts: RoutineOptions): Promise<number> {
  const out = opts.json ? process.stderr : process.stdout;
  const c = colors(out);
  const say = (line = '') => out.write(line + '\n');
  const interactive = Boolean(process.stdin.isTTY && out.isTTY);
  const platform = process.platform;
  const { renderer, control } = pausableDefaultRenderer();
  const interrupts = new Interrupts((m) => process.stderr.write(`\nctk: ${m}\n`));

  let rows: AccountStatus[] = [];
  let runs: Run[] = [];
  let needsAttention: AccountStatus[] = [];
  const loginQueue: Run[] = [];
  let needsYes = false;
  let cancelled = false;
  let located: LocateResult | null = null;
  const locate = () => (located ??= locateClaude(opts.bin, ctx.env, platform));

  const who = (a: { label?: string | null; email?: string | null }) => a.label ?? a.email ?? '';
  const runTitle = (r: Run, suffix = '') => `${r.account.id}  ${who(r.status)}${suffix}`;

  /** Records the end of an attempt: the summary row and a history line. */
  function finish(run: Run, result: ResultKind, fields: RowFields = {}): void {
    run.row = rowFor(run, result, fields);
    if (result !== 'planned' && !run.recorded) record(run, result, run.row.reason);
  }

  function record(run: Run, result: HistoryResult, reason: string | null): void {
    try {
      appendHistory(
        {
          at: new Date(ctx.now()).toISOString(),
          account: run.account.id,
          method: run.method,
          result,
          oldExpiresAt: run.before,
          newExpiresAt: result === 'refreshed' ? run.newExpiresAt : null,
          lifespanMs:
            result === 'refreshed' && run.newExpiresAt !== null && run.obtainedAt !== null ? run.newExpiresAt - run.obtainedAt : null,
          ...(reason ? { reason } : {}),
          ...(run.refreshTokenFp ? { refreshTokenFp: run.refreshTokenFp } : {}),
          via: opts.command,
        },
        ctx.env,
      );
    } catch (err: any) {
      // A full disk must not turn a good refresh into a failure; say so and go on.
      process.stderr.write(`ctk: could not write history: ${err?.code ?? err?.message}\n`);
    }
  }

  function fail(run: Run, reason: string, nextStep: string, extra: { signedInAs?: string | null; wrongAccount?: boolean } = {}): Error {
    finish(run, 'failed', { reason, nextStep, ...extra });
    return new Error(redact(reason));
  }

  /** A bug or an odd file system in one step fails that account's row, never the routine. */
  const guard = (run: Run, step: ListrTask<any, any, any>): ListrTask<any, any, any> => ({
    ...step,
    task: async (c, t) => {
      try {
        return await step.task(c, t);
      } catch (err: any) {
        if (run.row === null) {
          finish(run, 'failed', { reason: `unexpected error: ${err?.message ?? String(err)}`, nextStep: `try again: ctk refresh ${run.account.id}` });
        }
        throw err;
      }
    },
  });

  // ── steps ──────────────────────────────────────────────────────────────

  const switchStep = (run: Run): ListrTask<any, any, any> => ({
    title: 'Switch',
    task: (_, t) => {
      const { account } = run;
      if (!account.implicit && !isDirectory(account.dir)) {
        throw fail(
          run,
          `account folder ${account.dir} no longer exists`,
          `restore the folder, or drop the account: ctk accounts remove ${account.id}`,
        );
      }
      const now = ctx.now();
      run.before = classify(ctx.store.read(account), now, 0).expiresAt;
      run.expectedEmail = account.email ?? readIdentity(account)?.email ?? run.status.email ?? null;
      if (run.method === 'oauth') t.title = `Switch: ${ctx.store.describe(account)}`;
      else t.title = account.implicit ? 'Switch: default ~/.claude' : `Switch: CLAUDE_CONFIG_DIR=${account.dir} (for claude only)`;
    },
  });

  const verifyStep = (run: Run, parent: { title: string }): ListrTask<any, any, any> => ({
    title: 'Verify',
    skip: () => run.row !== null,
    task: (_, t) => {
      const now = ctx.now();
      const cl = classify(ctx.store.read(run.account), now, 0);
      const actualEmail = readIdentity(run.account)?.email ?? null;
      const v = verifyRefresh({
        before: run.before,
        after: cl.state === 'missing' || cl.state === 'invalid' || cl.state === 'revoked' ? null : cl.expiresAt,
        afterProblem: cl.error,
        expectedEmail: run.expectedEmail,
        actualEmail,
        now,
      });
      if (!v.ok) {
        if (v.kind === 'wrong-account') {
          parent.title = runTitle(run, `  ✖ ${v.message}`);
          throw fail(
            run,
            `${v.message}; ${run.account.dir} now holds ${actualEmail}'s login`,
            `log in again and pick ${run.expectedEmail} in the browser: ctk refresh ${run.account.id} --method login`,
            { signedInAs: actualEmail, wrongAccount: true },
          );
        }
        throw fail(run, `verify: ${v.message}`, `try again: ctk refresh ${run.account.id} --method login`);
      }
      run.newExpiresAt = v.expiresAt;
      run.note = v.note;
      t.title = `Verify: new token until ${formatLocalTime(v.expiresAt, now)}${run.expectedEmail ? `, signed in as ${run.expectedEmail}` : ''}`;
    },
  });

  const reportStep = (run: Run, parent: { title: string }): ListrTask<any, any, any> => ({
    title: 'Report',
    skip: () => run.row !== null,
    task: (_, t) => {
      // Only a verified refresh counts as done.
      if (run.newExpiresAt === null) throw fail(run, 'not verified', `try again: ctk refresh ${run.account.id}`);
      finish(run, 'refreshed', { reason: run.note });
      const life = run.row!.lifespanMs;
      const text = `expires ${formatLocalTime(run.newExpiresAt, ctx.now())}${life !== null ? ` (lifespan ${formatDurationShort(life)})` : ''}`;
      t.title = `Report: ${text}`;
      parent.title = runTitle(run, `  ✔ ${text}`);
    },
  });

  const loginStep = (run: Run, parent: { title: string }): ListrTask<any, any, any> => ({
    title: 'Log in',
    task: async (_, t) => {
      const loc = locate();
      if (!loc.ok) throw fail(run, `cannot run claude: ${loc.message}`, loc.message);
      const { account } = run;
      const preview = loginCommandText(opts.bin, account.implicit ? null : account.dir, run.expectedEmail, platform);
      t.title = `Log in: ${preview}`;
      control.pause();
      let outcome: LoginOutcome;
      let hit = false;
      try {
        const position = `${loginQueue.indexOf(run) + 1}/${loginQueue.length}`;
        say(c.cyan(`── ${position} · ${account.id}${run.expectedEmail ? ` (${run.expectedEmail})` : ''}: Claude Code has the terminal · Ctrl-C to skip or stop ──`));
        const signal = interrupts.beginLogin();
        try {
          outcome = await runLogin({
            bin: loc.path,
            account,
            email: run.expectedEmail,
            timeoutMs: opts.loginTimeoutMs,
            env: ctx.env,
            stdoutToStderr: opts.json,
            signal,
          });
        } finally {
          hit = interrupts.endLogin();
        }
        run.obtainedAt = ctx.now();
        const byCtrlC =
          hit ||
          outcome.kind === 'cancelled' ||
          (outcome.kind === 'exit' && (outcome.signal === 'SIGINT' || outcome.exitCode === 130));
        if (byCtrlC) {
          const choice = !interrupts.signal && interactive ? await askSkipOrStop(account.id, out) : 'stop';
          if (choice === 'stop') interrupts.stop();
          finish(run, 'skipped', {
            reason: choice === 'stop' ? 'login interrupted; routine stopped' : 'login interrupted (Ctrl-C); skipped',
            nextStep: `log in when ready: ctk refresh ${account.id} --method login`,
          });
          parent.title = runTitle(run, '  ↓ skipped');
          t.skip('interrupted');
          return;
        }
      } finally {
        control.resume();
      }
      const minutes = Math.max(1, Math.round(opts.loginTimeoutMs / 60_000));
      const limit = opts.loginTimeoutMs < 60_000 ? `${Math.round(opts.loginTimeoutMs / 1000)} s` : `${minutes} min`;
      switch (outcome.kind) {
        case 'ok':
          return;
        case 'timeout':
          throw fail(
            run,
            `no login within ${limit} (claude was stopped)`,
            `ctk refresh ${account.id} --method login --timeout ${minutes * 2} (or ctk config set loginTimeoutMinutes ${minutes * 2})`,
          );
        case 'spawn-error':
          throw fail(run, outcome.message, 'check the claude executable: ctk config get claudeBin');
        case 'exit':
          throw fail(
            run,
            `claude auth login ${outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.exitCode}`}`,
            `try again: ctk refresh ${account.id} --method login`,
          );
        default:
          throw fail(run, 'login ended unexpectedly', `try again: ctk refresh ${account.id} --method login`);
      }
    },
  });

  const loginTask = (run: Run): ListrTask<any, any, any> => ({
    title: runTitle(run),
    skip: () => (interrupts.stopRequested ? 'routine stopped' : false),
    task: (_, t) =>
      t.newListr([switchStep(run), loginStep(run, t), verifyStep(run, t), reportStep(run, t)].map((step) => guard(run, step)), {
        exitOnError: true,
        concurrent: false,
      }),
  });

  const oauthTask = (run: Run): ListrTask<any, any, any> => ({
    title: runTitle(run),
    skip: () => (interrupts.stopRequested ? 'routine stopped' : false),
    task: (_, t) =>
      t.newListr(
        [
          switchStep(run),
          {
            title: 'Refresh with the stored refresh token',
            task: async (_c: unknown, s: any) => {
              const r = await oauthAttempt(run.account, {
                env: ctx.env,
                now: ctx.now,
                signal: interrupts.stopController.signal,
                via: opts.command,
              });
              run.refreshTokenFp = r.refreshTokenFp;
              run.recorded = true;
              // A token another process obtained earlier says nothing about the lifespan we got.
              run.obtainedAt = r.outcome === 'already-refreshed' ? null : ctx.now();
              if (r.outcome === 'refreshed' || r.outcome === 'already-refreshed') {
                s.title = r.outcome === 'refreshed' ? 'Refreshed without a browser' : 'Already refreshed by another process';
                return;
              }
              if ((r.outcome === 'needs-login' || r.outcome === 'not-refreshable') && opts.method === 'auto') {
                run.method = 'login';
                run.refreshTokenFp = null;
                run.recorded = false;
                loginQueue.push(run);
                s.title = r.outcome === 'not-refreshable' ? 'ctk leaves this store to Claude Code: a guided login follows' : 'Refresh token no longer works: a guided login follows';
                t.title = runTitle(run, '  → guided login below');
                s.skip('needs a login');
                return;
              }
              if (r.outcome === 'failed' && interrupts.stopRequested) {
                finish(run, 'skipped', { reason: `routine stopped during the refresh (${r.message})`, nextStep: `ctk refresh ${run.account.id}` });
                s.skip('routine stopped');
                return;
              }
              throw fail(run, r.message || `browserless refresh: ${r.outcome}`, oauthNextStep(run.account.id, r));
            },
          },
          { ...verifyStep(run, t), skip: () => run.row !== null || run.method === 'login' },
          { ...reportStep(run, t), skip: () => run.row !== null || run.method === 'login' },
        ].map((step) => guard(run, step)),
        { exitOnError: true, concurrent: false },
      ),
  });

  // ── the list ───────────────────────────────────────────────────────────

  const tasks: ListrTask<any, any, any>[] = [
    {
      title: `Check ${opts.accounts.length} account${opts.accounts.length === 1 ? '' : 's'}`,
      task: (_, t) => {
        rows = checkAccounts(opts.accounts, { store: ctx.store, now: ctx.now(), warningMs: opts.warningHours * H, env: ctx.env });
        t.title = `Check: ${renderSummaryLine(summarize(rows.map((r) => r.state)), rows.length, c)}`;
      },
    },
    {
      title: 'Queue',
      task: async (_, t) => {
        const plan = planQueue(rows, opts.queueMode);
        needsAttention = plan.needsAttention;
        const byId = new Map(opts.accounts.map((a) => [a.id, a]));
        // auto skips the refresh token of an account whose token was already rejected.
        const isKnownDead = opts.method === 'auto' ? (await import('../oauth/refresh-account.js')).isKnownDead : () => false;
        runs = plan.queued.map((status) => {
          const account = byId.get(status.id)!;
          const read = ctx.store.read(account);
          const hasRefreshToken = read.kind === 'oauth' && read.hasRefreshToken;
          const method = chooseMethod(opts.method, {
            hasRefreshToken,
            state: status.state,
            refreshTokenDead: hasRefreshToken && isKnownDead(account, ctx.env),
          });
          return {
            account,
            status,
            method,
            before: status.expiresAt,
            expectedEmail: account.email ?? status.email,
            obtainedAt: null,
            newExpiresAt: null,
            note: null,
            refreshTokenFp: null,
            row: null,
            recorded: false,
          };
        });
        const window = opts.windowHours === null ? '' : ` within ${opts.windowHours} h`;
        const prompting = runs.length > 0 && !(opts.dryRun || opts.yes || opts.queueMode.kind === 'ids');
        if (prompting && !interactive) {
          needsYes = true;
          t.title = `Queue: ${runs.length} candidate${runs.length === 1 ? '' : 's'}, no terminal to ask`;
          return;
        }
        // One pause for the status table and the checkbox, so the list is not redrawn between them.
        control.pause();
        try {
          if (!opts.json) {
            say();
            say(renderStatusTable(rows, c, ctx.now()));
            say();
          }
          if (runs.length === 0) {
            t.title = `Queue: nothing expires${window}`;
            return;
          }
          if (prompting) {
            try {
              const chosen = await askQueue(runs, out, c);
              const unticked = runs.length - chosen.length;
              runs = runs.filter((r) => chosen.includes(r.account.id));
              t.title = `Queue: ${runs.length} account${runs.length === 1 ? '' : 's'}${unticked ? ` (${unticked} unticked)` : ''}`;
            } catch (err: any) {
              if (err?.name !== 'ExitPromptError' && err?.name !== 'AbortPromptError') throw err;
              cancelled = true;
              t.title = 'Queue: cancelled';
            }
            return;
          }
        } finally {
          control.resume();
        }
        t.title = `Queue: ${runs.length} account${runs.length === 1 ? '' : 's'}${window}${opts.dryRun ? ' (dry run)' : ''}`;
      },
    },
    {
      title: 'Refresh',
      enabled: () => runs.length > 0 && !opts.dryRun && !needsYes && !cancelled,
      task: (_, t) => {
        const viaOauth = runs.filter((r) => r.method === 'oauth');
        loginQueue.push(...runs.filter((r) => r.method === 'login'));
        return t.newListr(
          [
            {
              title: `Without a browser (${viaOauth.length}, ${opts.concurrency} at a time)`,
              enabled: () => viaOauth.length > 0,
              task: (_c, g) => g.newListr(viaOauth.map(oauthTask), { concurrent: opts.concurrency, exitOnError: false }),
            },
            {
              title: 'Guided logins, one at a time',
              enabled: () => loginQueue.length > 0,
              task: (_c, g) => {
                g.title = `Guided logins (${loginQueue.length}), one at a time`;
                return g.newListr(loginQueue.map(loginTask), { exitOnError: false, concurrent: false });
              },
            },
            {
              // Untitled, so not drawn: the collapsed "Refresh" line then tells how it went.
              task: () => {
                const counts = countResults(runs.map((r) => r.row).filter((r): r is SummaryRow => r !== null));
                const parts = [`${counts.refreshed} refreshed`];
                if (counts.failed) parts.push(`${counts.failed} failed`);
                if (counts.skipped) parts.push(`${counts.skipped} skipped`);
                t.title = `Refresh: ${parts.join(', ')}${interrupts.stopRequested ? ' (stopped)' : ''}`;
              },
            },
          ],
          { exitOnError: false },
        );
      },
    },
  ];

  const list = new Listr(tasks, {
    renderer: opts.json ? 'silent' : renderer,
    fallbackRenderer: 'simple',
    rendererOptions: { collapseSubtasks: true, collapseErrors: false, showErrorMessage: true },
    exitOnError: false,
    registerSignalListeners: false,
  } as any);

  interrupts.install();
  try {
    await list.run();
  } finally {
    interrupts.uninstall();
  }

  if (needsYes) {
    throw new UserError(
      `${runs.length} account${runs.length === 1 ? '' : 's'} to refresh and no terminal to ask which: pass --yes to take them all (or --dry-run to see them first)`,
      EXIT.usage,
    );
  }
  if (cancelled) {
    say('Cancelled; nothing was changed.');
    return EXIT.interrupted;
  }

  // ── summary ────────────────────────────────────────────────────────────

  for (const run of runs) {
    if (opts.dryRun) {
      const command =
        run.method === 'login'
          ? loginCommandText(opts.bin, run.account.implicit ? null : run.account.dir, run.expectedEmail, platform)
          : `refresh ${run.account.id} with its stored refresh token (no browser)`;
      run.row = rowFor(run, 'planned', { command });
    } else if (run.row === null) {
      run.row = rowFor(run, 'skipped', { reason: 'routine stopped before this account', nextStep: `ctk refresh ${run.account.id}` });
    }
  }
  const results = runs.map((r) => r.row!);
  const now = ctx.now();
  const after = checkAccounts(ctx.accounts, { store: ctx.store, now, warningMs: opts.warningHours * H, env: ctx.env });
  const next = nextExpiry(after, now);
  const code = routineExitCode(results);

  const report: RoutineReport = {
    command: opts.command,
    method: opts.method,
    windowHours: opts.windowHours,
    dryRun: opts.dryRun,
    stopped: interrupts.stopRequested,
    results,
    next: next ? { id: next.id, email: next.email, expiresAt: next.expiresAt, msLeft: next.msLeft } : null,
    needsAttention: needsAttention.map((r) => ({ id: r.id, state: r.state, error: r.error })),
    exitCode: code,
    demo: ctx.env.CTK_DEMO === '1',
  };
  if (opts.json) {
    process.stdout.write(JSON.stringify(routineJson(report, now), null, 2) + '\n');
  } else {
    say();
    for (const line of renderRoutineReport(report, c, now)) say(line);
  }
  return interrupts.signalExitCode ?? code;
}

interface RowFields {
  reason?: string | null;
  nextStep?: string | null;
  signedInAs?: string | null;
  wrongAccount?: boolean;
  command?: string | null;
}

/** The summary row of one account; only a refreshed row carries the new expiry. */
function rowFor(run: Run, result: ResultKind, fields: RowFields): SummaryRow {
  const newExpiresAt = result === 'refreshed' ? run.newExpiresAt : null;
  return {
    id: run.account.id,
    label: run.account.label ?? null,
    email: run.status.email,
    method: run.method,
    result,
    reason: fields.reason ? redact(fields.reason) : null,
    nextStep: fields.nextStep ? redact(fields.nextStep) : null,
    oldExpiresAt: run.before,
    newExpiresAt,
    lifespanMs: newExpiresAt !== null && run.obtainedAt !== null ? newExpiresAt - run.obtainedAt : null,
    signedInAs: fields.signedInAs ?? null,
    wrongAccount: fields.wrongAccount ?? false,
    command: fields.command ?? null,
  };
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

async function askQueue(runs: Run[], output: NodeJS.WriteStream, c: ReturnType<typeof colors>): Promise<string[]> {
  const { checkbox } = await import('@inquirer/prompts');
  const width = Math.max(...runs.map((r) => r.account.id.length));
  return checkbox(
    {
      message: `${runs.length === 1 ? 'Refresh this account?' : `Refresh these ${runs.length} accounts?`} (space unticks, enter starts)`,
      choices: runs.map((r) => ({
        value: r.account.id,
        name: queueChoiceLabel({ ...r.status, label: r.account.label ?? null }, r.method, width, c),
        short: r.account.id,
        checked: true,
      })),
      pageSize: Math.min(runs.length, 20),
      loop: false,
    },
    { output },
  );
}

async function askSkipOrStop(id: string, output: NodeJS.WriteStream): Promise<'skip' | 'stop'> {
  const { select } = await import('@inquirer/prompts');
  try {
    return await select<'skip' | 'stop'>(
      {
        message: `Login for ${id} was interrupted. What now?`,
        choices: [
          { name: `Skip ${id} and go on with the next account`, value: 'skip' },
          { name: 'Stop the routine (the summary shows what was done)', value: 'stop' },
        ],
      },
      { output },
    );
  } catch {
    return 'stop';
  }
}
