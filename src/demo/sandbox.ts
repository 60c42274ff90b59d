// The --demo sandbox: 32 generated accounts (1–28, 100–103) in a temp folder with a
// realistic mix of states, its own ctk config, and the simulated claude. Nothing real is touched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { UserError } from '../util/errors.js';
import { HOUR_MS } from '../domain/duration.js';

export const DEMO_IDS = [...Array.from({ length: 28 }, (_, i) => String(i + 1)), '100', '101', '102', '103'];
const MARKER = '.ctk-demo';
/** A sandbox older than this is rebuilt, so its tokens look like a fresh morning again. */
const MAX_AGE_MS = 12 * HOUR_MS;

/** Hours left per account; the rest are healthy. Chosen to show every state. */
const SPECIAL: Record<string, number | 'revoked' | 'missing' | 'invalid'> = {
  '4': 1.2,
  '9': 0.4,
  '17': 1.8,
  '6': -0.5,
  '14': -3,
  '22': -9.5,
  '25': 'revoked',
  '101': 'missing',
  '103': 'invalid',
};

/**
 * What goes wrong once in the sandbox, so a routine shows each path a real day has: a refresh
 * token the server rejects (a guided login follows), a login that fails, a login that lands in
 * the wrong account. Each is used up the first time it happens; `ctk demo reset` brings them back.
 */
export const DEMO_TROUBLE: Record<string, 'dead-refresh-token' | 'login-fails' | 'wrong-account'> = {
  '9': 'dead-refresh-token',
  '101': 'login-fails',
  '25': 'wrong-account',
};
/** The marker the simulated claude and token endpoint look for (and remove when used). */
export const TROUBLE_FILE = '.ctk-demo-trouble';
/** Days until each account's login ends; one falls within the 5-day warning. */
const LOGIN_DAYS: Record<string, number> = { '7': 3.5, '12': 6, '19': 11 };

/** Each user gets their own sandbox: one shared /tmp/ctk-demo would belong to whoever ran first. */
export function demoRoot(dir?: string): string {
  if (dir) return path.resolve(dir);
  let who: string;
  try {
    who = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  } catch {
    who = 'user';
  }
  return path.join(os.tmpdir(), `ctk-demo-${who.replace(/[^A-Za-z0-9._-]/g, '_')}`);
}

export function simulatedClaudePath(): string {
  return fileURLToPath(new URL('./simulated-claude.js', import.meta.url));
}

function fakeToken(kind: 'oat' | 'ort'): string {
  return `sk-ant-${kind}01-DEMO${randomBytes(24).toString('hex')}`;
}

function writePrivate(file: string, text: string): void {
  fs.writeFileSync(file, text, { mode: 0o600 });
}

export function demoCredentials(expiresAt: number, plan: string, extra: { loginExpiresAt?: number; deadRefreshToken?: boolean } = {}): string {
  return JSON.stringify({
    claudeAiOauth: {
      accessToken: fakeToken('oat'),
      // The simulated token endpoint rejects a refresh token marked DEAD, as a real server would a used one.
      refreshToken: extra.deadRefreshToken ? fakeToken('ort').replace('DEMO', 'DEMODEAD') : fakeToken('ort'),
      expiresAt,
      ...(extra.loginExpiresAt ? { refreshTokenExpiresAt: extra.loginExpiresAt } : {}),
      scopes: ['user:inference', 'user:profile', 'user:sessions:claude_code', 'user:mcp_servers', 'user:file_upload'],
      subscriptionType: plan,
      rateLimitTier: plan === 'max' ? 'default_claude_max_20x' : null,
    },
  });
}

