// npm run bench: start-up and status timings against `node -e 0` in the same run,
// then every other bench/*.mjs that exists (routines, oauth, shell, watch memory).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, compare, fmt, makeAccounts, ratio, ROOT } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const node = process.execPath;

function foundation() {
  console.log(`\n## status and completion (median of ${RUNS} interleaved runs, node ${process.version})\n`);
  const rows = [];
  for (const [n, limit] of [
    [32, 1.8],
    [1000, 2.5],
  ]) {
    const s = makeAccounts(n);
    try {
      const m = compare(
        {
          baseline: [node, ['-e', '0'], s.env],
          status: [node, [CLI, 'status', '--json'], s.env],
          ids: [node, [CLI, 'accounts', 'list', '--ids'], s.env],
        },
        RUNS,
      );
      rows.push([`${n} accounts`, m.baseline, m.status, m.ids, limit]);
    } finally {
      s.cleanup();
    }
  }
  console.log('| accounts | node -e 0 | ctk status --json | ratio (target) | ctk accounts list --ids | ratio (target 1.3×) |');
  console.log('|---|---|---|---|---|---|');
  for (const [label, base, status, ids, limit] of rows) {
    console.log(`| ${label} | ${fmt(base)} | ${fmt(status)} | ${ratio(status, base)} (≤${limit}×) | ${fmt(ids)} | ${ratio(ids, base)} |`);
  }
}

const only = process.argv[2];
if (!only || only === 'status') foundation();
const others = ['routines', 'oauth', 'shell', 'insight', 'watch-memory'];
for (const name of others) {
  if (only && only !== name) continue;
  const file = path.join(ROOT, 'bench', `${name}.mjs`);
  if (!fs.existsSync(file)) continue;
  console.log(`\n## ${name}\n`);
  const r = spawnSync(node, [file], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) console.log(`(bench/${name}.mjs exited with ${r.status})`);
}
