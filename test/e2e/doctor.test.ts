// ctk doctor end to end: every failure made real in a temporary set-up, then fixed.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ctk, expectNoToken, H, makeSandbox, register, writeAccount, type Sandbox } from '../helpers.js';

let sb: Sandbox;
let env: NodeJS.ProcessEnv;
let bin: string;

function tool(name: string, script: string): string {
  const file = path.join(bin, name);
  fs.writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return file;
}

/** A set-up where every check passes: claude, notify-send and a systemd timer all present. */
beforeEach(() => {
  sb = makeSandbox();
  bin = path.join(sb.root, 'bin');
  fs.mkdirSync(bin);
  tool('claude', 'echo "2.1.197 (Claude Code)"');
  tool('notify-send', 'exit 0');
  // What `ctk schedule install` leaves behind: its unit files and its manifest in the state folder.
  const units = path.join(sb.home, '.config', 'systemd', 'user');
  fs.mkdirSync(units, { recursive: true });
  const timer = path.join(units, 'ctk-watch.timer');
  fs.writeFileSync(timer, '[Timer]\nOnCalendar=*:0/30\n');
  fs.mkdirSync(path.join(sb.configDir, 'state'), { recursive: true, mode: 0o700 });
  fs.writeFileSync(
    path.join(sb.configDir, 'state', 'schedule.json'),
    JSON.stringify({ version: 1, backend: 'systemd', installedAt: new Date().toISOString(), intervalMinutes: 30, evening: null, autoRefresh: false, jobs: ['ctk-watch.timer'], files: [timer], command: ['node', 'cli.js', 'watch', '--once'] }),
    { mode: 0o600 },
  );
  env = { ...sb.env, PATH: `${bin}:${process.env.PATH}` };
  for (const id of ['1', '2', '3']) writeAccount(sb, id, { expiresIn: 5 * H });
  register(sb, [{ id: '1' }, { id: '2' }, { id: '3' }]);
});
afterEach(() => sb.cleanup());

function doctor(e = env) {
  const r = ctk(['doctor'], e);
  expectNoToken(r.stdout, r.stderr);
  const j = ctk(['doctor', '--json'], e);
  expect(j.code).toBe(r.code);
  const json = JSON.parse(j.stdout);
  return { code: r.code, out: r.stdout, json, failed: json.checks.filter((c: any) => !c.ok) };
}

