// ctk inside the REAL Claude Code 2.1.332, in the private network namespace of ./harness.mjs:
// `ctk hooks install` writes the account's settings.json; a `claude -p` session then runs ctk's
// SessionStart hook for that account (seen in the session's own hook events), and the
// statusLine command Claude Code would run turns the 2.1.332 status-line JSON into the line shown.
// Skips, saying why, exactly like refresh-interop.test.ts (not root, no namespaces, not installed).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, expectNoToken } from '../helpers.js';
// @ts-ignore plain ESM helpers shared with the install script and manual probes
import { baseEnv, startWorld, tmpRoot, whyCannotRun } from './harness.mjs';
// @ts-ignore plain ESM script
import { cacheRoot, installedClaude } from '../../scripts/install-real-claude.mjs';

const VERSION = '2.1.332';
const H = 3_600_000;
const SAMPLE_CREDS = path.resolve(__dirname, 'fixtures', 'credentials.claude-code-2.1.332.json');
const SAMPLE_IDENTITY = path.resolve(__dirname, '..', 'fixtures', 'samples', 'claude.json.with-oauth-account.json');
const SAMPLE_STATUS = path.resolve(__dirname, '..', 'fixtures', 'samples', 'statusline-input.claude-code-2.1.332.json');

const claudeBin: string | null = whyCannotRun() ? null : installedClaude(VERSION);
const why = whyCannotRun() ?? (fs.existsSync(CLI) ? null : `the built CLI is missing (${CLI})`) ?? (claudeBin ? null : `Claude Code ${VERSION} is not in ${cacheRoot()} (run: node scripts/install-real-claude.mjs ${VERSION})`);
if (why) console.warn(`real-claude (inside): skipped: ${why}`);

const secret = (kind: string) => `sk-ant-${kind}01-INSIDE${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}-AA`;

