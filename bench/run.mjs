// npm run bench: start-up and status timings against `node -e 0` in the same run,
// then every other bench/*.mjs that exists (routines, oauth, shell, watch memory).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, compare, fmt, makeAccounts, ratio, ROOT } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
// BENCH_BEFORE=<an older checkout's dist/cli.js>: its figures in the same interleaved runs.
const BEFORE = process.env.BENCH_BEFORE ?? null;
const node = process.execPath;

function foundation() {
  console.log(`\n## status and completion on realistic folders (median of ${RUNS} interleaved runs, node ${process.version})\n`);
  console.log('Each .claude.json is 40 KB, one in eight 2 MB (oauthAccount after the projects); a mix of states.\n');
  const rows = [];
  for (const n of [32, 1000]) {
    const s = makeAccounts(n, { realistic: true });
    try {
      const m = compare(
        {
          baseline: [node, ['-e', '0'], s.env],
          json: [node, [CLI, 'status', '--json'], s.env],
          table: [node, [CLI, 'status'], s.env],
          ids: [node, [CLI, 'accounts', 'list', '--ids'], s.env],
          ...(BEFORE
            ? {
                jsonBefore: [node, [BEFORE, 'status', '--json'], s.env],
                tableBefore: [node, [BEFORE, 'status'], s.env],
                idsBefore: [node, [BEFORE, 'accounts', 'list', '--ids'], s.env],
              }
            : {}),
        },
        RUNS,
      );
      rows.push({ n, ...m });
    } finally {
      s.cleanup();
    }
  }
  const targets = { 32: { json: 1.35, table: 1.5, ids: null }, 1000: { json: 2.5, table: null, ids: 1.2 } };
  const cell = (ms, base, t) => `${fmt(ms)} ${ratio(ms, base)}${t ? ` (≤${t}×${ms / base <= t ? '' : ' OVER'})` : ''}`;
  console.log('| accounts | node -e 0 | status --json | status (table) | accounts list --ids |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    const t = targets[r.n];
    console.log(`| ${r.n} | ${fmt(r.baseline)} | ${cell(r.json, r.baseline, t.json)} | ${cell(r.table, r.baseline, t.table)} | ${cell(r.ids, r.baseline, t.ids)} |`);
    if (BEFORE) console.log(`| ${r.n}, before | ${fmt(r.baseline)} | ${cell(r.jsonBefore, r.baseline)} | ${cell(r.tableBefore, r.baseline)} | ${cell(r.idsBefore, r.baseline)} |`);
  }
}

/** Claude Code runs `ctk statusline` on every render of its prompt: it must cost about a bare node. */
function statusline() {
  console.log(`\n## ctk statusline (Claude Code's status line; median of ${RUNS} interleaved runs)\n`);
  const s = makeAccounts(32, { realistic: true });
  try {
    const sample = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'samples', 'statusline-input.claude-code-2.1.332.json'), 'utf8'));
    const now = Math.floor(Date.now() / 1000);
    sample.rate_limits.five_hour.resets_at = now + 7200;
    sample.rate_limits.seven_day.resets_at = now + 86400;
    const env = { ...s.env, CLAUDE_CONFIG_DIR: s.accounts[2].dir };
    const m = compare({ baseline: [node, ['-e', '0'], env], statusline: [node, [CLI, 'statusline'], env, JSON.stringify(sample)] }, RUNS);
    const t = 1.3;
    console.log('| accounts | node -e 0 | ctk statusline (2.1.332 sample on stdin) |');
    console.log('|---|---|---|');
    console.log(`| 32 | ${fmt(m.baseline)} | ${fmt(m.statusline)} ${ratio(m.statusline, m.baseline)} (≤${t}×${m.statusline / m.baseline <= t ? '' : ' OVER'}) |`);
  } finally {
    s.cleanup();
  }
}

const only = process.argv[2];
if (!only || only === 'status') foundation();
if (!only || only === 'statusline') statusline();
const others = ['routines', 'oauth', 'shell', 'insight', 'watch-memory'];
for (const name of others) {
  if (only && only !== name) continue;
  const file = path.join(ROOT, 'bench', `${name}.mjs`);
  if (!fs.existsSync(file)) continue;
  console.log(`\n## ${name}\n`);
  const r = spawnSync(node, [file], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) console.log(`(bench/${name}.mjs exited with ${r.status})`);
}
