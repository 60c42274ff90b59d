// ctk next to the REAL Claude Code (2.1.197 and 2.1.332), against a strict local stand-in for
// platform.claude.com and api.anthropic.com, inside a private network namespace (no route out).
// The round: ctk refreshes → Claude Code uses ctk's token without refreshing → Claude Code refreshes
// (near expiry) → ctk refreshes again → `claude auth status` still logged in; no refresh token is
// ever posted twice, and the other grants in .credentials.json survive.
//
// The binaries come from `node scripts/install-real-claude.mjs 2.1.197 2.1.332` (a cache folder,
// not a devDependency); this file never downloads anything and skips, saying why, when they are not
// there, when not root, or when namespaces cannot be made. See README.md beside this file.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, expectNoToken } from '../helpers.js';
// @ts-ignore plain ESM helpers shared with the install script and manual probes
import { baseEnv, fp, startWorld, tmpRoot, whyCannotRun } from './harness.mjs';
// @ts-ignore plain ESM script
import { cacheRoot, installedClaude } from '../../scripts/install-real-claude.mjs';

const VERSIONS = ['2.1.197', '2.1.332'];
const H = 3_600_000;
const ROUND_TIMEOUT = 55_000;
// A copy of shared/samples/credentials.claude-code-2.1.332.json (fake tokens, replaced below).
const SAMPLE_CREDS = path.resolve(__dirname, 'fixtures', 'credentials.claude-code-2.1.332.json');
const SAMPLE_IDENTITY = path.resolve(__dirname, '..', 'fixtures', 'samples', 'claude.json.with-oauth-account.json');
const MOCK_TEXT = 'Hello from the ctk mock.';
const OTHER_GRANTS = ['mcpOAuth', 'pluginSecrets', 'designOauth', 'cloudSessionsOauth'];

const machineWhy: string | null = whyCannotRun() ?? (fs.existsSync(CLI) ? null : `the built CLI is missing (${CLI}): run npm run build`);
if (machineWhy) console.warn(`real-claude: skipped: ${machineWhy}`);

function randomSecret(kind: 'oat' | 'ort'): string {
  return `sk-ant-${kind}01-SEED${Array.from({ length: 80 }, () => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[Math.floor(Math.random() * 62)]).join('')}-SEEDAA`;
}

interface Rec {
  seq: number;
  at: number;
  method: string;
  host: string;
  path: string;
  reply: string;
  bearerFp: string | null;
  grant?: { refreshFp: string; clientId: string | null; scope: string | null; postedBefore: boolean; scopeNarrowedFromLogin?: string[] };
  issued?: { accessFp: string; refreshFp: string };
  locks?: Record<string, { oauthRefreshLock: unknown; dirLock: unknown; storageWriteLock: unknown; owner: { keys?: string[]; pid?: number } | null }>;
}