export function buildSandbox(root: string, now: number = Date.now()): void {
  const accountsDir = path.join(root, 'accounts');
  const configDir = path.join(root, 'config');
  fs.rmSync(accountsDir, { recursive: true, force: true });
  fs.rmSync(configDir, { recursive: true, force: true });
  fs.mkdirSync(accountsDir, { recursive: true, mode: 0o700 });
  fs.mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const accounts = DEMO_IDS.map((id, i) => {
    const dir = path.join(accountsDir, id);
    fs.mkdirSync(dir, { mode: 0o700 });
    const email = `dev${id}@example.com`;
    writePrivate(
      path.join(dir, '.claude.json'),
      JSON.stringify({ oauthAccount: { emailAddress: email, displayName: `Dev ${id}`, organizationName: `${email}'s Organization`, accountUuid: `00000000-0000-4000-8000-${id.padStart(12, '0')}` } }),
    );
    const plan = i % 5 === 4 ? 'pro' : 'max';
    const special = SPECIAL[id];
    const credsFile = path.join(dir, '.credentials.json');
    if (special === 'missing') {
      // logged out: no credentials file at all
    } else if (special === 'revoked') {
      writePrivate(credsFile, JSON.stringify({ claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0, scopes: ['user:inference'], subscriptionType: plan } }));
    } else if (special === 'invalid') {
      writePrivate(credsFile, demoCredentials(now + 5 * HOUR_MS, plan).slice(0, 60));
    } else {
      // Healthy accounts spread over the 2–8 h a fresh token lives, as after a morning of logins.
      const hours = typeof special === 'number' ? special : 2.3 + ((i * 37) % 56) / 10;
      const loginDays = LOGIN_DAYS[id] ?? 13 + ((i * 7) % 16);
      writePrivate(credsFile, demoCredentials(Math.round(now + hours * HOUR_MS), plan, { loginExpiresAt: Math.round(now + loginDays * 24 * HOUR_MS), deadRefreshToken: DEMO_TROUBLE[id] === 'dead-refresh-token' }));
    }
    if (DEMO_TROUBLE[id] && DEMO_TROUBLE[id] !== 'dead-refresh-token') writePrivate(path.join(dir, TROUBLE_FILE), DEMO_TROUBLE[id]);
    return { id, dir, email };
  });
  writePrivate(
    path.join(configDir, 'config.json'),
    JSON.stringify({ accounts: accounts.map(({ id, dir, email }) => ({ id, dir, email, accountUuid: `00000000-0000-4000-8000-${id.padStart(12, '0')}` })) }, null, '\t'),
  );
  writePrivate(path.join(root, MARKER), JSON.stringify({ createdAt: now }));
}

function sandboxAge(root: string, now: number): number | null {
  try {
    const { createdAt } = JSON.parse(fs.readFileSync(path.join(root, MARKER), 'utf8'));
    return typeof createdAt === 'number' ? now - createdAt : null;
  } catch {
    return null;
  }
}

/** Points this process at the sandbox (building it first when needed). */
export function enterDemo(opts: { dir?: string; now?: number; reset?: boolean } = {}): string {
  const root = demoRoot(opts.dir ?? process.env.CTK_DEMO_DIR);
  const now = opts.now ?? Date.now();
  const age = sandboxAge(root, now);
  let entries: string[] = [];
  try {
    entries = fs.existsSync(root) ? fs.readdirSync(root) : [];
    if (entries.length) fs.accessSync(root, fs.constants.W_OK);
  } catch (err: any) {
    throw new UserError(`the demo sandbox ${root} is not yours to use (${err?.code ?? 'not writable'}); pass --demo-dir <a folder of yours>`);
  }
  if (age === null && entries.length > 0) {
    throw new UserError(`${root} exists and is not a ctk demo sandbox; pick another --demo-dir`);
  }
  if (opts.reset || age === null || age > MAX_AGE_MS || age < 0) {
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    buildSandbox(root, now);
    process.stderr.write(`ctk: demo sandbox with ${DEMO_IDS.length} accounts ${opts.reset ? 'built afresh' : 'created'} in ${root} (nothing real is touched)\n`);
  }
  process.env.CTK_CONFIG_DIR = path.join(root, 'config');
  process.env.CTK_CLAUDE_BIN = simulatedClaudePath();
  process.env.CTK_DEMO = '1';
  process.env.CTK_DEMO_DIR = root;
  const current = process.env.CLAUDE_CONFIG_DIR;
  if (!current || !path.resolve(current).startsWith(path.join(root, 'accounts'))) {
    process.env.CLAUDE_CONFIG_DIR = path.join(root, 'accounts', '12');
  }
  delete process.env.CLAUDE_SECURESTORAGE_CONFIG_DIR;
  return root;
}
