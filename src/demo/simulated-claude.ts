#!/usr/bin/env node
// The simulated `claude` that `ctk --demo` runs instead of Claude Code. `auth login` prints what
// a real login would, then stores fresh (fake) credentials for about 8 hours and keeps the
// account's identity. It refuses to run outside the demo so it can never touch a real account.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { HOUR_MS } from '../domain/duration.js';

const LIFESPAN_MS = 8 * HOUR_MS;

function configDir(): string {
  return process.env.CLAUDE_CONFIG_DIR || path.join(os.homedir(), '.claude');
}

function fakeToken(kind: 'oat' | 'ort'): string {
  return `sk-ant-${kind}01-DEMO${randomBytes(24).toString('hex')}`;
}

function readJson(file: string): Record<string, any> | null {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** Temp file + rename, 0600: the way Claude Code writes its files. */
function writePrivate(file: string, text: string): void {
  const tmp = `${file}.tmp.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    /* best effort on Windows */
  }
}

function emailArg(argv: string[]): string | null {
  const i = argv.indexOf('--email');
  if (i !== -1 && argv[i + 1]) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith('--email='));
  return eq ? eq.slice('--email='.length) : null;
}

/** The sandbox's one-time trouble for this account (see DEMO_TROUBLE in sandbox.ts), used up here. */
function takeTrouble(dir: string): string | null {
  const file = path.join(dir, '.ctk-demo-trouble');
  try {
    const what = fs.readFileSync(file, 'utf8').trim();
    fs.rmSync(file, { force: true });
    return what;
  } catch {
    return null;
  }
}

async function login(argv: string[]): Promise<number> {
  const dir = configDir();
  const identityFile = path.join(dir, '.claude.json');
  const identity = readJson(identityFile) ?? {};
  const email = emailArg(argv) ?? identity.oauthAccount?.emailAddress ?? 'demo@example.com';
  const out = process.stdout;
  out.write(`Opening your browser to sign in as ${email}…\n`);
  out.write(`(simulated by ctk --demo: no browser opens and nothing leaves this machine; Ctrl-C to try the skip-or-stop question)\n`);
  out.write(`If the browser didn't open, visit: https://claude.ai/oauth/authorize?code=true&client_id=demo&login_hint=${encodeURIComponent(email)}\n`);
  // Slow enough to interrupt, as a real browser login is.
  const delay = Number(process.env.CTK_DEMO_LOGIN_DELAY_MS ?? 1500);
  await new Promise((r) => setTimeout(r, Number.isFinite(delay) && delay >= 0 ? delay : 1500));
  const trouble = takeTrouble(dir);
  if (trouble === 'login-fails') {
    process.stderr.write('Login failed: the browser window was closed before the sign-in finished (simulated by the ctk demo; try again)\n');
    return 1;
  }

  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const credsFile = path.join(dir, '.credentials.json');
  const previous = readJson(credsFile) ?? {};
  const old = previous.claudeAiOauth && typeof previous.claudeAiOauth === 'object' ? previous.claudeAiOauth : {};
  const plan = typeof old.subscriptionType === 'string' ? old.subscriptionType : 'max';
  // Other top-level entries (MCP tokens) survive, as they do with Claude Code.
  const next = {
    ...previous,
    claudeAiOauth: {
      ...old,
      accessToken: fakeToken('oat'),
      refreshToken: fakeToken('ort'),
      expiresAt: Date.now() + LIFESPAN_MS,
      // A sign-in starts a new 30-day login, as Claude Code 2.1.332 stores it.
      refreshTokenExpiresAt: Date.now() + 30 * 24 * 3_600_000,
      scopes: ['user:inference', 'user:profile', 'user:sessions:claude_code', 'user:mcp_servers', 'user:file_upload'],
      subscriptionType: plan,
    },
  };
  writePrivate(credsFile, JSON.stringify(next));
  // The browser was already signed in as someone else: the login lands in that account.
  const signedInAs = trouble === 'wrong-account' ? 'intruder@example.com' : email;
  if (identity.oauthAccount?.emailAddress !== signedInAs) {
    const uuid = trouble === 'wrong-account' ? '00000000-0000-4000-8000-0000deadbeef' : `00000000-0000-4000-8000-${path.basename(dir).padStart(12, '0')}`;
    identity.oauthAccount = { ...(identity.oauthAccount ?? {}), emailAddress: signedInAs, displayName: signedInAs.split('@')[0], organizationName: `${signedInAs}'s Organization`, accountUuid: uuid };
    writePrivate(identityFile, JSON.stringify(identity));
  }
  out.write(`Login successful. Signed in as ${signedInAs}.\n`);
  return 0;
}

function status(argv: string[]): number {
  const dir = configDir();
  const creds = readJson(path.join(dir, '.credentials.json'));
  const identity = readJson(path.join(dir, '.claude.json'));
  const loggedIn = Boolean(creds?.claudeAiOauth?.accessToken);
  const info = {
    loggedIn,
    authMethod: loggedIn ? 'claude.ai' : 'none',
    apiProvider: 'firstParty',
    email: identity?.oauthAccount?.emailAddress ?? null,
    orgId: null,
    orgName: identity?.oauthAccount?.organizationName ?? null,
    subscriptionType: creds?.claudeAiOauth?.subscriptionType ?? null,
  };
  process.stdout.write(argv.includes('--json') ? JSON.stringify(info, null, 2) + '\n' : `${loggedIn ? `Logged in as ${info.email}` : 'Not logged in'}\n`);
  return loggedIn ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-v') {
    process.stdout.write('2.1.197 (Claude Code, simulated by ctk --demo)\n');
    return 0;
  }
  if (process.env.CTK_DEMO !== '1') {
    process.stderr.write('This is the simulated claude of the ctk demo; it only runs inside ctk --demo.\n');
    return 64;
  }
  if (argv[0] === 'auth' && argv[1] === 'login') return login(argv.slice(2));
  if (argv[0] === 'auth' && argv[1] === 'status') return status(argv.slice(2));
  // Anything else is where Claude Code itself would start (ctk run 12 in the sandbox).
  const who = readJson(path.join(configDir(), '.claude.json'))?.oauthAccount?.emailAddress ?? 'an account';
  process.stdout.write(`Claude Code would start here as ${who} (CLAUDE_CONFIG_DIR=${configDir()}); this is the ctk demo's simulated claude.\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`simulated claude: ${String(err?.message ?? err).replace(/sk-ant-[A-Za-z0-9_-]*/g, '[token]')}\n`);
    process.exitCode = 1;
  },
);
