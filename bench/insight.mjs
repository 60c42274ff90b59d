// ctk usage / report / doctor timings, and the cost of the cache-only ranking behind `pick --best`.
// `ctk usage` runs 32 accounts against a mock usage endpoint on 127.0.0.1 with 0 ms and 150 ms
// latency, fresh (--no-cache) and from the cache; the CLI is spawned as a user runs it.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { CLI, fmt, makeAccounts, median, ROOT } from './lib.mjs';

const RUNS = Number(process.env.BENCH_INSIGHT_RUNS ?? 5);
const N = 32;
const SAMPLE = fs.readFileSync(path.join(ROOT, '..', 'shared', 'samples', 'oauth-usage-response.json'), 'utf8');

function mockServer(latencyMs) {
  let requests = 0;
  let inFlight = 0;
  let peak = 0;
  let grants = 0;
  const server = http.createServer((req, res) => {
    if (req.method === 'POST') {
      // The token endpoint, for the accounts whose token has expired: refreshed first.
      const i = ++grants;
      req.resume();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ access_token: `sk-ant-oat01-BENCHNEW${i}`, refresh_token: `sk-ant-ort01-BENCHNEW${i}`, expires_in: 28800, scope: 'user:inference user:profile' }));
      return;
    }
    requests++;
    inFlight++;
    peak = Math.max(peak, inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(SAMPLE);
    }, latencyMs);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        base: `http://127.0.0.1:${server.address().port}`,
        tokenUrl: `http://127.0.0.1:${server.address().port}/v1/oauth/token`,
        grants: () => grants,
        requests: () => requests,
        peak: () => peak,
        close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))),
      }),
    ),
  );
}

function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - t) / 1e6, code }));
  });
}

async function medianOf(args, env, before) {
  const xs = [];
  for (let i = 0; i < RUNS; i++) {
    if (before) before();
    xs.push((await runCli(args, env)).ms);
  }
  return median(xs);
}

console.log(`ctk usage with ${N} accounts (median of ${RUNS}, node ${process.version}; at most 4 requests at once)\n`);
console.log('The first run also refreshes the accounts whose token has expired (counted under refreshes).\n');
console.log('| server latency | node -e 0 | usage --no-cache | requests per run | peak in flight | usage (cached) | refreshes |');
console.log('|---|---|---|---|---|---|---|');
for (const latency of [0, 150]) {
  const s = makeAccounts(N, { prefix: 'ctk-bench-usage-' });
  const api = await mockServer(latency);
  try {
    const env = { ...s.env, CTK_API_BASE_URL: api.base, CTK_OAUTH_TOKEN_URL: api.tokenUrl };
    const baseline = [];
    for (let i = 0; i < RUNS; i++) {
      const t = process.hrtime.bigint();
      await new Promise((r) => spawn(process.execPath, ['-e', '0']).on('close', r));
      baseline.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const before = api.requests();
    const fresh = await medianOf(['usage', '--json', '--no-cache'], env);
    const perRun = (api.requests() - before) / RUNS;
    await runCli(['usage', '--json'], env);
    const cachedBefore = api.requests();
    const cached = await medianOf(['usage', '--json'], env);
    const cachedRequests = api.requests() - cachedBefore;
    console.log(`| ${latency} ms | ${fmt(median(baseline))} | ${fmt(fresh)} | ${perRun} | ${api.peak()} | ${fmt(cached)} (${cachedRequests} requests) | ${api.grants()} |`);
  } finally {
    await api.close();
    s.cleanup();
  }
}

// The ranking the picker would call: one import and one small JSON read.
{
  const s = makeAccounts(N, { prefix: 'ctk-bench-best-' });
  try {
    const api = await mockServer(0);
    await runCli(['usage', '--json'], { ...s.env, CTK_API_BASE_URL: api.base, CTK_OAUTH_TOKEN_URL: api.tokenUrl });
    await api.close();
    const t0 = process.hrtime.bigint();
    const { rankByCachedHeadroom } = await import(pathToFileURL(path.join(ROOT, 'dist', 'usage', 'best.js')).href);
    const importMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const xs = [];
    for (let i = 0; i < 51; i++) {
      const t = process.hrtime.bigint();
      rankByCachedHeadroom(s.accounts, s.env);
      xs.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    console.log(`\nrankByCachedHeadroom (pick --best), ${N} accounts: import ${fmt(importMs)}, call median ${xs.length ? median(xs).toFixed(2) : '?'} ms`);
  } finally {
    s.cleanup();
  }
}

// report and doctor: one-shot commands, timed for completeness (claude absent: --version fails fast).
{
  const s = makeAccounts(N, { prefix: 'ctk-bench-insight-' });
  try {
    const env = { ...s.env, CTK_CLAUDE_BIN: path.join(s.root, 'no-claude') };
    console.log(`report --json: ${fmt(await medianOf(['report', '--json'], env))}; doctor --json: ${fmt(await medianOf(['doctor', '--json'], env))} (${N} accounts)`);
  } finally {
    s.cleanup();
  }
}
