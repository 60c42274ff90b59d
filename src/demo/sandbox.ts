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

export function demoRoot(dir?: string): string {
  return path.resolve(dir ?? path.join(os.tmpdir(), 'ctk-demo'));
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

export function demoCredentials(expiresAt: number, plan: string): string {
  return JSON.stringify({
    claudeAiOauth: {
      accessToken: fakeToken('oat'),
      refreshToken: fakeToken('ort'),
      expiresAt,
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
      writePrivate(credsFile, demoCredentials(Math.round(now + hours * HOUR_MS), plan));
    }
    return { id, dir, email };
  });
  writePrivate(
    path.join(configDir, 'config.json'),
    JSON.stringify({ accounts: accounts.map(({ id, dir, email }) => ({ id, dir, email })) }, null, '\t'),
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
  const root = demoRoot(opts.dir);
  const now = opts.now ?? Date.now();
  const age = sandboxAge(root, now);
  if (age === null && fs.existsSync(root) && fs.readdirSync(root).length > 0) {
    throw new UserError(`${root} exists and is not a ctk demo sandbox; pick another --demo-dir`);
  }
  if (opts.reset || age === null || age > MAX_AGE_MS || age < 0) {
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    buildSandbox(root, now);
    process.stderr.write(`ctk: demo sandbox with ${DEMO_IDS.length} accounts created in ${root} (nothing real is touched)\n`);
  }
  process.env.CTK_CONFIG_DIR = path.join(root, 'config');
  process.env.CTK_CLAUDE_BIN = simulatedClaudePath();
  process.env.CTK_DEMO = '1';
  const current = process.env.CLAUDE_CONFIG_DIR;
  if (!current || !path.resolve(current).startsWith(path.join(root, 'accounts'))) {
    process.env.CLAUDE_CONFIG_DIR = path.join(root, 'accounts', '12');
  }
  delete process.env.CLAUDE_SECURESTORAGE_CONFIG_DIR;
  return root;
}
