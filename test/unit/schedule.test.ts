// The scheduler backends' generated text: systemd units (verified by systemd-analyze where it
// exists), launchd plists (parsed as XML), the exact schtasks command line, crontab lines.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cronBlock, cronInterval, cronQuote, stripCronBlock, withCronBlock, CRON_BEGIN, CRON_END } from '../../src/schedule/cron.js';
import { launchdPlist, launchdPlists, WATCH_LABEL, EVENING_LABEL } from '../../src/schedule/launchd.js';
import { commandLine, schtasksBackend, schtasksCreateArgs, schtasksInterval, vbsLauncher, winQuote } from '../../src/schedule/schtasks.js';
import { systemdQuote, systemdUnits, systemdBackend } from '../../src/schedule/systemd.js';
import { pickBackend } from '../../src/schedule/backends.js';
import type { BackendEnv, ScheduleSpec } from '../../src/schedule/types.js';
import { makeSandbox, ROOT } from '../helpers.js';

const CLI = path.join(ROOT, 'dist', 'cli.js');

function spec(over: Partial<ScheduleSpec> = {}): ScheduleSpec {
  return {
    intervalMinutes: 30,
    evening: null,
    autoRefresh: false,
    node: process.execPath,
    cli: CLI,
    configDir: null,
    stateDir: '/home/jane/.config/ctk-nodejs/state',
    home: '/home/jane',
    ...over,
  };
}

const noRun: BackendEnv = { env: {}, uid: 501, runner: { run: () => ({ code: 0, stdout: '', stderr: '' }) } };

// ---- a small, strict XML reader for plists: matched tags, known entities, nothing else ----
type PlistValue = string | number | boolean | PlistValue[] | { [k: string]: PlistValue };
function parsePlist(xml: string): PlistValue {
  let body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  expect(body.startsWith('<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">')).toBe(true);
  body = body.replace(/^<!DOCTYPE[^>]*>\n/, '').replace(/<!--[\s\S]*?-->/g, '');
  const tokens = body.match(/<[^>]+>|[^<]+/g) ?? [];
  let i = 0;
  const text = (s: string) => {
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(s) || /[<>]/.test(s)) throw new Error(`bad character data: ${s}`);
    return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  };
  const skipWs = () => {
    while (i < tokens.length && !tokens[i].startsWith('<') && tokens[i].trim() === '') i++;
  };
  const closeTag = (name: string) => {
    skipWs();
    if (tokens[i++] !== `</${name}>`) throw new Error(`expected </${name}> at token ${i - 1}: ${tokens[i - 1]}`);
  };
  const leaf = (name: string) => {
    const t = tokens[i] !== undefined && !tokens[i].startsWith('<') ? text(tokens[i++]) : '';
    closeTag(name);
    return t;
  };
  const value = (): PlistValue => {
    skipWs();
    const tag = tokens[i++];
    if (tag === '<true/>') return true;
    if (tag === '<false/>') return false;
    if (tag === '<string>') return leaf('string');
    if (tag === '<integer>') {
      const t = leaf('integer');
      if (!/^-?\d+$/.test(t)) throw new Error(`bad integer ${t}`);
      return Number(t);
    }
    if (tag === '<array>') {
      const out: PlistValue[] = [];
      for (skipWs(); tokens[i] !== '</array>'; skipWs()) out.push(value());
      i++;
      return out;
    }
    if (tag === '<dict>') {
      const out: Record<string, PlistValue> = {};
      for (skipWs(); tokens[i] !== '</dict>'; skipWs()) {
        if (tokens[i++] !== '<key>') throw new Error(`expected <key>, got ${tokens[i - 1]}`);
        const k = leaf('key');
        if (k in out) throw new Error(`duplicate key ${k}`);
        out[k] = value();
      }
      i++;
      return out;
    }
    throw new Error(`unexpected ${tag}`);
  };
  skipWs();
  if (tokens[i++] !== '<plist version="1.0">') throw new Error('no <plist version="1.0">');
  const v = value();
  closeTag('plist');
  skipWs();
  if (i !== tokens.length) throw new Error('content after </plist>');
  return v;
}

