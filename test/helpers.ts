// Shared test helpers: temporary ctk config + account folders, and running the built CLI.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
// Copies of shared/samples (the real Claude Code shapes, fake tokens), so a bare clone tests fully.
export const SAMPLES = path.join(ROOT, 'test', 'fixtures', 'samples');
export const H = 3_600_000;

export interface Sandbox {
  root: string;
  configDir: string;
  home: string;
  env: NodeJS.ProcessEnv;
  accountDir(id: string): string;
  cleanup(): void;
}

/**
 * A temporary world: HOME, CTK_CONFIG_DIR and account folders all under one temp dir,
 * so no test can touch the real ~/.claude.
 */
export function makeSandbox(prefix = 'ctk-test-'): Sandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const home = path.join(root, 'home');
  const configDir = path.join(root, 'ctk-config');
  fs.mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    TMPDIR: path.join(root, 'tmp'),
    CTK_CONFIG_DIR: configDir,
    NO_COLOR: '1',
    LANG: 'C.UTF-8',
    TZ: 'UTC',
  };
  fs.mkdirSync(env.TMPDIR!, { recursive: true });
  return {
    root,
    configDir,
    home,
    env,
    accountDir: (id: string) => path.join(root, 'accounts', id),
    cleanup: () => {
      chmodTree(root);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

function chmodTree(dir: string): void {
  // Tests make unreadable files; make them removable again.
  try {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      try {
        fs.chmodSync(p, e.isDirectory() ? 0o700 : 0o600);
      } catch {
        /* ignore */
      }
      if (e.isDirectory()) chmodTree(p);
    }
  } catch {
    /* ignore */
  }
}

export interface AccountSpec {
  /** ms from now; ignored when `credentials` is given. */
  expiresIn?: number;
  email?: string;
  plan?: string;
  /** Raw credentials file content, or null for no file. */
  credentials?: string | null;
  extra?: Record<string, unknown>;
}

export function credentialsJson(expiresAt: number, plan = 'max', extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    claudeAiOauth: {
      accessToken: `sk-ant-oat01-TEST${Math.random().toString(36).slice(2)}`,
      refreshToken: `sk-ant-ort01-TEST${Math.random().toString(36).slice(2)}`,
      expiresAt,
      scopes: ['user:inference', 'user:profile', 'user:sessions:claude_code'],
      subscriptionType: plan,
      rateLimitTier: 'default_claude_max_20x',
    },
    ...extra,
  });
}

/** Creates an account folder with credentials and identity. Returns its dir. */
export function writeAccount(sb: Sandbox, id: string, spec: AccountSpec = {}): string {
  const dir = sb.accountDir(id);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const email = spec.email ?? `dev${id}@example.com`;
  fs.writeFileSync(
    path.join(dir, '.claude.json'),
    JSON.stringify({ numStartups: 3, oauthAccount: { emailAddress: email, displayName: `Dev ${id}`, accountUuid: `uuid-${id}` }, projects: {} }),
  );
  const creds =
    spec.credentials !== undefined ? spec.credentials : credentialsJson(Date.now() + (spec.expiresIn ?? 6 * H), spec.plan, spec.extra);
  if (creds !== null) fs.writeFileSync(path.join(dir, '.credentials.json'), creds, { mode: 0o600 });
  return dir;
}

/** Writes the registry directly (the way conf stores it). */
export function register(sb: Sandbox, accounts: { id: string; dir?: string; label?: string; email?: string }[], settings: Record<string, unknown> = {}): void {
  fs.mkdirSync(sb.configDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(
    path.join(sb.configDir, 'config.json'),
    JSON.stringify({ ...settings, accounts: accounts.map((a) => ({ ...a, dir: a.dir ?? sb.accountDir(a.id) })) }, null, '\t'),
    { mode: 0o600 },
  );
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI synchronously, as a user would. */
export function ctk(args: string[], env: NodeJS.ProcessEnv, opts: { input?: string; timeout?: number; cwd?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env,
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: opts.timeout ?? 20_000,
    cwd: opts.cwd,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the built CLI asynchronously (for tests that serve HTTP in-process). */
export function ctkAsync(args: string[], env: NodeJS.ProcessEnv, opts: { input?: string; timeout?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeout ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Every test that prints something checks this: no token ever reaches output. */
export function expectNoToken(...texts: string[]): void {
  for (const t of texts) {
    if (/sk-ant-/.test(t)) throw new Error(`output contains a token-shaped string:\n${t.slice(0, 2000)}`);
  }
}

export function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
