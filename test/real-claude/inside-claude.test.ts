// ctk inside the REAL Claude Code 2.1.332, in the private network namespace of ./harness.mjs:
// `ctk hooks install` writes the account's settings.json; a `claude -p` session then runs ctk's
// SessionStart hook for that account (seen in the session's own hook events), and an interactive
// session (a real pty) pipes its status-line JSON, rate_limits included once an API reply carried
// the unified rate-limit headers, to `ctk statusline`, whose line it shows and whose figures ctk caches.
// Skips, saying why, exactly like refresh-interop.test.ts (not root, no namespaces, not installed).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, expectNoToken } from '../helpers.js';
import { spawnPty } from '../pty.js';
// @ts-ignore plain ESM helpers shared with the install script and manual probes
import { baseEnv, startWorld, tmpRoot, whyCannotRun } from './harness.mjs';
// @ts-ignore plain ESM script
import { cacheRoot, installedClaude } from '../../scripts/install-real-claude.mjs';

const VERSION = '2.1.332';
const H = 3_600_000;
const SAMPLE_CREDS = path.resolve(__dirname, 'fixtures', 'credentials.claude-code-2.1.332.json');
const SAMPLE_IDENTITY = path.resolve(__dirname, '..', 'fixtures', 'samples', 'claude.json.with-oauth-account.json');

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
    // ctk on PATH, as a user has it; for the status line it also records what Claude Code piped in
    // and what ctk printed (the settings keep exactly what ctk hooks install wrote).
    const run = `'${process.execPath}' '${CLI}' "$@"`;
    fs.writeFileSync(path.join(bin, 'ctk'), `#!/bin/sh\nif [ "$1" = statusline ]; then tee -a '${path.join(root, 'status-in.jsonl')}' | ${run} | tee -a '${path.join(root, 'status-out.txt')}'; exit 0; fi\nexec ${run}\n`, { mode: 0o755 });
    // Claude Code's API replies carry the unified rate-limit headers: 23.4 % of 5 h, 61 % of 7 d.
    const now = Math.floor(Date.now() / 1000);
    world = await startWorld({ root, accountDirs: [dir], seeds: [seed], rateLimits: { fiveHour: 0.234, sevenDay: 0.61, fiveHourReset: now + 3600, sevenDayReset: now + 4 * 86400 } });
    const common = baseEnv({ home, caFile: world.tls.caFile });
    envCtk = { ...common, PATH: `${bin}${path.delimiter}${common.PATH}`, CTK_CONFIG_DIR: ctkConfig };
  }, 30_000);

  afterAll(async () => {
    await world?.stop();
    if (root && !process.env.CTK_REAL_CLAUDE_KEEP) fs.rmSync(root, { recursive: true, force: true });
  });

  it('a claude -p session runs ctk’s SessionStart hook for its account', async () => {
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

  }, 60_000);

  it('an interactive session pipes its status-line JSON with rate_limits to ctk statusline, which shows the line and caches the figures', async () => {
    // Needs the settings written by the test above (vitest runs a file's tests in order).
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')).statusLine.command).toBe('ctk statusline');
    const env = { ...envCtk, CLAUDE_CONFIG_DIR: dir, TERM: 'xterm-256color' };
    delete env.NO_COLOR;
    const p = spawnPty(['-t', String(world.pid), '-n', '-m', `--wd=${work}`, '--', claudeBin!], env, { file: 'nsenter', cols: 120, rows: 40 });
    const outFile = path.join(root, 'status-out.txt');
    const out = () => (fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : '');
    const until = async (what: string, ok: () => boolean, ms: number) => {
      for (const t0 = Date.now(); !ok(); await new Promise((r) => setTimeout(r, 250))) {
        if (Date.now() - t0 > ms) throw new Error(`no ${what} within ${ms / 1000} s; screen:\n${p.text().slice(-2500)}`);
      }
    };
    try {
      // A first-run dialog ("Try the new fullscreen renderer?") holds the prompt back: not now (Esc).
      // The first status lines come before any API reply, so without rate_limits.
      let dismissed = 0;
      await until('first status line', () => {
        if (out().includes('ctk 1 work')) return true;
        const screen = p.text().replace(/\s/g, '');
        if (screen.split('Esctocancel').length - 1 > dismissed) {
          dismissed++;
          p.write('\x1b');
        }
        return false;
      }, 40_000);
      await new Promise((r) => setTimeout(r, 500));
      p.write('hi');
      await new Promise((r) => setTimeout(r, 300));
      p.write('\r');
      await until('status line with figures', () => / · 5h 23% 7d 61%\n/.test(out()), 40_000);
    } finally {
      p.kill();
    }
    expectNoToken(p.output(), out());
    const lines = out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ctk 1 work · 5h5\dm left · ⚠ login ends in 2d · ⚠ folder pinned to 2$/);
    expect(lines[lines.length - 1]).toMatch(/^ctk 1 work · 5h5\dm left · ⚠ login ends in 2d · ⚠ folder pinned to 2 · 5h 23% 7d 61%$/);
    // What Claude Code piped in: the shape ctk reads (and test/fixtures/samples keeps a copy of).
    const inputs = fs.readFileSync(path.join(root, 'status-in.jsonl'), 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    const last = inputs.filter((i) => i.rate_limits).pop();
    expect(last).toMatchObject({ version: VERSION, cwd: work, rate_limits: { five_hour: { used_percentage: 23.4 }, seven_day: { used_percentage: 61 } } });
    expect(typeof last.rate_limits.five_hour.resets_at).toBe('number');
    // Seen on screen (the renderer moves the cursor instead of printing spaces).
    expect(p.text().replace(/\s/g, '')).toContain('ctk1work·5h5');
    // And saved as account 1's usage: ctk usage answers from it.
    const cache = JSON.parse(fs.readFileSync(path.join(envCtk.CTK_CONFIG_DIR!, 'state', 'usage-cache.json'), 'utf8'));
    expect(cache.accounts['1']).toMatchObject({ dir, windows: { five_hour: { utilization: 23.4 }, seven_day: { utilization: 61 } } });
    expect(Date.parse(cache.accounts['1'].windows.five_hour.resetsAt)).toBe(last.rate_limits.five_hour.resets_at * 1000);
  }, 90_000);
});