describe('systemd units', () => {
  it('run node and dist/cli.js by absolute path, carry CTK_CONFIG_DIR, and repeat every interval', () => {
    const units = systemdUnits(spec({ configDir: '/home/jane/ctk config %h $HOME', autoRefresh: true, evening: { hour: 21, minute: 30 } }));
    expect(Object.keys(units)).toEqual(['ctk-watch.service', 'ctk-watch.timer', 'ctk-evening.service', 'ctk-evening.timer']);
    const svc = units['ctk-watch.service'];
    expect(svc).toContain(`ExecStart="${process.execPath}" "${CLI}" "watch" "--once" "--auto-refresh"\n`);
    expect(svc).toContain('Environment="CTK_CONFIG_DIR=/home/jane/ctk config %%h $$HOME"\n');
    expect(svc).toContain('Type=oneshot');
    expect(units['ctk-watch.timer']).toContain('OnUnitActiveSec=1800s\n');
    expect(units['ctk-watch.timer']).toContain('Unit=ctk-watch.service\n');
    expect(units['ctk-evening.service']).toContain(`"evening" "--method" "oauth" "--yes"`);
    expect(units['ctk-evening.timer']).toContain('OnCalendar=*-*-* 21:30:00\n');
    expect(units['ctk-evening.timer']).toContain('Persistent=true');
  });

  it('quotes the way systemd reads', () => {
    expect(systemdQuote('a "b" \\c 50% $x')).toBe('"a \\"b\\" \\\\c 50%% $$x"');
  });

  const analyze = spawnSync('which', ['systemd-analyze'], { encoding: 'utf8' }).stdout.trim();
  it.skipIf(!analyze)('pass systemd-analyze verify', () => {
    const sb = makeSandbox('ctk-units-');
    try {
      const units = systemdUnits(spec({ configDir: path.join(sb.root, 'my config'), evening: { hour: 7, minute: 5 }, autoRefresh: true }));
      const files = Object.entries(units).map(([name, content]) => {
        const f = path.join(sb.root, name);
        fs.writeFileSync(f, content);
        return f;
      });
      const r = spawnSync(analyze, ['verify', ...files], { encoding: 'utf8', env: { ...process.env, SYSTEMD_LOG_LEVEL: 'warning' } });
      // systemd-analyze only warns (exit 0) about some mistakes, such as a bad timer value: demand silence too.
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);

      // The check has teeth: a broken timer value is reported.
      fs.writeFileSync(files[1], units['ctk-watch.timer'].replace('OnUnitActiveSec=1800s', 'OnUnitActiveSec=30 minutesx'));
      const bad = spawnSync(analyze, ['verify', ...files], { encoding: 'utf8' });
      expect(bad.stderr).toContain('Failed to parse');
    } finally {
      sb.cleanup();
    }
  });

  it('install enables the timers; remove disables them and deletes exactly the files', () => {
    const env = { CTK_SYSTEMD_USER_DIR: '/units', CTK_SYSTEMCTL: '/bin/systemctl-fake' };
    const steps = systemdBackend.installPlan(spec({ evening: { hour: 21, minute: 0 } }), { ...noRun, env });
    expect(steps.filter((s) => s.kind === 'write').map((s) => (s as any).path)).toEqual([
      '/units/ctk-watch.service',
      '/units/ctk-watch.timer',
      '/units/ctk-evening.service',
      '/units/ctk-evening.timer',
    ]);
    expect(steps.filter((s) => s.kind === 'run').map((s) => (s as any).argv.join(' '))).toEqual([
      '/bin/systemctl-fake --user daemon-reload',
      '/bin/systemctl-fake --user enable --now ctk-watch.timer ctk-evening.timer',
    ]);
    const undo = systemdBackend.removePlan({ files: ['/units/ctk-watch.service', '/units/ctk-watch.timer'], jobs: ['ctk-watch.timer'] }, { ...noRun, env });
    expect(undo.map((s) => (s.kind === 'run' ? `run ${s.argv.slice(1).join(' ')}` : `${s.kind} ${(s as any).path}`))).toEqual([
      'run --user disable --now ctk-watch.timer',
      'delete /units/ctk-watch.service',
      'delete /units/ctk-watch.timer',
      'run --user daemon-reload',
    ]);
  });
});