describe.skipIf(Boolean(why))(`ctk inside the real Claude Code ${VERSION}${why ? ` (skipped: ${why})` : ''}`, () => {
  let root: string;
  let world: any;
  let dir: string;
  let work: string;
  let envCtk: NodeJS.ProcessEnv;
  const seed = { accessToken: secret('oat'), refreshToken: secret('ort'), email: 'dev12@example.com', accountUuid: '00000000-0000-4000-8000-0000000000a1', organizationUuid: '00000000-0000-4000-8000-0000000000a2', organizationName: 'Org', scope: '' };

  beforeAll(async () => {
    root = tmpRoot('ctk-real-inside-');
    const home = path.join(root, 'home');
    fs.mkdirSync(path.join(home, 'tmp'), { recursive: true, mode: 0o700 });
    dir = path.join(root, 'accounts', '1');
    work = path.join(root, 'work');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.mkdirSync(path.join(root, 'accounts', '2'), { mode: 0o700 });
    fs.mkdirSync(work);
    const c = JSON.parse(fs.readFileSync(SAMPLE_CREDS, 'utf8'));
    // A login that ends in two days: the SessionStart hook has something to say.
    Object.assign(c.claudeAiOauth, { accessToken: seed.accessToken, refreshToken: seed.refreshToken, expiresAt: Date.now() + 6 * H, refreshTokenExpiresAt: Date.now() + 50 * H, accountUuid: seed.accountUuid, organizationUuid: seed.organizationUuid });
    seed.scope = c.claudeAiOauth.scopes.join(' ');
    fs.writeFileSync(path.join(dir, '.credentials.json'), JSON.stringify(c), { mode: 0o600 });
    const identity = JSON.parse(fs.readFileSync(SAMPLE_IDENTITY, 'utf8'));
    Object.assign(identity.oauthAccount, { accountUuid: seed.accountUuid, organizationUuid: seed.organizationUuid, emailAddress: seed.email });
    Object.assign(identity, { hasCompletedOnboarding: true, lastOnboardingVersion: VERSION, autoUpdates: false, projects: { [work]: { hasTrustDialogAccepted: true, allowedTools: [] } } });
    fs.writeFileSync(path.join(dir, '.claude.json'), JSON.stringify(identity));
    const ctkConfig = path.join(root, 'ctk-config');
    fs.mkdirSync(ctkConfig, { mode: 0o700 });
    // The working folder is pinned to account 2: the session on account 1 is warned about it.
    fs.writeFileSync(path.join(ctkConfig, 'config.json'), JSON.stringify({ accounts: [{ id: '1', dir, label: 'work' }, { id: '2', dir: path.join(root, 'accounts', '2') }], folderPins: [{ dir: work, id: '2' }] }), { mode: 0o600 });
    const bin = path.join(root, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'ctk'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`, { mode: 0o755 });
    world = await startWorld({ root, accountDirs: [dir], seeds: [seed] });
    const common = baseEnv({ home, caFile: world.tls.caFile });
    envCtk = { ...common, PATH: `${bin}${path.delimiter}${common.PATH}`, CTK_CONFIG_DIR: ctkConfig };
  }, 30_000);

  afterAll(async () => {
    await world?.stop();
    if (root && !process.env.CTK_REAL_CLAUDE_KEEP) fs.rmSync(root, { recursive: true, force: true });
  });

  it('a claude -p session runs ctk’s SessionStart hook for its account, and the status line reads the 2.1.332 JSON', async () => {
    const inst = await world.run(process.execPath, [CLI, 'hooks', 'install', '1'], { env: envCtk, cwd: work });
    expect(inst.code, inst.stderr).toBe(0);
    const settings = JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8'));
    expect(settings.statusLine.command).toBe('ctk statusline');

    const r = await world.run(claudeBin!, ['-p', 'hi', '--output-format', 'stream-json', '--verbose', '--include-hook-events'], { env: { ...envCtk, CLAUDE_CONFIG_DIR: dir }, cwd: work, timeout: 40_000 });
    expectNoToken(r.stdout, r.stderr);
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout.split('\n').filter((l: string) => l.startsWith('{')).map((l: string) => JSON.parse(l));
    const responses = events.filter((e: any) => e.type === 'system' && e.subtype === 'hook_response' && e.hook_event === 'SessionStart');
    expect(responses.length, `no SessionStart hook response in:\n${r.stdout.slice(0, 3000)}`).toBeGreaterThan(0);
    const ours = responses.find((e: any) => /ctk: /.test(e.stdout ?? ''));
    expect(ours, JSON.stringify(responses)).toBeTruthy();
    expect(ours.outcome).toBe('success');
    expect(ours.stderr).toBe('');
    const message: string = JSON.parse(ours.stdout).systemMessage;
    expect(message).toBe(
      [
        'ctk: account 1: login ends in 2 d; renew it with a browser sign-in: ctk refresh 1 --method login',
        'ctk: this folder is pinned to account 2, but this session runs as 1; start it as 2: ctk run 2',
      ].join('\n'),
    );

    // The statusLine command as Claude Code runs it (through a shell, the JSON on stdin, in the
    // session's folder and environment).
    const sample = JSON.parse(fs.readFileSync(SAMPLE_STATUS, 'utf8'));
    const now = Math.floor(Date.now() / 1000);
    Object.assign(sample, { cwd: work, workspace: { ...sample.workspace, current_dir: work, project_dir: work } });
    sample.rate_limits.five_hour.resets_at = now + 3600;
    sample.rate_limits.seven_day.resets_at = now + 4 * 86400;
    const line = spawnSync('/bin/sh', ['-c', settings.statusLine.command], { cwd: work, env: { ...envCtk, CLAUDE_CONFIG_DIR: dir }, input: JSON.stringify(sample), encoding: 'utf8' });
    expect(line.stderr).toBe('');
    expect(line.status).toBe(0);
    expect(line.stdout).toMatch(/^ctk 1 work · 5h5\dm left · ⚠ login ends in 2d · ⚠ folder pinned to 2 · 5h 23% 7d 61%\n$/);
  }, 60_000);
});
