// Memory of a long-running `ctk watch --interval 1s` over 32 accounts: samples the resident set
// size (VmRSS in /proc/<pid>/status) and reports start, end, min, max and the growth trend.
// Usage: node bench/watch-memory.mjs [duration, default 60s; e.g. 10m] [sample interval, default 1s]
// Also prints the live JS heap after each full GC (--trace-gc), and then runs an in-process soak
// of WATCH_BENCH_SOAK_CHECKS checks (default 1000; 0 skips it) that measures heapUsed after a
// forced GC. WATCH_BENCH_NODE_FLAGS and WATCH_BENCH_NO_WEBHOOK are for experiments.
// Linux only (it reads /proc); elsewhere it says so and exits 0.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { CLI, makeAccounts } from './lib.mjs';

function parseDuration(text) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(String(text).trim());
  if (!m) throw new Error(`cannot read duration "${text}" (e.g. 60s, 10m)`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's'];
}

if (process.argv[2] === '--soak') {
  await soak(Number(process.argv[3] ?? 1000));
  process.exit(0);
}

/**
 * In-process soak (run in a child with --expose-gc): many watch checks back to back over 32
 * accounts, the live heap measured after a forced GC. A leak shows here as a rising heapUsed,
 * whatever V8 does with its heap's size.
 */
