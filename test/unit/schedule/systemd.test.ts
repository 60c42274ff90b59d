import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemdQuote, systemdUnits, systemdBackend } from '../../../src/schedule/systemd.js';
import type { BackendEnv, ScheduleSpec } from '../../../src/schedule/types.js';
import { makeSandbox, ROOT } from '../../helpers.js';

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