describe('launchd plist', () => {
  it('is valid XML with the keys launchd needs', () => {
    const files = launchdPlists(spec({ configDir: '/Users/jane/ctk & co <x>', evening: { hour: 21, minute: 30 }, autoRefresh: true }), '/Users/jane/Library/LaunchAgents');
    expect(Object.keys(files)).toEqual([`/Users/jane/Library/LaunchAgents/${WATCH_LABEL}.plist`, `/Users/jane/Library/LaunchAgents/${EVENING_LABEL}.plist`]);
    const [watchXml, eveningXml] = Object.values(files);
    const w = parsePlist(watchXml) as Record<string, any>;
    expect(w).toEqual({
      Label: 'com.claude-token-kit.watch',
      ProgramArguments: [process.execPath, CLI, 'watch', '--once', '--auto-refresh'],
      EnvironmentVariables: { CTK_CONFIG_DIR: '/Users/jane/ctk & co <x>' },
      StartInterval: 1800,
      RunAtLoad: true,
      ProcessType: 'Background',
      StandardOutPath: '/home/jane/.config/ctk-nodejs/state/schedule.log',
      StandardErrorPath: '/home/jane/.config/ctk-nodejs/state/schedule.log',
    });
    const e = parsePlist(eveningXml) as Record<string, any>;
    expect(e.Label).toBe('com.claude-token-kit.evening');
    expect(e.ProgramArguments.slice(2)).toEqual(['evening', '--method', 'oauth', '--yes']);
    expect(e.StartCalendarInterval).toEqual({ Hour: 21, Minute: 30 });
    expect(e).not.toHaveProperty('StartInterval');
  });

  it('leaves EnvironmentVariables out when CTK_CONFIG_DIR is not set', () => {
    const p = parsePlist(launchdPlist({ label: 'x', argv: ['/n', '/c'], env: {}, every: 60, log: '/l' })) as Record<string, any>;
    expect(p).not.toHaveProperty('EnvironmentVariables');
    expect(() => parsePlist('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0"><dict><key>a</key><string>x & y</string></dict></plist>')).toThrow(/bad character/);
  });

  it('loads into the user GUI domain', async () => {
    const { launchdBackend } = await import('../../src/schedule/launchd.js');
    const steps = launchdBackend.installPlan(spec(), { ...noRun, env: { CTK_LAUNCHAGENTS_DIR: '/LA', CTK_LAUNCHCTL: 'launchctl' } });
    expect(steps.map((s) => (s.kind === 'run' ? s.argv.join(' ') : `write ${(s as any).path}`))).toEqual([
      `write /LA/${WATCH_LABEL}.plist`,
      `launchctl bootout gui/501/${WATCH_LABEL}`,
      `launchctl bootstrap gui/501 /LA/${WATCH_LABEL}.plist`,
    ]);
  });
});

describe('schtasks', () => {
  const win = spec({
    node: 'C:\\Program Files\\nodejs\\node.exe',
    cli: 'C:\\Users\\Jane Doe\\AppData\\Roaming\\npm\\node_modules\\claude-token-kit\\dist\\cli.js',
    configDir: 'C:\\Users\\Jane Doe\\ctk',
    stateDir: 'C:\\Users\\Jane Doe\\ctk\\state',
    home: 'C:\\Users\\Jane Doe',
  });
  const env = { SystemRoot: 'C:\\WINDOWS' };

  it('builds the exact command line, as the user (no /RU SYSTEM), interactive only', () => {
    const [create, evening] = schtasksCreateArgs({ ...win, evening: { hour: 21, minute: 30 } }, env);
    expect(commandLine(['schtasks', ...create])).toBe(
      'schtasks /Create /TN ctk-watch /TR "\\"C:\\WINDOWS\\System32\\wscript.exe\\" //B //Nologo \\"C:\\Users\\Jane Doe\\ctk\\state\\ctk-watch.vbs\\"" /SC MINUTE /MO 30 /IT /F',
    );
    expect(commandLine(['schtasks', ...evening])).toBe(
      'schtasks /Create /TN ctk-evening /TR "\\"C:\\WINDOWS\\System32\\wscript.exe\\" //B //Nologo \\"C:\\Users\\Jane Doe\\ctk\\state\\ctk-evening.vbs\\"" /SC DAILY /ST 21:30 /IT /F',
    );
    expect(create).not.toContain('/RU');
    expect(create.join(' ')).not.toMatch(/\bSYSTEM\b|NT AUTHORITY/);
  });

  it('repeats by minutes or hours', () => {
    expect(schtasksInterval(15)).toEqual(['/SC', 'MINUTE', '/MO', '15']);
    expect(schtasksInterval(120)).toEqual(['/SC', 'HOURLY', '/MO', '2']);
    expect(() => schtasksInterval(1440)).toThrow(/1439/);
  });

  it('writes a windowless launcher that sets CTK_CONFIG_DIR and runs node by absolute path', () => {
    const v = vbsLauncher(['C:\\Program Files\\nodejs\\node.exe', win.cli, 'watch', '--once'], { CTK_CONFIG_DIR: 'C:\\Users\\Jane Doe\\ctk' });
    expect(v.split('\r\n')).toEqual([
      "' Written by ctk schedule install; removed by ctk schedule remove.",
      "' Runs ctk with no console window and waits for it.",
      'Set sh = CreateObject("WScript.Shell")',
      'sh.Environment("PROCESS")("CTK_CONFIG_DIR") = "C:\\Users\\Jane Doe\\ctk"',
      'WScript.Quit sh.Run("""C:\\Program Files\\nodejs\\node.exe"" ""C:\\Users\\Jane Doe\\AppData\\Roaming\\npm\\node_modules\\claude-token-kit\\dist\\cli.js"" watch --once", 0, True)',
      '',
    ]);
    const steps = schtasksBackend.installPlan(win, { ...noRun, env });
    expect(steps[0]).toMatchObject({ kind: 'write', path: 'C:\\Users\\Jane Doe\\ctk\\state\\ctk-watch.vbs', encoding: 'utf16le-bom' });
    expect(schtasksBackend.removePlan({ files: ['C:\\x.vbs'], jobs: ['ctk-watch'] }, { ...noRun, env })).toEqual([
      { kind: 'run', argv: ['schtasks', '/Delete', '/TN', 'ctk-watch', '/F'], allowFail: true, why: 'delete the task ctk-watch' },
      { kind: 'delete', path: 'C:\\x.vbs' },
    ]);
  });

  it('quotes arguments the way Windows parses them', () => {
    expect(winQuote('plain')).toBe('plain');
    expect(winQuote('a b')).toBe('"a b"');
    expect(winQuote('say "hi"')).toBe('"say \\"hi\\""');
    expect(winQuote('C:\\dir with space\\')).toBe('"C:\\dir with space\\\\"');
    expect(winQuote('')).toBe('""');
  });
});

