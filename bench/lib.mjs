// Shared bench helpers: sample accounts in a temp folder and median wall times.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
const H = 3_600_000;

/**
 * A .claude.json as real ones are: every project's history first (40 KB to 2 MB), then the
 * oauthAccount block near the end.
 */
function claudeJson(id, bytes) {
  const entry = { display: 'refactor the token refresh and run the tests again', pastedContents: {} };
  const one = JSON.stringify(entry).length + 1;
  const history = Array.from({ length: Math.max(1, Math.floor(bytes / one)) }, () => entry);
  return JSON.stringify({
    numStartups: 412,
    installMethod: 'global',
    projects: { [`/home/dev/work/project-${id}`]: { allowedTools: [], history, mcpServers: {} } },
    oauthAccount: { accountUuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`, emailAddress: `dev${id}@example.com`, organizationName: `dev${id}'s Organization` },
    userID: 'f'.repeat(64),
  });
}

/**
 * n accounts (ids 1..n) with a realistic spread of expiries, registered in a fresh CTK_CONFIG_DIR.
 * realistic: .claude.json files of 40 KB, one in eight of 2 MB (the reference user's range), and
 * a mix of states (revoked, missing, a login ending).
 */
export function makeAccounts(n, { prefix = 'ctk-bench-', ids, realistic = false } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const configDir = path.join(root, 'config');
  fs.mkdirSync(configDir, { mode: 0o700 });
  const list = ids ?? Array.from({ length: n }, (_, i) => String(i + 1));
  const accounts = list.map((id, i) => {
    const dir = path.join(root, 'accounts', id);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const expiresAt = Date.now() + ((i % 10) - 1) * H;
    const revoked = realistic && i % 16 === 5;
    const missing = realistic && i % 16 === 11;
    if (!missing) {
      fs.writeFileSync(
        path.join(dir, '.credentials.json'),
        JSON.stringify({
          claudeAiOauth: {
            accessToken: revoked ? '' : 'sk-ant-oat01-BENCH' + i,
            refreshToken: revoked ? '' : 'sk-ant-ort01-BENCH' + i,
            expiresAt: revoked ? 0 : expiresAt,
            ...(realistic ? { refreshTokenExpiresAt: Date.now() + (1 + (i % 29)) * 24 * H } : {}),
            scopes: ['user:inference', 'user:profile'],
            subscriptionType: 'max',
          },
        }),
        { mode: 0o600 },
      );
    }
    const identity = realistic ? claudeJson(id, i % 8 === 3 ? 2_000_000 : 40_000) : JSON.stringify({ oauthAccount: { emailAddress: `dev${id}@example.com` } });
    fs.writeFileSync(path.join(dir, '.claude.json'), identity);
    return { id, dir };
  });
  fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ accounts }), { mode: 0o600 });
  const env = { ...process.env, CTK_CONFIG_DIR: configDir, NO_COLOR: '1' };
  delete env.CLAUDE_CONFIG_DIR;
  return { root, configDir, env, accounts, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

export function timeOnce(cmd, args, env, input) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, input === undefined ? { env, stdio: ['ignore', 'ignore', 'pipe'] } : { env, input, stdio: ['pipe', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.error) throw r.error;
  return { ms, status: r.status };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs the commands interleaved (so machine noise hits them alike) and returns medians.
 * jobs: { name: [cmd, args, env, stdin text?] }
 */
export function compare(jobs, runs) {
  const names = Object.keys(jobs);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) timeOnce(...jobs[n]); // warm the file cache
  for (let i = 0; i < runs; i++) for (const n of names) samples[n].push(timeOnce(...jobs[n]).ms);
  return Object.fromEntries(names.map((n) => [n, median(samples[n])]));
}

export const fmt = (ms) => `${ms.toFixed(1)} ms`;
export const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
