// Shared set-up for the refresh fault tests: a sandbox whose accounts each hold one lineage of
// the strict rotating server (test/fixtures/lineage-oauth-server.ts), child processes with line
// readers, lock and file checks, "lineages lost", and token-fragment scans.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, makeSandbox, register, ROOT, SAMPLES, type Sandbox } from '../helpers.js';
import { startLineageServer, type LineageServer, type LineageServerOptions } from '../fixtures/lineage-oauth-server.js';
// @ts-ignore built module without type declarations: what ctk itself would recover from a record
import { readPending } from '../../dist/oauth/pending-tokens.js';

export const WRITER = path.join(ROOT, 'test', 'fixtures', 'claude-code-writer.mjs');
export const REFRESH_CHILD = path.join(ROOT, 'test', 'fixtures', 'oauth-refresh-child.mjs');
export const KILL_CHILD = path.join(ROOT, 'test', 'fixtures', 'refresh-kill-child.mjs');
export const H = 3_600_000;

export interface AccountOpts {
  /** ms from now */
  expiresIn?: number;
  /** Start from the 2.1.332 sample (other grants in the same file) instead of a bare login. */
  sample332?: boolean;
  scopes?: string[];
  clientId?: string;
  /** Extra top-level keys. */
  extra?: Record<string, unknown>;
  /** Indented JSON, as Claude Code writes it. */
  pretty?: boolean;
}

export interface FaultWorld {
  sb: Sandbox;
  server: LineageServer;
  env: NodeJS.ProcessEnv;
  dir(id: string): string;
  credsFile(id: string): string;
  creds(id: string): any;
  /** Writes (or rewrites) an account whose tokens are a fresh lineage named after the id. */
  account(id: string, opts?: AccountOpts): string;
  pendingFile(id: string): string;
  /** The refresh token a write-ahead record holds for ctk to recover (as ctk reads it), or null. */
  pendingRefreshToken(id: string): string | null;
  /** The write-ahead record as ctk reads it (decoded from a raw reply too), or null. */
  pendingRecord(id: string): any;
  /** The lineage the account holds now (a new login re-plants it). */
  lineageOf(id: string): string;
  /** Lineages whose newest token is neither stored nor waiting in a recoverable record. */
  lost(): string[];
  cleanup(): Promise<void>;
}

