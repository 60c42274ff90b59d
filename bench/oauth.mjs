// Browserless refresh of 32 accounts against a local mock token endpoint on 127.0.0.1.
// Targets: under 2 s of wall time for `ctk refresh <32 ids> --method oauth --yes` with no server
// latency (issue 4), and at most 1.0 s at 100 ms latency with the default concurrency (issue 15).
// Prints the median of a few runs: the whole CLI (spawned, as a user runs it), and the
// refreshWithToken adapter alone at concurrency 4, each with 0 ms and 100 ms server latency.
import http from 'node:http';
import { spawn } from 'node:child_process';
import { CLI, fmt, makeAccounts, median, ROOT } from './lib.mjs';

const RUNS = Number(process.env.BENCH_OAUTH_RUNS ?? 5);
const TARGET_MS = { 0: 2000, 100: 1000 };
const N = 32;

function mockServer(latencyMs) {
  let n = 0;
  let requests = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests++;
      const i = ++n;
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ access_token: `sk-ant-oat01-BENCHA${i}`, refresh_token: `sk-ant-ort01-BENCHR${i}`, expires_in: 28800, scope: 'user:inference user:profile' }));
      }, latencyMs);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}/v1/oauth/token`, requests: () => requests, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) }),
    ),
  );
}

function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', () => {});
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - t) / 1e6, code, out }));
  });
}

async function cliRun(latencyMs) {
  const samples = [];
  let refreshed = 0;
  for (let i = 0; i < RUNS; i++) {
    const s = makeAccounts(N, { prefix: 'ctk-bench-oauth-' });
    const server = await mockServer(latencyMs);
    try {
      const env = { ...s.env, CTK_OAUTH_TOKEN_URL: server.url };
      const r = await runCli(['refresh', ...s.accounts.map((a) => a.id), '--method', 'oauth', '--yes', '--json'], env);
      if (r.code !== 0) throw new Error(`ctk refresh exited ${r.code}`);
      refreshed = JSON.parse(r.out).results.filter((x) => x.result === 'refreshed').length;
      if (server.requests() !== N) throw new Error(`expected ${N} requests, got ${server.requests()}`);
      samples.push(r.ms);
    } finally {
      await server.close();
      s.cleanup();
    }
  }
  return { ms: median(samples), refreshed };
}

async function adapterRun(latencyMs) {
  const { refreshWithToken } = await import(new URL('../dist/oauth/refresh-account.js', import.meta.url));
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const s = makeAccounts(N, { prefix: 'ctk-bench-oauth-' });
    const server = await mockServer(latencyMs);
    try {
      const env = { ...s.env, CTK_OAUTH_TOKEN_URL: server.url };
      const queue = s.accounts.map((a) => ({ ...a, implicit: false }));
      const t = process.hrtime.bigint();
      let ok = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let a; (a = queue.shift()); ) if ((await refreshWithToken(a, { env })).outcome === 'refreshed') ok++;
        }),
      );
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (ok !== N) throw new Error(`only ${ok}/${N} refreshed`);
    } finally {
      await server.close();
      s.cleanup();
    }
  }
  return median(samples);
}

console.log(`Browserless refresh of ${N} accounts against a mock token endpoint on 127.0.0.1 (median of ${RUNS}, concurrency 4):\n`);
console.log('| what | server latency | wall time | target |');
console.log('|---|---|---|---|');
for (const latency of [0, 100]) {
  const cli = await cliRun(latency);
  console.log(`| ctk refresh <${N} ids> --method oauth --yes (${cli.refreshed} refreshed) | ${latency} ms | ${fmt(cli.ms)} | ≤ ${TARGET_MS[latency]} ms ${cli.ms <= TARGET_MS[latency] ? '✔' : '✘'} |`);
  const lib = await adapterRun(latency);
  console.log(`| refreshWithToken × ${N} in one process | ${latency} ms | ${fmt(lib)} | — |`);
}
void ROOT;