describe('ctk doctor', () => {
  it('passes every check on a sound set-up, one ✓ line each', () => {
    const { code, out, json } = doctor();
    expect(json.ok).toBe(true);
    expect(json.checks.map((c: any) => c.check)).toEqual(['node', 'claude', 'config', 'folders', 'modes', 'duplicates', 'locks', 'notifications', 'schedule']);
    const lines = out.trim().split('\n');
    expect(lines.slice(0, 9).every((l) => l.startsWith('✓ '))).toBe(true);
    expect(out).toMatch(/✓ Node\.js v\d+/);
    expect(out).toMatch(/✓ claude found: 2\.1\.197 \(Claude Code\)/);
    expect(out).toMatch(/✓ ctk config is readable and valid \(3 accounts\)/);
    expect(out).toMatch(/✓ desktop notifications through notify-send/);
    expect(out).toMatch(/✓ schedule installed: systemd \(ctk-watch\.timer\), every 30 min/);
    expect(out).toMatch(/everything looks fine/);
    expect(code).toBe(0);
  });

  it('finds a removed folder, a 0644 file, a duplicate email, a stale lock and a missing claude, each with its fix', () => {
    fs.rmSync(sb.accountDir('3'), { recursive: true });
    fs.chmodSync(path.join(sb.accountDir('1'), '.credentials.json'), 0o644);
    writeAccount(sb, '2', { expiresIn: 5 * H, email: 'dev1@example.com' });
    const stale = path.join(sb.accountDir('2'), '.oauth_refresh.lock');
    fs.mkdirSync(stale);
    const old = (Date.now() - 5 * 60_000) / 1000;
    fs.utimesSync(stale, old, old);
    const sibling = `${sb.accountDir('1')}.lock`;
    fs.mkdirSync(sibling);
    fs.utimesSync(sibling, old, old);
    fs.mkdirSync(path.join(sb.accountDir('1'), '.storage-write.lock')); // fresh: someone is writing right now
    fs.rmSync(path.join(bin, 'claude'));
    const e = { ...env, CTK_CLAUDE_BIN: path.join(bin, 'claude') };

    const { code, out, failed } = doctor(e);
    expect(code).toBe(1);
    expect(failed.map((c: any) => c.check).sort()).toEqual(['claude', 'duplicates', 'folders', 'locks', 'locks', 'modes']);
    const line = (re: RegExp) => out.split('\n').find((l) => re.test(l)) ?? '';
    expect(line(/claude/)).toMatch(/^✗ claude: .*not found → install Claude Code .*ctk config set claudeBin/);
    expect(line(/folder .*3/)).toMatch(new RegExp(`^✗ account 3: folder ${sb.accountDir('3')} does not exist → .*ctk accounts remove 3`));
    expect(line(/mode 0644/)).toMatch(new RegExp(`^✗ account 1: credentials file is mode 0644.* → chmod 600 "${sb.accountDir('1')}/.credentials.json"`));
    expect(line(/dev1@example.com/)).toMatch(/^✗ dev1@example\.com is signed in on accounts 1, 2 → .*ctk refresh 2/);
    expect(line(/oauth_refresh\.lock/)).toMatch(new RegExp(`^✗ account 2: stale Claude Code lock ${stale} \\(5 min old\\) → .*rmdir "${stale}"`));
    expect(line(/1\.lock/)).toMatch(/^✗ account 1: stale Claude Code lock .* → .*rmdir/);
    expect(out).not.toMatch(/storage-write\.lock/);
    expect(out).toMatch(/✓ Node\.js/);
    expect(out).toMatch(/6 problems found/);
    // Read-only: the lock folders and the loose mode are still there.
    expect(fs.existsSync(stale)).toBe(true);
    expect(fs.statSync(path.join(sb.accountDir('1'), '.credentials.json')).mode & 0o777).toBe(0o644);
  });

  it('checks the config, the alert channel and the schedule', () => {
    fs.rmSync(path.join(bin, 'notify-send'));
    fs.rmSync(path.join(sb.home, '.config', 'systemd'), { recursive: true }); // the manifest stays: damaged
    const cfg = path.join(sb.configDir, 'config.json');
    const raw = JSON.parse(fs.readFileSync(cfg, 'utf8'));
    raw.warningHours = 'soon';
    raw.accounts.push({ id: '1', dir: 'relative/dir' });
    fs.writeFileSync(cfg, JSON.stringify(raw), { mode: 0o644 });
    fs.chmodSync(cfg, 0o644);
    const pathWithoutNotify = { ...env, PATH: `${bin}:/usr/bin:/bin` };
    const { code, out, failed } = doctor(pathWithoutNotify);
    expect(code).toBe(1);
    // the broken entry (a duplicate id with a relative folder) is reported by the config check and never used as a path
    // an alert channel not set up is a note (optional), not a problem
    expect(failed.map((c: any) => c.check).sort()).toEqual(['config', 'schedule']);
    expect(out).toMatch(/✗ ctk config .*config\.json: .*account id 1 appears twice; account 1: dir must be an absolute path; warningHours should be a number; mode is 0644, should be 0600 →/);
    expect(out).toMatch(/i no desktop notification backend: notify-send is not installed .*\(optional: install it, or send alerts to a webhook: ctk config set notify\.webhookUrl/);
    expect(out).toMatch(/✗ the systemd \(ctk-watch\.timer\), every 30 min schedule is damaged: .*ctk-watch\.timer is missing → ctk schedule install/);

    // A webhook is an alert channel too.
    raw.warningHours = 3;
    raw.accounts.pop();
    raw.notify = { webhookUrl: 'https://ntfy.example.invalid/ctk' };
    fs.writeFileSync(cfg, JSON.stringify(raw));
    fs.chmodSync(cfg, 0o600);
    const again = doctor(pathWithoutNotify);
    expect(again.failed.map((c: any) => c.check)).toEqual(['schedule']);
    fs.rmSync(path.join(sb.configDir, 'state', 'schedule.json'));
    // without a schedule (optional) and with a webhook: nothing needs action, exit 0
    const none = doctor(pathWithoutNotify);
    expect(none.out).toMatch(/i no ctk schedule installed.*\(optional: ctk schedule install/);
    expect(none.code).toBe(0);
    expect(again.out).toMatch(/✓ alerts go to the webhook/);
  });

  it('explains a corrupt config and still runs the other checks', () => {
    fs.writeFileSync(path.join(sb.configDir, 'config.json'), '{"accounts": [');
    const { code, out, failed } = doctor();
    expect(code).toBe(1);
    expect(failed.map((c: any) => c.check)).toContain('config');
    expect(out).toMatch(/✗ ctk config .* is not valid JSON.* → fix ".*config\.json" by hand/);
    expect(out).toMatch(/✓ claude found/);
    expect(out.trim().split('\n').filter((l) => /^[✓✗] /.test(l)).length).toBeGreaterThanOrEqual(9);
  });
});