export async function faultWorld(ids: string[] = ['1'], opts: AccountOpts = {}, serverOpts: LineageServerOptions = {}, settings: Record<string, unknown> = {}): Promise<FaultWorld> {
  const sb = makeSandbox('ctk-faults-');
  const server = await startLineageServer(serverOpts);
  const env: NodeJS.ProcessEnv = {
    ...sb.env,
    CTK_OAUTH_TOKEN_URL: server.url,
    CTK_OAUTH_BACKOFF_MS: '20',
    CTK_LOCK_WAIT_MS: '20000',
    // Keep a hung test bounded without making a loaded machine time out a good request.
    CTK_OAUTH_REQUEST_TIMEOUT_MS: '15000',
  };
  const dir = (id: string) => sb.accountDir(id);
  const credsFile = (id: string) => path.join(dir(id), '.credentials.json');
  const pendingFile = (id: string) => path.join(sb.configDir, 'state', 'pending', `${id}.json`);
  const account = (id: string, o: AccountOpts = opts) => {
    const d = dir(id);
    fs.mkdirSync(d, { recursive: true, mode: 0o700 });
    fs.writeFileSync(
      path.join(d, '.claude.json'),
      JSON.stringify({ numStartups: 3, oauthAccount: { emailAddress: `dev${id}@example.com`, displayName: `Dev ${id}`, accountUuid: `uuid-${id}` } }),
    );
    let lineageName = id;
    for (let n = 2; server.lineages().some((l) => l.name === lineageName); n++) lineageName = `${id}#${n}`;
    const t = server.plant(lineageName);
    const base = o.sample332
      ? JSON.parse(fs.readFileSync(path.join(SAMPLES, 'credentials.claude-code-2.1.332.json'), 'utf8'))
      : { claudeAiOauth: { scopes: ['user:inference', 'user:profile', 'user:sessions:claude_code'], subscriptionType: 'max', rateLimitTier: 'default_claude_max_20x' } };
    base.claudeAiOauth.accessToken = t.accessToken;
    base.claudeAiOauth.refreshToken = t.refreshToken;
    base.claudeAiOauth.expiresAt = Date.now() + (o.expiresIn ?? 20 * 60_000);
    if (o.sample332) base.claudeAiOauth.refreshTokenExpiresAt = Date.now() + 20 * 86_400_000;
    if (o.scopes) base.claudeAiOauth.scopes = o.scopes;
    if (o.clientId) base.claudeAiOauth.clientId = o.clientId;
    Object.assign(base, o.extra ?? {});
    fs.writeFileSync(credsFile(id), o.pretty || o.sample332 ? JSON.stringify(base, null, 2) : JSON.stringify(base), { mode: 0o600 });
    return d;
  };
  for (const id of ids) account(id);
  register(
    sb,
    ids.map((id) => ({ id, email: `dev${id}@example.com` })),
    { notify: { desktop: false }, ...settings },
  );
  const creds = (id: string) => JSON.parse(fs.readFileSync(credsFile(id), 'utf8'));
  const pendingRefreshToken = (id: string): string | null => readPending(env, id)?.record?.tokens?.refreshToken ?? null;
  return {
    sb,
    server,
    env,
    dir,
    credsFile,
    creds,
    account,
    pendingFile,
    pendingRefreshToken,
    pendingRecord: (id: string) => readPending(env, id)?.record ?? null,
    lineageOf: (id: string) => [...server.lineages()].reverse().find((l) => l.name.split('#')[0] === id)!.name,
    lost() {
      const out: string[] = [];
      // Only the lineage each account holds now counts: an older one was replaced by a new login.
      for (const l of server.lineages().filter((x) => this.lineageOf(x.name.split('#')[0]) === x.name)) {
        // A lineage is kept by the account named after it (the base id before any '#').
        const id = l.name.split('#')[0];
        let stored: string | null = null;
        try {
          stored = creds(id).claudeAiOauth.refreshToken;
        } catch {
          stored = null;
        }
        if (stored !== l.newest && pendingRefreshToken(id) !== l.newest) out.push(l.name);
      }
      return out;
    },
    async cleanup() {
      await server.close();
      sb.cleanup();
    },
  };
}