async function soak(n) {
  const { ROOT } = await import('./lib.mjs');
  const s = makeAccounts(32, { prefix: 'ctk-bench-soak-' });
  process.env.CTK_CONFIG_DIR = s.configDir;
  const d = (m) => import(new URL(`../dist/${m}`, import.meta.url).href);
  const { checkAccount } = await d('accounts/check.js');
  const { readRegistry, resolveAccounts } = await d('accounts/registry-file.js');
  const { defaultCredentialsStore } = await d('claude/credentials-store.js');
  const { runCheck } = await d('alerts/watcher.js');
  const { loadWatchState, saveWatchState, writeLastRun } = await d('alerts/state.js');
  const lockfile = (await import(`${ROOT}/node_modules/proper-lockfile/index.js`)).default;
  const store = defaultCredentialsStore();
  const signal = new AbortController().signal;
  const flip = `${s.accounts[0].dir}/.credentials.json`;
  const rows = [];
  for (let i = 0; i <= n; i++) {
    if (i % 10 === 0) {
      const c = JSON.parse(fs.readFileSync(flip, 'utf8'));
      c.claudeAiOauth.expiresAt = Date.now() + ((i / 10) % 2 ? 1 : 5) * 3_600_000;
      fs.writeFileSync(flip, JSON.stringify(c));
    }
    const release = await lockfile.lock(s.configDir, { lockfilePath: `${s.configDir}/watch.lock`, realpath: false, stale: 60_000, update: 10_000 });
    const accounts = resolveAccounts(readRegistry());
    const r = await runCheck(
      {
        now: Date.now,
        check: () => accounts.map((a) => checkAccount(a, { store, now: Date.now(), warningMs: 2 * 3_600_000 })),
        recheck: () => null,
        notifiers: [],
        loadState: () => loadWatchState(),
        saveState: (x) => saveWatchState(x),
        log: () => {},
      },
      signal,
    );
    writeLastRun({ at: new Date().toISOString(), pid: process.pid, once: false, accounts: r.rows.length, summary: r.summary, alerts: r.alerts.length, deliveryErrors: 0 });
    await release();
    if (i % Math.max(1, Math.floor(n / 5)) === 0) {
      globalThis.gc();
      const m = process.memoryUsage();
      rows.push(`| ${i} | ${(m.heapUsed / 1048576).toFixed(2)} MB | ${(m.heapTotal / 1048576).toFixed(1)} MB | ${(m.rss / 1048576).toFixed(1)} MB |`);
    }
  }
  s.cleanup();
  console.log(`\nin-process soak: ${n} checks back to back (node --expose-gc), memory after a forced GC`);
  console.log('| checks | live heap (heapUsed) | V8 heap size (heapTotal) | RSS |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(r);
}

const durationMs = parseDuration(process.argv[2] ?? '60s');
const sampleMs = parseDuration(process.argv[3] ?? '1s');

if (!fs.existsSync('/proc/self/status')) {
  console.log('watch-memory: needs /proc (Linux); skipped');
  process.exit(0);
}

function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Least-squares slope of y over x. */
function slope(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const s = makeAccounts(32, { prefix: 'ctk-bench-watch-' });
// A webhook receiver on loopback, so every alert also takes the HTTP path.
let posts = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    posts++;
    res.end('ok');
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const cfgFile = `${s.configDir}/config.json`;
const cfg = JSON.parse(fs.readFileSync(cfgFile, 'utf8'));
// WATCH_BENCH_NO_WEBHOOK=1 leaves the webhook out, to tell the HTTP client's memory from the rest.
cfg.notify = process.env.WATCH_BENCH_NO_WEBHOOK ? { desktop: false } : { desktop: false, webhookUrl: `http://127.0.0.1:${server.address().port}/hook` };
fs.writeFileSync(cfgFile, JSON.stringify(cfg));
// Alerts every check: flip one account across the warning threshold each few seconds, so the
// alert, state-saving and delivery paths run all the time, not only the quiet path.
const H = 3_600_000;
const flipFile = `${s.accounts[0].dir}/.credentials.json`;
const t0 = Date.now();
// --trace-gc: the live heap after each full (mark-compact) GC separates a leak from V8 simply
// growing its heap, which RSS alone cannot.
// WATCH_BENCH_NODE_FLAGS adds node flags, e.g. --max-old-space-size=24 to see whether RSS growth is
// V8 sizing its heap lazily (flat under a cap) or memory that is really kept.
const extraFlags = (process.env.WATCH_BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
const child = spawn(process.execPath, [...extraFlags, '--trace-gc', CLI, 'watch', '--interval', '1s'], {
  env: { ...s.env, CTK_CONFIG_DIR: s.configDir },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let checks = 0;
const liveAfterFullGc = []; // [seconds, MB]
let pendingOut = '';
child.stdout.on('data', (d) => {
  pendingOut += d;
  const lines = pendingOut.split('\n');
  pendingOut = lines.pop();
  for (const line of lines) {
    if (/ accounts: /.test(line)) checks++;
    const m = /Mark-Compact[^\n]*?-> ([\d.]+) \(/.exec(line);
    if (m) liveAfterFullGc.push([(Date.now() - t0) / 1000, Number(m[1])]);
  }
});
child.stderr.resume();

const samples = [];
let flip = 0;
await new Promise((resolve) => {
  const timer = setInterval(() => {
    const t = Date.now() - t0;
    const kb = rssKb(child.pid);
    if (kb !== null && t > 2000) samples.push([t / 1000, kb]); // skip start-up
    if (Math.floor(t / 5000) !== flip) {
      flip = Math.floor(t / 5000);
      const expiresAt = Date.now() + (flip % 2 ? 1 : 5) * H;
      const cred = JSON.parse(fs.readFileSync(flipFile, 'utf8'));
      cred.claudeAiOauth.expiresAt = expiresAt;
      fs.writeFileSync(flipFile, JSON.stringify(cred));
    }
    if (t >= durationMs || child.exitCode !== null) {
      clearInterval(timer);
      resolve();
    }
  }, sampleMs);
});
child.kill('SIGTERM');
const code = await new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.on('exit', (c) => r(c))));
s.cleanup();
server.close();

if (samples.length < 3) {
  console.log('watch-memory: too few samples (did ctk watch start? is dist/ built?)');
  process.exit(1);
}
const kbs = samples.map((x) => x[1]);
const mb = (kb) => (kb / 1024).toFixed(1);
// Compare the first and last fifths: robust to GC sawtooth in a way that start/end are not.
const fifth = Math.max(1, Math.floor(samples.length / 5));
const avg = (a) => a.reduce((x, y) => x + y, 0) / a.length;
const firstAvg = avg(kbs.slice(0, fifth));
const lastAvg = avg(kbs.slice(-fifth));
const perMin = slope(samples.map((x) => x[0]), kbs) * 60;
console.log(`ctk watch --interval 1s over 32 accounts${extraFlags.length ? ` (node ${extraFlags.join(' ')})` : ''} for ${(durationMs / 1000).toFixed(0)} s: ${checks} checks, ${posts} webhook posts, ${samples.length} RSS samples, exit ${code} after SIGTERM`);
console.log('| start | end | min | max | first-fifth avg | last-fifth avg | slope |');
console.log('|---|---|---|---|---|---|---|');
console.log(
  `| ${mb(kbs[0])} MB | ${mb(kbs.at(-1))} MB | ${mb(Math.min(...kbs))} MB | ${mb(Math.max(...kbs))} MB | ${mb(firstAvg)} MB | ${mb(lastAvg)} MB | ${(perMin).toFixed(1)} kB/min |`,
);
if (liveAfterFullGc.length >= 2) {
  const live = liveAfterFullGc.map((x) => x[1]);
  const liveSlope = slope(liveAfterFullGc.map((x) => x[0]), live) * 60 * 1024;
  console.log(
    `live JS heap after each full GC (${live.length} GCs): first ${live[0].toFixed(1)} MB, last ${live.at(-1).toFixed(1)} MB, min ${Math.min(...live).toFixed(1)} MB, max ${Math.max(...live).toFixed(1)} MB, slope ${liveSlope.toFixed(1)} kB/min`,
  );
} else {
  console.log(`live JS heap: only ${liveAfterFullGc.length} full GC(s) in this run; run longer for a heap trend`);
}
// The shape over time: a plateau (V8 and malloc settling in) or a steady climb (a leak).
const byMinute = [];
for (const [t, kb] of samples) (byMinute[Math.floor(t / 60)] ??= []).push(kb);
if (byMinute.length > 1) console.log(`median RSS per minute (MB): ${byMinute.map((xs) => mb(xs.sort((a, b) => a - b)[xs.length >> 1])).join(', ')}`);
// Then the soak: a flat live heap with a growing heapTotal means V8 sizing its heap (it levels off), not a leak.
const soakChecks = Number(process.env.WATCH_BENCH_SOAK_CHECKS ?? 1000);
if (soakChecks > 0) {
  const { spawnSync } = await import('node:child_process');
  spawnSync(process.execPath, ['--expose-gc', new URL(import.meta.url).pathname, '--soak', String(soakChecks)], { stdio: 'inherit', env: process.env });
}