describe('cron', () => {
  it('says every interval in cron fields, or refuses what cron cannot say', () => {
    expect(cronInterval(1)).toBe('* * * * *');
    expect(cronInterval(15)).toBe('*/15 * * * *');
    expect(cronInterval(60)).toBe('0 * * * *');
    expect(cronInterval(120)).toBe('0 */2 * * *');
    expect(cronInterval(1440)).toBe('0 0 * * *');
    expect(() => cronInterval(45)).toThrow(/cron cannot run a job exactly every 45 minutes/);
  });

  it('writes marked lines with quoted absolute paths and escaped %', () => {
    const block = cronBlock(spec({ configDir: "/home/jane/it's 100%", evening: { hour: 21, minute: 5 } }));
    const lines = block.trimEnd().split('\n');
    expect(lines[0]).toBe(CRON_BEGIN);
    expect(lines[1]).toBe(
      `*/30 * * * * CTK_CONFIG_DIR='/home/jane/it'\\''s 100\\%' '${process.execPath}' '${CLI}' 'watch' '--once' >> '/home/jane/.config/ctk-nodejs/state/schedule.log' 2>&1`,
    );
    expect(lines[2]).toMatch(/^5 21 \* \* \* .* 'evening' '--method' 'oauth' '--yes' >> /);
    expect(lines[3]).toBe(CRON_END);
    expect(cronQuote('50%')).toBe("'50\\%'");
  });

  it('replaces its own block and keeps the user’s lines', () => {
    const mine = '# my jobs\n0 5 * * * /usr/bin/backup\n';
    const once = withCronBlock(mine, spec());
    expect(once.startsWith(mine)).toBe(true);
    const twice = withCronBlock(once, spec({ intervalMinutes: 10 }));
    expect(twice.split(CRON_BEGIN)).toHaveLength(2);
    expect(twice).toContain('*/10 * * * *');
    expect(twice).not.toContain('*/30 * * * *');
    expect(stripCronBlock(twice)).toBe(mine);
    expect(stripCronBlock(cronBlock(spec()))).toBe('');
  });
});

describe('picking a backend', () => {
  it('goes by platform, systemd when it runs, cron otherwise, and takes an override', () => {
    expect(pickBackend('auto', 'darwin', false).name).toBe('launchd');
    expect(pickBackend(undefined, 'win32', false).name).toBe('schtasks');
    expect(pickBackend('auto', 'linux', true).name).toBe('systemd');
    expect(pickBackend('auto', 'linux', false).name).toBe('cron');
    expect(pickBackend('cron', 'linux', true).name).toBe('cron');
    expect(() => pickBackend('anacron', 'linux', true)).toThrow(/--backend takes auto, systemd, cron, launchd, schtasks/);
  });
});
