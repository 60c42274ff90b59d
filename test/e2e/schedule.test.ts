// ctk schedule as a real process, pointed at temp folders and fake crontab/systemctl/launchctl/
// schtasks executables that record what they are asked, so nothing real is scheduled.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ctk, expectNoToken, makeSandbox, register, ROOT, writeAccount, type Sandbox } from '../helpers.js';

let sb: Sandbox;
let env: NodeJS.ProcessEnv;
let calls: string;
let crontabFile: string;
let unitDir: string;
let agentsDir: string;

function fake(name: string, script: string): string {
  const f = path.join(sb.root, 'fakebin', name);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, `#!/bin/sh\necho "${name} $*" >> '${calls}'\n${script}\n`, { mode: 0o755 });
  return f;
}

const callLog = () => (fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').trim().split('\n') : []);
const CRON_MARK = '# >>> ctk schedule';
const CLI_REAL = fs.realpathSync(path.join(ROOT, 'dist', 'cli.js'));

beforeEach(() => {
  sb = makeSandbox('ctk-schedule-');
  calls = path.join(sb.root, 'calls.log');
  crontabFile = path.join(sb.root, 'crontab.txt');
  unitDir = path.join(sb.root, 'systemd-user');
  agentsDir = path.join(sb.root, 'LaunchAgents');
  writeAccount(sb, '1');
  register(sb, [{ id: '1' }]);
  env = {
    ...sb.env,
    CTK_CRONTAB: fake('crontab', `case "$1" in\n -l) if [ -f '${crontabFile}' ]; then cat '${crontabFile}'; else echo "no crontab for tester" >&2; exit 1; fi ;;\n -) cat > '${crontabFile}' ;;\n *) exit 2 ;;\nesac`),
    CTK_SYSTEMCTL: fake('systemctl', `if [ "$2" = is-active ]; then shift 2; for u in "$@"; do echo active; done; fi`),
    CTK_SYSTEMD_USER_DIR: unitDir,
    CTK_LAUNCHCTL: fake('launchctl', `if [ "$1" = bootout ]; then exit 3; fi`),
    CTK_LAUNCHAGENTS_DIR: agentsDir,
    CTK_SCHTASKS: fake('schtasks', ''),
  };
});
afterEach(() => sb.cleanup());

function snapshot(): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(`${path.relative(sb.root, p)}:${fs.readFileSync(p, 'utf8').length}`);
    }
  };
  walk(sb.root);
  return out.sort().join('\n');
}