for (const version of VERSIONS) {
  const claudeBin: string | null = machineWhy ? null : installedClaude(version);
  const why =
    machineWhy ??
    (claudeBin ? null : `Claude Code ${version} is not in ${cacheRoot()} (run: node scripts/install-real-claude.mjs ${VERSIONS.join(' ')})`);
  if (!machineWhy && why) console.warn(`real-claude: ${version} skipped: ${why}`);

  describe.skipIf(Boolean(why))(`real Claude Code ${version}${why ? ` (skipped: ${why})` : ''}`, () => {
    let root: string;
    let world: any;
    let dir: string;
    let credsFile: string;
    let envCtk: NodeJS.ProcessEnv;
    let envClaude: NodeJS.ProcessEnv;
    let originalOthers: Record<string, unknown>;
    let loginDeadline: number;
    const seed = {
      accessToken: randomSecret('oat'),
      refreshToken: randomSecret('ort'),
      email: 'dev12@example.com',
      accountUuid: '00000000-0000-4000-8000-000000000001',
      organizationUuid: '00000000-0000-4000-8000-000000000002',
      organizationName: "dev12@example.com's Organization",
      scope: '',
    };

    const creds = () => JSON.parse(fs.readFileSync(credsFile, 'utf8'));
    const oauth = () => creds().claudeAiOauth;
    const since = (mark: number): Rec[] => (world.requests() as Rec[]).filter((r) => r.seq > mark);
    const lastSeq = (): number => (world.requests() as Rec[]).reduce((m, r) => Math.max(m, r.seq), 0);
    const tokenPosts = (recs: Rec[]) => recs.filter((r) => r.path === '/v1/oauth/token');
    const apiCalls = (recs: Rec[]) => recs.filter((r) => r.host === 'api.anthropic.com' && r.bearerFp);

    async function ctkRefresh() {
      const r = await world.run(process.execPath, [CLI, 'refresh', '1', '--method', 'oauth', '--yes', '--json'], { env: envCtk, cwd: root });
      expectNoToken(r.stdout, r.stderr);
      expect(r.code, `ctk refresh failed: ${r.stderr}`).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.results).toHaveLength(1);
      expect(out.results[0]).toMatchObject({ id: '1', result: 'refreshed' });
      return { out, ms: r.ms };
    }

    async function claude(args: string[]) {
      const r = await world.run(claudeBin!, args, { env: envClaude, cwd: root, timeout: 40_000 });
      expectNoToken(r.stdout, r.stderr);
      expect(r.timedOut, `claude ${args.join(' ')} did not finish within 40 s`).toBe(false);
      return r;
    }

    beforeAll(async () => {
      root = tmpRoot(`ctk-real-claude-${version}-`);
      const home = path.join(root, 'home');
      fs.mkdirSync(path.join(home, 'tmp'), { recursive: true, mode: 0o700 });
      dir = path.join(root, 'accounts', '1');
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      credsFile = path.join(dir, '.credentials.json');
      const c = JSON.parse(fs.readFileSync(SAMPLE_CREDS, 'utf8'));
      Object.assign(c.claudeAiOauth, {
        accessToken: seed.accessToken,
        refreshToken: seed.refreshToken,
        expiresAt: Date.now() + 6 * H,
        refreshTokenExpiresAt: Date.now() + 20 * 24 * H,
        accountUuid: seed.accountUuid,
        organizationUuid: seed.organizationUuid,
      });
      seed.scope = c.claudeAiOauth.scopes.join(' ');
      loginDeadline = c.claudeAiOauth.refreshTokenExpiresAt;
      originalOthers = Object.fromEntries(OTHER_GRANTS.map((k) => [k, c[k]]));
      fs.writeFileSync(credsFile, JSON.stringify(c, null, 2), { mode: 0o600 });
      const identity = JSON.parse(fs.readFileSync(SAMPLE_IDENTITY, 'utf8'));
      Object.assign(identity.oauthAccount, { accountUuid: seed.accountUuid, organizationUuid: seed.organizationUuid, emailAddress: seed.email });
      // No first-run screens, no update checks, no trust dialog for the working folder.
      Object.assign(identity, { hasCompletedOnboarding: true, lastOnboardingVersion: version, autoUpdates: false, projects: { [root]: { hasTrustDialogAccepted: true, allowedTools: [] } } });
      fs.writeFileSync(path.join(dir, '.claude.json'), JSON.stringify(identity, null, 2));
      const ctkConfig = path.join(root, 'ctk-config');
      fs.mkdirSync(ctkConfig, { mode: 0o700 });
      fs.writeFileSync(path.join(ctkConfig, 'config.json'), JSON.stringify({ accounts: [{ id: '1', dir }] }), { mode: 0o600 });

      world = await startWorld({ root, accountDirs: [dir], seeds: [seed] });
      const common = baseEnv({ home, caFile: world.tls.caFile });
      // ctk uses its real default endpoints (no CTK_OAUTH_TOKEN_URL): the namespace's /etc/hosts
      // sends platform.claude.com to the mock. CTK_CLAUDE_BIN is the real claude, for completeness.
      envCtk = { ...common, CTK_CONFIG_DIR: ctkConfig, CTK_CLAUDE_BIN: claudeBin! };
      envClaude = { ...common, CLAUDE_CONFIG_DIR: dir };
    }, 30_000);

    afterAll(async () => {
      await world?.stop();
      if (process.env.CTK_REAL_CLAUDE_KEEP) console.warn(`real-claude: kept ${root} (mock log: mock-requests.jsonl, fingerprints only)`);
      else if (root) fs.rmSync(root, { recursive: true, force: true });
    });

    it(
      `${version}: ctk refreshes; Claude Code uses that token; Claude Code refreshes; ctk refreshes again; still logged in`,
      async () => {
        // (a) ctk refreshes a healthy account on request.
        let mark = lastSeq();
        await ctkRefresh();
        const postsA = tokenPosts(since(mark));
        expect(postsA).toHaveLength(1);
        expect(postsA[0].grant!.refreshFp).toBe(fp(seed.refreshToken));
        expect(postsA[0].reply).toBe('tokens');
        const afterA = oauth();
        expect(fp(afterA.accessToken)).toBe(postsA[0].issued!.accessFp);
        expect(fp(afterA.refreshToken)).toBe(postsA[0].issued!.refreshFp);
        expect(afterA.expiresAt).toBeGreaterThan(Date.now() + 7 * H);

        // (b) Claude Code uses ctk's access token as it is: no refresh of its own.
        mark = lastSeq();
        const b = await claude(['-p', 'hi']);
        expect(b.code, `claude -p failed: ${b.stdout}${b.stderr}`).toBe(0);
        expect(b.stdout).toContain(MOCK_TEXT);
        const recsB = since(mark);
        expect(tokenPosts(recsB)).toHaveLength(0);
        const usedB = new Set(apiCalls(recsB).map((r) => r.bearerFp));
        expect(recsB.some((r) => r.path === '/v1/messages' && r.reply !== '401')).toBe(true);
        expect([...usedB]).toEqual([fp(afterA.accessToken)]);
        expect(fp(oauth().refreshToken)).toBe(fp(afterA.refreshToken));

        // (c) The stored token is now a minute from expiry (as a harness may make it): Claude Code
        // refreshes by itself, posting the refresh token that ctk stored, and saves its new tokens.
        const c = creds();
        c.claudeAiOauth.expiresAt = Date.now() + 60_000;
        fs.writeFileSync(credsFile, JSON.stringify(c, null, 2), { mode: 0o600 });
        mark = lastSeq();
        const cRun = await claude(['-p', 'hi']);
        expect(cRun.code, `claude -p failed: ${cRun.stdout}${cRun.stderr}`).toBe(0);
        expect(cRun.stdout).toContain(MOCK_TEXT);
        const postsC = tokenPosts(since(mark));
        expect(postsC).toHaveLength(1);
        expect(postsC[0].grant!.refreshFp).toBe(fp(afterA.refreshToken));
        expect(postsC[0].reply).toBe('tokens');
        const afterC = oauth();
        expect(fp(afterC.accessToken)).toBe(postsC[0].issued!.accessFp);
        expect(fp(afterC.refreshToken)).toBe(postsC[0].issued!.refreshFp);
        expect(afterC.expiresAt).toBeGreaterThan(Date.now() + 7 * H);
        // The conversation itself ran on the new token; nothing used a token the server did not issue.
        const recsC = since(mark);
        const messagesC = recsC.filter((r) => r.path === '/v1/messages');
        expect(messagesC.length).toBeGreaterThan(0);
        expect(new Set(messagesC.map((r) => r.bearerFp))).toEqual(new Set([postsC[0].issued!.accessFp]));
        for (const r of apiCalls(recsC)) expect([fp(afterA.accessToken), postsC[0].issued!.accessFp]).toContain(r.bearerFp);

        // (d) ctk refreshes again: it posts Claude Code's refresh token.
        mark = lastSeq();
        await ctkRefresh();
        const postsD = tokenPosts(since(mark));
        expect(postsD).toHaveLength(1);
        expect(postsD[0].grant!.refreshFp).toBe(fp(afterC.refreshToken));
        expect(postsD[0].reply).toBe('tokens');
        const afterD = oauth();
        expect(fp(afterD.accessToken)).toBe(postsD[0].issued!.accessFp);
        expect(fp(afterD.refreshToken)).toBe(postsD[0].issued!.refreshFp);

        // (e) Claude Code still says logged in (and does not refresh a fresh token to say so).
        mark = lastSeq();
        const e = await claude(['auth', 'status', '--json']);
        expect(e.code, `claude auth status failed: ${e.stdout}${e.stderr}`).toBe(0);
        const status = JSON.parse(e.stdout);
        expect(status.loggedIn).toBe(true);
        expect(status.email).toBe(seed.email);
        expect(tokenPosts(since(mark))).toHaveLength(0);

        // The strict server: no refresh token ever posted twice, never an invalid_grant, and every
        // API call carried a token it issued.
        const all = world.requests() as Rec[];
        const posted = tokenPosts(all).map((r) => r.grant!.refreshFp);
        expect(posted).toHaveLength(3);
        expect(new Set(posted).size).toBe(posted.length);
        expect(all.filter((r) => r.reply === 'invalid_grant' || r.grant?.postedBefore)).toEqual([]);
        expect(all.filter((r) => r.reply === '401')).toEqual([]);

        // The other grants survived every writer; the file is still private; no lock was left behind.
        const final = creds();
        for (const k of OTHER_GRANTS) expect(final[k], k).toEqual(originalOthers[k]);
        expect(fs.statSync(credsFile).mode & 0o777).toBe(0o600);
        expect(final.claudeAiOauth.scopes).toContain('user:inference');
        // ctk never narrows the account: what it asks for covers every scope the login had.
        const loginScopes = (seed.scope ?? '').split(/\s+/).filter(Boolean);
        const ctkPosts = [postsA, postsD].flat();
        for (const p of ctkPosts) for (const sc of loginScopes) expect(p.grant!.scope ?? '', `ctk asked for ${sc}`).toContain(sc);
        expect(ctkPosts.every((p) => (p.grant!.scopeNarrowedFromLogin ?? []).length === 0)).toBe(true);
        // No refresh moves the login deadline later (2.1.332 keeps it; 2.1.197 drops the field).
        if (final.claudeAiOauth.refreshTokenExpiresAt !== undefined) expect(final.claudeAiOauth.refreshTokenExpiresAt).toBeLessThanOrEqual(loginDeadline);
        for (const lock of ['.oauth_refresh.lock', '.oauth_refresh.lock.owner', '.storage-write.lock']) expect(fs.existsSync(path.join(dir, lock)), lock).toBe(false);
        expect(fs.existsSync(`${fs.realpathSync(dir)}.lock`)).toBe(false);
        expect(fs.readdirSync(dir).filter((n) => n.startsWith('.credentials.json.tmp'))).toEqual([]);
      },
      ROUND_TIMEOUT,
    );
  });
}
