import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandLine, schtasksBackend, schtasksCreateArgs, schtasksInterval, vbsLauncher, winQuote } from '../../../src/schedule/schtasks.js';
import type { BackendEnv, ScheduleSpec } from '../../../src/schedule/types.js';
import { ROOT } from '../../helpers.js';

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
