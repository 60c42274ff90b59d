// ctk status --format prometheus, ctk export textfile and the --textfile of watch and schedule,
// as a user runs them; the output linted by Debian's promtool when it is installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ctk, expectNoToken, H, makeSandbox, register, ROOT, writeAccount, type Sandbox } from '../helpers.js';
import { findTool, skipNote } from './prom-tools.js';

const PROMTOOL = findTool('promtool');
skipNote(PROMTOOL ? [] : ['promtool (Debian package prometheus)'], 'the promtool checks');

let sb: Sandbox;
beforeEach(() => {
  sb = makeSandbox('ctk-metrics-');
  writeAccount(sb, '1', { expiresIn: 6 * H, extra: {} });
  writeAccount(sb, '2', { expiresIn: 0.5 * H });
  writeAccount(sb, '3', { credentials: JSON.stringify({ claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0 } }) });
  writeAccount(sb, '4', { credentials: null });
  register(sb, [{ id: '1', label: 'main "work"' }, { id: '2' }, { id: '3' }, { id: '4' }], { notify: { desktop: false } });
  fs.writeFileSync(
    path.join(sb.configDir, 'history.jsonl'),
    [
      { at: new Date(Date.now() - 2 * H).toISOString(), account: '2', method: 'oauth', result: 'refreshed', oldExpiresAt: null, newExpiresAt: Date.now(), lifespanMs: 8 * H },
      { at: new Date(Date.now() - H).toISOString(), account: '2', method: 'oauth', result: 'failed', oldExpiresAt: null, newExpiresAt: null, lifespanMs: null, reason: 'HTTP 500' },
    ]
      .map((e) => JSON.stringify(e))
      .join('\n') + '\n',
  );
  fs.mkdirSync(path.join(sb.configDir, 'state'), { recursive: true });
  fs.writeFileSync(
    path.join(sb.configDir, 'state', 'usage-cache.json'),
    JSON.stringify({ schemaVersion: 1, accounts: { '1': { dir: sb.accountDir('1'), fetchedAt: Date.now() - 60_000, windows: { five_hour: { utilization: 40, resetsAt: null }, seven_day: { utilization: 75, resetsAt: null } } } }, retryAfter: {} }),
  );
});
afterEach(() => sb.cleanup());

function tokensOf(...ids: string[]): string[] {
  return ids.flatMap((id) => {
    const f = path.join(sb.accountDir(id), '.credentials.json');
    if (!fs.existsSync(f)) return [];
    const o = JSON.parse(fs.readFileSync(f, 'utf8')).claudeAiOauth;
    return [o.accessToken, o.refreshToken].filter((t: string) => t).map((t: string) => t.slice(-12));
  });
}

function expectNoSecret(text: string): void {
  expectNoToken(text);
  for (const t of tokensOf('1', '2')) expect(text).not.toContain(t);
}