export interface Proc {
  proc: ChildProcess;
  lines: string[];
  stdout(): string;
  stderr(): string;
  waitLine(pred: (l: string) => boolean, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  send(obj: unknown): void;
}

const live = new Set<ChildProcess>();

/** Kills whatever a test left running. */
export function killAll(): void {
  for (const p of live) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  live.clear();
}

export function startProc(file: string, args: string[], env: NodeJS.ProcessEnv, opts: { command?: string } = {}): Proc {
  const proc = spawn(opts.command ?? process.execPath, opts.command ? args : [file, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(proc);
  const lines: string[] = [];
  let out = '';
  let all = '';
  let err = '';
  const waiters: (() => void)[] = [];
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (d: string) => {
    out += d;
    all += d;
    let i;
    while ((i = out.indexOf('\n')) >= 0) {
      lines.push(out.slice(0, i));
      out = out.slice(i + 1);
    }
    waiters.splice(0).forEach((w) => w());
  });
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (d: string) => (err += d));
  proc.stdin!.on('error', () => {});
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('close', (code, signal) => {
      live.delete(proc);
      waiters.splice(0).forEach((w) => w());
      resolve({ code, signal });
    }),
  );
  const waitLine = (pred: (l: string) => boolean, timeoutMs = 20_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for a line; lines: ${lines.join(' | ')}; stderr: ${err}`)), timeoutMs);
      const check = () => {
        const hit = lines.find(pred);
        if (hit !== undefined) {
          clearTimeout(timer);
          resolve(hit);
        } else if (proc.exitCode !== null || proc.signalCode !== null) {
          clearTimeout(timer);
          reject(new Error(`process exited (${proc.exitCode ?? proc.signalCode}) first; lines: ${lines.join(' | ')}; stderr: ${err}`));
        } else waiters.push(check);
      };
      check();
    });
  return {
    proc,
    lines,
    stdout: () => all,
    stderr: () => err,
    waitLine,
    exited,
    send: (obj) => proc.stdin!.write(JSON.stringify(obj) + '\n'),
  };
}

/** The built CLI as a child process. */
export function ctkProc(args: string[], env: NodeJS.ProcessEnv): Proc {
  return startProc(CLI, args, env);
}

/** A Claude Code 2.1.332 writer on one account folder (see claude-code-writer.mjs). */
export async function startWriter(dir: string, env: NodeJS.ProcessEnv): Promise<Proc & { run(cmd: Record<string, unknown>): Promise<any> }> {
  const p = startProc(WRITER, [dir], env);
  await p.waitLine((l) => l.includes('"ready"'));
  let seen = 1;
  const run = async (cmd: Record<string, unknown>) => {
    p.send(cmd);
    const want = seen + 1;
    await p.waitLine(() => p.lines.length >= want, 20_000);
    seen = want;
    const r = JSON.parse(p.lines[want - 1]);
    if (!r.ok) throw new Error(`writer ${cmd.op} failed: ${r.error}`);
    return r;
  };
  return Object.assign(p, { run });
}

export function lockDirsOf(dir: string): string[] {
  return [path.join(dir, '.oauth_refresh.lock'), `${fs.realpathSync(dir)}.lock`, path.join(dir, '.storage-write.lock')];
}

export function locksLeft(dir: string): string[] {
  return lockDirsOf(dir).filter((l) => fs.existsSync(l));
}

/** As if the 60 s had passed after a SIGKILL: a dead process's lock directories go. */
export function clearDeadLocks(dir: string): void {
  for (const l of lockDirsOf(dir)) fs.rmSync(l, { recursive: true, force: true });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(cond: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await sleep(5);
  }
}

/** Every file under `root`, with its mode. */
export function walk(root: string): { path: string; dir: boolean; mode: number }[] {
  const out: { path: string; dir: boolean; mode: number }[] = [];
  const go = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p);
      out.push({ path: p, dir: st.isDirectory(), mode: st.mode & 0o777 });
      if (st.isDirectory()) go(p);
    }
  };
  go(root);
  return out;
}

/** The secret part of each token (what follows `sk-ant-xxx01-`), cut into every 8-char window. */
export function tokenFragments(tokens: string[]): Set<string> {
  const set = new Set<string>();
  for (const t of tokens) {
    const body = t.replace(/^sk-ant-[a-z]+\d*-/, '');
    for (let i = 0; i + 8 <= body.length; i++) set.add(body.slice(i, i + 8));
  }
  return set;
}

/** Where `text` shows a token or any 8-char fragment of one; null when clean. */
export function leakIn(text: string, fragments: Set<string>): string | null {
  const m = /sk-ant-[A-Za-z0-9_-]+/.exec(text);
  if (m) return `a token-shaped string at ${m.index}`;
  for (let i = 0; i + 8 <= text.length; i++) {
    if (fragments.has(text.slice(i, i + 8))) return `a token fragment at ${i}: …${text.slice(Math.max(0, i - 20), i)}[8 chars]…`;
  }
  return null;
}

// ── private mount namespaces with a tiny tmpfs (disk faults) ───────────────

export interface NsProbe {
  ok: boolean;
  why: string;
}

let probe: NsProbe | null = null;

/** Whether this process may run `unshare --mount` and mount a tmpfs in it (root on Linux). */
export function namespaceSupport(): NsProbe {
  if (probe) return probe;
  if (process.env.CTK_TEST_NO_NAMESPACES) return (probe = { ok: false, why: 'CTK_TEST_NO_NAMESPACES is set' });
  if (process.platform !== 'linux') return (probe = { ok: false, why: 'not Linux' });
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return (probe = { ok: false, why: 'not running as root' });
  const d = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'ctk-ns-probe-'));
  try {
    const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs "$1" && mount -o remount,ro "$1"', 'sh', d], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    if (r.error) return (probe = { ok: false, why: `unshare: ${(r.error as any).code ?? r.error.message}` });
    if (r.status !== 0) return (probe = { ok: false, why: `unshare --mount / mount -t tmpfs not permitted (${(r.stderr || '').trim().split('\n')[0]})` });
    return (probe = { ok: true, why: '' });
  } finally {
    fs.rmSync(d, { recursive: true, force: true });
  }
}

export interface TmpfsMount {
  /** The folder the tmpfs is mounted on (its former content is copied in first). */
  at: string;
  sizeKb: number;
  /** Fill it to the last byte before ctk runs. */
  fill?: boolean;
  /** Remount read-only before ctk runs. */
  readOnly?: boolean;
}

/**
 * Runs `node <args…>` inside a private mount namespace where each folder in `mounts` is a tiny
 * tmpfs holding a copy of what the folder held. When it ends, each tmpfs's content is copied
 * back over the folder (so the test can look), with `cp -a`. Lines on the returned process's stdin
 * are shell commands run in the namespace while node runs (e.g. to fill a disk mid-request); each
 * prints "ns-done <n>" when finished.
 */
export function nsNode(args: string[], env: NodeJS.ProcessEnv, mounts: TmpfsMount[]): Proc {
  const lines: string[] = ['set -e'];
  mounts.forEach((m, i) => {
    lines.push(
      `seed${i}=$(mktemp -d "${path.dirname(m.at)}/.seed.XXXXXX")`,
      `cp -a "${m.at}/." "$seed${i}/"`,
      `mount -t tmpfs -o size=${m.sizeKb}k,mode=0700 tmpfs "${m.at}"`,
      `cp -a "$seed${i}/." "${m.at}/"`,
      `rm -rf "$seed${i}"`,
    );
    if (m.fill) lines.push(`dd if=/dev/zero of="${m.at}/.fill" bs=1k 2>/dev/null || true`, `sync`);
    if (m.readOnly) lines.push(`mount -o remount,ro "${m.at}"`);
  });
  lines.push(
    'set +e',
    `"${process.execPath}" "$@" </dev/null &`,
    'pid=$!',
    'echo "ns-ready $pid"',
    // commands from the test while node runs
    // (an asynchronous list gets /dev/null as stdin unless told otherwise)
    'exec 3<&0',
    '( n=0; while IFS= read -r cmd <&3; do n=$((n+1)); sh -c "$cmd" </dev/null; echo "ns-done $n"; done ) &',
    'reader=$!',
    'wait $pid',
    'code=$?',
    'kill $reader 2>/dev/null',
  );
  mounts.forEach((m, i) => {
    lines.push(`out${i}=$(mktemp -d "${path.dirname(m.at)}/.out.XXXXXX")`, `cp -a "${m.at}/." "$out${i}/"`, `umount "${m.at}"`, `rm -f "$out${i}/.fill"`, `cp -a "$out${i}/." "${m.at}/"`, `rm -rf "$out${i}"`);
  });
  lines.push('echo "ns-exit $code"', 'exit $code');
  return startProc('', ['--mount', '--propagation', 'private', 'sh', '-c', lines.join('\n'), 'sh', ...args], env, { command: 'unshare' });
}