describe('ctk schedule with cron (a temporary crontab)', () => {
  it('--dry-run shows the cron block even where cron is not installed; a real install says what is missing', () => {
    const noCron = { ...env, CTK_CRONTAB: path.join(sb.root, 'no-such-crontab') };
    const dry = ctk(['schedule', 'install', '--backend', 'cron', '--dry-run'], noCron);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(CRON_MARK);
    expect(dry.stdout).toContain('Nothing was changed (--dry-run).');
    // and says that a real install would fail here
    expect(dry.stderr).toMatch(/^ctk: warning: .*no-such-crontab is not installed here.*a real install would fail/);
    const real = ctk(['schedule', 'install', '--backend', 'cron'], noCron);
    expect(real.code).toBe(2);
    expect(real.stderr).toMatch(/cannot run .*no-such-crontab.*is cron installed/);
    expect(fs.existsSync(crontabFile)).toBe(false);
  });

  it('installs beside the user’s own lines, reports status, and removes exactly its lines', () => {
    fs.writeFileSync(crontabFile, '# mine\n0 5 * * * /usr/bin/backup\n');
    const r = ctk(['schedule', 'install', '--backend', 'cron', '--interval', '15m', '--evening', '21:30', '--auto-refresh'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Installed a crontab entry: ctk watch --once --auto-refresh every 15m and ctk evening at 21:30.');
    const tab = fs.readFileSync(crontabFile, 'utf8');
    expect(tab.startsWith('# mine\n0 5 * * * /usr/bin/backup\n# >>> ctk schedule')).toBe(true);
    expect(tab).toContain(`*/15 * * * * CTK_CONFIG_DIR='${sb.configDir}' '${process.execPath}' '${CLI_REAL}' 'watch' '--once' '--auto-refresh' >> '${path.join(sb.configDir, 'state', 'schedule.log')}' 2>&1`);
    expect(tab).toContain(`30 21 * * * CTK_CONFIG_DIR='${sb.configDir}' '${process.execPath}' '${CLI_REAL}' 'evening' '--method' 'oauth' '--yes'`);

    // The job itself works: run the crontab line's command through sh, as cron would.
    const line = tab.split('\n').find((l) => l.startsWith('*/15'))!;
    const sh = ctkShell(line.replace(/^(\S+\s+){5}/, ''));
    expect(sh.status).toBe(0);
    const st = ctk(['schedule', 'status'], env);
    expect(st.code).toBe(0);
    expect(st.stdout).toContain('Installed: crontab entry');
    expect(st.stdout).toContain('cron says: ctk lines present in the crontab');
    expect(st.stdout).toMatch(/last check: 0 min ago .*1 accounts, 1 healthy; 0 alert/);
    const js = JSON.parse(ctk(['schedule', 'status', '--json'], env).stdout);
    expect(js).toMatchObject({ installed: true, backend: 'cron', intervalMinutes: 15, evening: '21:30', autoRefresh: true, damaged: false, overdue: false });

    const rm = ctk(['schedule', 'remove'], env);
    expect(rm.code).toBe(0);
    expect(fs.readFileSync(crontabFile, 'utf8')).toBe('# mine\n0 5 * * * /usr/bin/backup\n');
    const after = ctk(['schedule', 'status'], env);
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('No background schedule installed by ctk.');
    expectNoToken(r.stdout, st.stdout, rm.stdout, after.stdout);
  });

  it('without a record, remove does nothing unless told which scheduler to clean up', () => {
    fs.writeFileSync(crontabFile, '0 5 * * * /usr/bin/backup\n');
    expect(ctk(['schedule', 'install', '--backend', 'cron'], env).code).toBe(0);
    fs.rmSync(path.join(sb.configDir, 'state', 'schedule.json'));
    const nothing = ctk(['schedule', 'remove'], env);
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toContain('Nothing to remove');
    expect(fs.readFileSync(crontabFile, 'utf8')).toContain(CRON_MARK);
    const rm = ctk(['schedule', 'remove', '--backend', 'cron'], env);
    expect(rm.code).toBe(0);
    expect(fs.readFileSync(crontabFile, 'utf8')).toBe('0 5 * * * /usr/bin/backup\n');
  });

  it('refuses an interval cron cannot express, and a bad --evening, in one line', () => {
    for (const args of [['--interval', '45m'], ['--evening', '25:00'], ['--interval', '30s'], ['--backend', 'nope']]) {
      const r = ctk(['schedule', 'install', '--backend', 'cron', ...args], env);
      expect(r.code).toBe(64);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(fs.existsSync(crontabFile)).toBe(false);
  });
});

function ctkShell(command: string) {
  return spawnSync('/bin/sh', ['-c', command.replace(/\\%/g, '%')], { env: { PATH: '/usr/bin:/bin', HOME: sb.home }, encoding: 'utf8' });
}

describe('ctk schedule with systemd (a temporary unit folder, a fake systemctl)', () => {
  it('--dry-run prints every file and command and changes nothing', () => {
    const before = snapshot();
    const r = ctk(['schedule', 'install', '--backend', 'systemd', '--dry-run', '--evening', '07:00'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`write ${path.join(unitDir, 'ctk-watch.service')} (mode 0644):`);
    expect(r.stdout).toContain(`ExecStart="${process.execPath}" "${CLI_REAL}" "watch" "--once"`);
    expect(r.stdout).toContain(`Environment="CTK_CONFIG_DIR=${sb.configDir}"`);
    expect(r.stdout).toContain(`write ${path.join(unitDir, 'ctk-evening.timer')}`);
    expect(r.stdout).toContain(`run: ${env.CTK_SYSTEMCTL} --user enable --now ctk-watch.timer ctk-evening.timer`);
    expect(r.stdout).toContain('Nothing was changed (--dry-run).');
    expect(snapshot()).toBe(before);
    expect(callLog()).toEqual([]);
  });

  it('installs, replaces, and removes exactly what it installed', () => {
    const r = ctk(['schedule', 'install', '--backend', 'systemd', '--interval', '1h', '--evening', '21:30'], env);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(unitDir).sort()).toEqual(['ctk-evening.service', 'ctk-evening.timer', 'ctk-watch.service', 'ctk-watch.timer']);
    expect(fs.readFileSync(path.join(unitDir, 'ctk-watch.timer'), 'utf8')).toContain('OnUnitActiveSec=3600s');
    expect(callLog()).toEqual(['systemctl --user daemon-reload', 'systemctl --user enable --now ctk-watch.timer ctk-evening.timer']);
    const manifest = JSON.parse(fs.readFileSync(path.join(sb.configDir, 'state', 'schedule.json'), 'utf8'));
    expect(manifest).toMatchObject({ backend: 'systemd', jobs: ['ctk-watch.timer', 'ctk-evening.timer'], command: [process.execPath, CLI_REAL, 'watch', '--once'] });
    expect(fs.statSync(path.join(sb.configDir, 'state', 'schedule.json')).mode & 0o777).toBe(0o600);

    const st = ctk(['schedule', 'status'], env);
    expect(st.code).toBe(0);
    expect(st.stdout).toContain('systemd says: ctk-watch.timer active, ctk-evening.timer active');
    expect(st.stdout).toContain('last check: never');

    // A user's own unit in the same folder is never touched.
    fs.writeFileSync(path.join(unitDir, 'mine.service'), '[Service]\nExecStart=/bin/true\n');
    // Reinstall without --evening: the old evening job goes away.
    fs.writeFileSync(calls, '');
    const again = ctk(['schedule', 'install', '--backend', 'systemd'], env);
    expect(again.code).toBe(0);
    expect(fs.readdirSync(unitDir).sort()).toEqual(['ctk-watch.service', 'ctk-watch.timer', 'mine.service']);
    expect(callLog().filter(Boolean)[0]).toBe('systemctl --user disable --now ctk-watch.timer ctk-evening.timer');

    // A deleted unit file shows as damage.
    fs.rmSync(path.join(unitDir, 'ctk-watch.timer'));
    const broken = ctk(['schedule', 'status'], env);
    expect(broken.code).toBe(2);
    expect(broken.stdout).toContain(`MISSING ${path.join(unitDir, 'ctk-watch.timer')}`);

    const dry = ctk(['schedule', 'remove', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`delete ${path.join(unitDir, 'ctk-watch.service')}`);
    expect(fs.existsSync(path.join(unitDir, 'ctk-watch.service'))).toBe(true);

    fs.writeFileSync(calls, '');
    const rm = ctk(['schedule', 'remove'], env);
    expect(rm.code).toBe(0);
    expect(fs.readdirSync(unitDir)).toEqual(['mine.service']);
    expect(callLog()).toEqual(['systemctl --user disable --now ctk-watch.timer', 'systemctl --user daemon-reload']);
    expect(fs.existsSync(path.join(sb.configDir, 'state', 'schedule.json'))).toBe(false);
    expect(ctk(['schedule', 'remove'], env).stdout).toContain('Nothing to remove');
  });

  it('records a half-done install so remove can undo it', () => {
    const failing = { ...env, CTK_SYSTEMCTL: fake('systemctl-broken', 'echo "Failed to connect to bus: No medium found" >&2; exit 1') };
    const r = ctk(['schedule', 'install', '--backend', 'systemd'], failing);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ctk: schedule install stopped at "run: .* --user daemon-reload": Failed to connect to bus: No medium found\. Undo the part that was done with: ctk schedule remove\n$/);
    expect(fs.readdirSync(unitDir).sort()).toEqual(['ctk-watch.service', 'ctk-watch.timer']);
    const rm = ctk(['schedule', 'remove'], failing);
    expect(rm.code).toBe(0);
    expect(fs.readdirSync(unitDir)).toEqual([]);
  });
});

describe('ctk schedule with launchd and schtasks (fake launchctl / schtasks)', () => {
  it('launchd: writes the plist, boots it into gui/<uid>, boots it out on remove', () => {
    const r = ctk(['schedule', 'install', '--backend', 'launchd', '--interval', '20m'], env);
    expect(r.code).toBe(0);
    const plist = path.join(agentsDir, 'com.claude-token-kit.watch.plist');
    expect(fs.readFileSync(plist, 'utf8')).toContain('<integer>1200</integer>');
    const uid = process.getuid!();
    expect(callLog()).toEqual([`launchctl bootout gui/${uid}/com.claude-token-kit.watch`, `launchctl bootstrap gui/${uid} ${plist}`]);
    fs.writeFileSync(calls, '');
    expect(ctk(['schedule', 'remove'], env).code).toBe(0);
    expect(fs.existsSync(plist)).toBe(false);
    expect(callLog()).toEqual([`launchctl bootout gui/${uid}/com.claude-token-kit.watch`]);
  });

  it('schtasks: writes the launcher, creates the task as the user, deletes both on remove', () => {
    const r = ctk(['schedule', 'install', '--backend', 'schtasks', '--evening', '22:15'], env);
    expect(r.code).toBe(0);
    const log = callLog();
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^schtasks \/Create \/TN ctk-watch \/TR .*ctk-watch\.vbs" \/SC MINUTE \/MO 30 \/IT \/F$/);
    expect(log[1]).toMatch(/^schtasks \/Create \/TN ctk-evening \/TR .* \/SC DAILY \/ST 22:15 \/IT \/F$/);
    const vbsFile = fs.readdirSync(path.join(sb.configDir, 'state')).filter((f) => f.endsWith('.vbs'));
    expect(vbsFile.sort()).toEqual(['ctk-evening.vbs', 'ctk-watch.vbs']);
    const raw = fs.readFileSync(path.join(sb.configDir, 'state', 'ctk-watch.vbs'));
    expect([...raw.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(raw.subarray(2).toString('utf16le')).toContain('CreateObject("WScript.Shell")');
    fs.writeFileSync(calls, '');
    expect(ctk(['schedule', 'remove'], env).code).toBe(0);
    expect(callLog()).toEqual(['schtasks /Delete /TN ctk-watch /F', 'schtasks /Delete /TN ctk-evening /F']);
    expect(fs.readdirSync(path.join(sb.configDir, 'state')).filter((f) => f.endsWith('.vbs'))).toEqual([]);
  });

  it('refuses to install a real job from the demo sandbox', () => {
    const r = ctk(['schedule', 'install', '--demo', '--demo-dir', path.join(sb.root, 'demo')], env);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('the demo does not install background jobs');
  });
});