describe('ctk status --format prometheus', () => {
  it('prints the text format with the same states and expiries as ctk status --json, and status’s exit code', () => {
    const r = ctk(['status', '--format', 'prometheus'], sb.env);
    expect(r.code).toBe(2); // revoked and missing, as with ctk status
    expectNoSecret(r.stdout + r.stderr);
    const j = JSON.parse(ctk(['status', '--json'], sb.env).stdout);
    for (const a of j.accounts) {
      const l = `account="${a.id}",label="${a.label === null ? '' : a.label.replace(/"/g, '\\"')}"`;
      expect(r.stdout).toContain(`ctk_token_state{${l},state="${a.state}"} 1`);
      if (a.expiresAt !== null) expect(r.stdout).toContain(`ctk_token_expiry_timestamp_seconds{${l}} ${a.expiresAt / 1000}`);
    }
    expect(r.stdout).toContain('ctk_usage_ratio{account="1",label="main \\"work\\"",window="7d"} 0.75');
    expect(r.stdout).toContain('ctk_refresh_attempts_total{account="2",label=""} 2');
    expect(r.stdout).toContain('ctk_refresh_failures_total{account="2",label=""} 1');
    expect(r.stdout).toContain('ctk_last_refresh_success{account="2",label=""} 0');
    expect(r.stdout).toMatch(/^ctk_exporter_last_run_timestamp_seconds \d+(\.\d+)?$/m);
    expect(r.stdout).not.toMatch(/example\.com|\.credentials|accounts\//);
    const e = ctk(['status', '--format', 'prometheus', '--with-emails', '1'], sb.env);
    expect(e.stdout).toContain('email="dev1@example.com"');
    expect(e.stdout).not.toContain('account="2"');
  });

  it('costs the hot commands nothing: the formatter loads only with --format prometheus', () => {
    const traced = (args: string[]) => {
      const trace = path.join(sb.root, `trace-${args.length}.txt`);
      const r = spawnSync(process.execPath, ['--import', path.join(ROOT, 'test/fixtures/trace-imports.mjs'), path.join(ROOT, 'dist', 'cli.js'), ...args], { env: { ...sb.env, CTK_TRACE_IMPORTS_FILE: trace }, encoding: 'utf8' });
      expect(r.status).not.toBeNull();
      return fs.readFileSync(trace, 'utf8');
    };
    for (const args of [['status'], ['status', '--json']]) {
      const urls = traced(args);
      expect(urls).toContain('dist/cli.js');
      for (const m of ['dist/metrics/', 'dist/domain/metrics.js', 'dist/dashboard/', 'dist/domain/dashboard.js']) expect(urls, `${args.join(' ')} loaded ${m}`).not.toContain(m);
    }
    const prom = traced(['status', '--format', 'prometheus']);
    expect(prom).toContain('dist/metrics/collect.js');
    expect(prom).not.toContain('dist/dashboard/');
    expect(prom).not.toContain('node:http');
  });

  it('refuses --with-emails without it, and an unknown format', () => {
    const a = ctk(['status', '--with-emails'], sb.env);
    expect(a.code).toBe(64);
    expect(a.stderr).toMatch(/^ctk: --with-emails goes with --format prometheus/);
    const b = ctk(['status', '--format', 'xml'], sb.env);
    expect(b.code).toBe(64);
    expect(b.stderr).toMatch(/^ctk: .*xml/);
  });

  it.skipIf(!PROMTOOL)('passes promtool check metrics, demo accounts included', () => {
    for (const env of [sb.env, { ...sb.env, CTK_DEMO_DIR: path.join(sb.root, 'demo') }]) {
      const args = env.CTK_DEMO_DIR ? ['status', '--demo', '--format', 'prometheus'] : ['status', '--format', 'prometheus'];
      const text = ctk(args, env).stdout;
      expect(text.length).toBeGreaterThan(100);
      const lint = spawnSync(PROMTOOL!, ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(lint.status, lint.stdout + lint.stderr).toBe(0);
      expect(lint.stdout + lint.stderr).toBe('');
    }
    // The check can fail: a counter without _total is reported.
    const bad = spawnSync(PROMTOOL!, ['check', 'metrics'], { input: '# HELP x_count a\n# TYPE x_count counter\nx_count 1\n', encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
  });

  it.skipIf(!PROMTOOL)('ships alerting rules that pass promtool check rules', () => {
    const dir = path.join(ROOT, 'docs', 'prometheus');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yml'));
    expect(files.length).toBeGreaterThan(0);
    const r = spawnSync(PROMTOOL!, ['check', 'rules', ...files.map((f) => path.join(dir, f))], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const text = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
    for (const alert of ['CtkTokenExpiring', 'CtkLoginEnding', 'CtkRefreshFailing', 'CtkExporterStale']) expect(text).toContain(`alert: ${alert}`);
    expect(text).toMatch(/ctk_login_expiry_timestamp_seconds - time\(\)\) < 5 \* 86400/);
  });
});

describe('ctk export textfile', () => {
  it('writes <dir>/ctk.prom atomically, readable by node_exporter, with no temp file left behind', () => {
    const dir = path.join(sb.root, 'textfile');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'other.prom'), 'other 1\n');
    const r = ctk(['export', 'textfile', dir], sb.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Wrote ${path.join(dir, 'ctk.prom')}: 4 accounts.\n`);
    const file = path.join(dir, 'ctk.prom');
    expect(fs.statSync(file).mode & 0o777).toBe(0o644);
    expect(fs.readdirSync(dir).sort()).toEqual(['ctk.prom', 'other.prom']);
    const text = fs.readFileSync(file, 'utf8');
    expectNoSecret(text);
    expect(text).toBe(ctk(['status', '--format', 'prometheus'], sb.env).stdout.replace(/^ctk_exporter_last_run_timestamp_seconds .*$/m, text.match(/^ctk_exporter_last_run_timestamp_seconds .*$/m)![0]));
    // Rewritten in place, by rename (a new inode): a reader never sees half a file.
    const ino = fs.statSync(file).ino;
    expect(ctk(['export', 'textfile', dir, '--quiet'], sb.env)).toMatchObject({ code: 0, stdout: '' });
    expect(fs.statSync(file).ino).not.toBe(ino);
  });

  it('says what is wrong with the folder', () => {
    const missing = ctk(['export', 'textfile', path.join(sb.root, 'nope')], sb.env);
    expect(missing.code).toBe(64);
    expect(missing.stderr).toMatch(/^ctk: .*nope does not exist/);
    const file = path.join(sb.root, 'afile');
    fs.writeFileSync(file, '');
    expect(ctk(['export', 'textfile', file], sb.env).stderr).toMatch(/^ctk: .*afile is not a folder/);
    const ro = path.join(sb.root, 'ro');
    fs.mkdirSync(ro, { mode: 0o500 });
    if (process.getuid?.() !== 0) {
      const r = ctk(['export', 'textfile', ro], sb.env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^ctk: could not write .*ctk\.prom: EACCES/);
    }
  });

  it('ctk watch --once --textfile writes it after the check', () => {
    const dir = path.join(sb.root, 'tf');
    fs.mkdirSync(dir);
    const r = ctk(['watch', '--once', '--json', '--textfile', dir], sb.env);
    expect(r.code, r.stderr).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'ctk.prom'), 'utf8');
    expect(text).toContain('ctk_token_state{account="3",label="",state="revoked"} 1');
    expectNoSecret(text + r.stdout + r.stderr);
  });

  it('ctk schedule install --textfile makes the scheduled check write it', () => {
    const dir = path.join(sb.root, 'tf');
    fs.mkdirSync(dir);
    const unitDir = path.join(sb.root, 'units');
    const fake = path.join(sb.root, 'systemctl');
    fs.writeFileSync(fake, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const env = { ...sb.env, CTK_SYSTEMD_USER_DIR: unitDir, CTK_SYSTEMCTL: fake };
    const r = ctk(['schedule', 'install', '--backend', 'systemd', '--textfile', dir], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`--textfile ${dir}`);
    const unit = fs.readFileSync(path.join(unitDir, 'ctk-watch.service'), 'utf8');
    const exec = /^ExecStart=(.*)$/m.exec(unit)![1];
    const argv = [...exec.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    expect(argv.slice(2)).toEqual(['watch', '--once', '--textfile', dir]);
    // Run the job's command line as systemd would.
    const [node, ...args] = argv;
    const job = spawnSync(node, args, { env: { ...sb.env, NO_COLOR: '1' }, encoding: 'utf8' });
    expect(job.status, job.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'ctk.prom'), 'utf8')).toMatch(/^ctk_exporter_last_run_timestamp_seconds /m);
    expect(ctk(['schedule', 'status'], env).stdout).toContain(`ctk watch --once --textfile ${dir} every`);
    const bad = ctk(['schedule', 'install', '--backend', 'systemd', '--textfile', path.join(sb.root, 'nope')], env);
    expect(bad.code).toBe(64);
  });
});
