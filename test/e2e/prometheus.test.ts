// The whole chain on loopback: ctk export textfile → the real node_exporter (textfile collector
// only) → a real Prometheus scraping it every second → Prometheus's HTTP API gives back each
// account's ctk_token_expiry_timestamp_seconds. Skips, saying so, without Debian's packages.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctk, expectNoToken, H, makeSandbox, register, writeAccount, type Sandbox } from '../helpers.js';
import { findTool, pollUntil, skipNote, startServer, type Served } from './prom-tools.js';

const NODE_EXPORTER = findTool('prometheus-node-exporter', 'node_exporter');
const PROMETHEUS = findTool('prometheus');
skipNote([...(NODE_EXPORTER ? [] : ['prometheus-node-exporter']), ...(PROMETHEUS ? [] : ['prometheus'])], 'the node_exporter + Prometheus test');

let sb: Sandbox;
let exporter: Served | null = null;
let prometheus: Served | null = null;
const textDir = () => path.join(sb.root, 'textfile');

beforeAll(() => {
  sb = makeSandbox('ctk-prom-');
  writeAccount(sb, 'a', { expiresIn: 6 * H });
  writeAccount(sb, 'b', { expiresIn: 0.5 * H });
  writeAccount(sb, 'c', { expiresIn: -H });
  writeAccount(sb, 'd', { credentials: null });
  register(sb, [{ id: 'a', label: 'main' }, { id: 'b' }, { id: 'c' }, { id: 'd' }]);
  fs.mkdirSync(textDir());
});
afterAll(async () => {
  await prometheus?.stop();
  await exporter?.stop();
  sb.cleanup();
});

async function query(port: number, promql: string): Promise<any[]> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body: any = await res.json();
  if (body.status !== 'success') throw new Error(JSON.stringify(body));
  return body.data.result;
}

describe.skipIf(!NODE_EXPORTER || !PROMETHEUS)('node_exporter and Prometheus', () => {
  it('serve ctk_token_expiry_timestamp_seconds for every account that has one, as ctk status --json says', async () => {
    const r = ctk(['export', 'textfile', textDir()], sb.env);
    expect(r.code, r.stderr).toBe(0);
    exporter = await startServer(NODE_EXPORTER!, [
      '--web.listen-address=127.0.0.1:0',
      '--collector.disable-defaults',
      '--collector.textfile',
      `--collector.textfile.directory=${textDir()}`,
    ]);
    const config = path.join(sb.root, 'prometheus.yml');
    fs.writeFileSync(
      config,
      `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['127.0.0.1:${exporter.port}']\n`,
    );
    prometheus = await startServer(PROMETHEUS!, [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(sb.root, 'tsdb')}`,
      '--storage.tsdb.retention.time=1h',
      '--web.listen-address=127.0.0.1:0',
    ]);
    const port = prometheus.port;

    const expected = JSON.parse(ctk(['status', '--json'], sb.env).stdout).accounts.filter((a: any) => a.expiresAt !== null);
    expect(expected.map((a: any) => a.id).sort()).toEqual(['a', 'b', 'c']);
    const result = await pollUntil(async () => {
      const rows = await query(port, 'ctk_token_expiry_timestamp_seconds');
      return rows.length === expected.length ? rows : undefined;
    }, 25_000, 'Prometheus to have scraped ctk_token_expiry_timestamp_seconds');
    for (const a of expected) {
      const s = result.find((x: any) => x.metric.account === a.id);
      expect(s, a.id).toBeDefined();
      expect(Number(s.value[1])).toBeCloseTo(a.expiresAt / 1000, 2);
      expect(s.metric).toMatchObject({ job: 'node', instance: `127.0.0.1:${exporter.port}`, ...(a.label ? { label: a.label } : {}) });
      expect(Object.keys(s.metric).sort()).toEqual(['__name__', 'account', 'instance', 'job', ...(a.label ? ['label'] : [])].sort());
    }
    // The one-hot state and the exporter stamp come through too.
    const states = await query(port, 'ctk_token_state == 1');
    expect(Object.fromEntries(states.map((s: any) => [s.metric.account, s.metric.state]))).toEqual({ a: 'healthy', b: 'expiring', c: 'expired', d: 'missing' });
    const stamp = await query(port, 'time() - ctk_exporter_last_run_timestamp_seconds');
    expect(Number(stamp[0].value[1])).toBeLessThan(600);
    // node_exporter reads the file cleanly (its scrape-error gauge for the textfile collector is 0).
    expect(Number((await query(port, 'node_textfile_scrape_error'))[0].value[1])).toBe(0);
    expectNoToken(fs.readFileSync(path.join(textDir(), 'ctk.prom'), 'utf8'));
  });
});
