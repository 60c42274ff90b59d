// Shell integration timings: what runs on every TAB (account ids) and on every `c <id>`,
// against `node -e 0` in the same interleaved run. Target for ids: ≤1.3× node -e 0.
import { CLI, compare, fmt, makeAccounts, ratio } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const node = process.execPath;
const s = makeAccounts(1000, { prefix: 'ctk-bench-shell-' });
try {
  const env = { ...s.env, CLAUDE_CONFIG_DIR: s.accounts[499].dir };
  const m = compare(
    {
      baseline: [node, ['-e', '0'], env],
      ids: [node, [CLI, 'accounts', 'list', '--ids'], env],
      described: [node, [CLI, 'completion', '--accounts'], env],
      use: [node, [CLI, 'use', '--shell', 'bash', '--', '500'], env],
      current: [node, [CLI, 'current'], env],
    },
    RUNS,
  );
  console.log(`1000 accounts, median of ${RUNS} interleaved runs, node ${process.version}\n`);
  console.log('| command | median | ratio to node -e 0 | target |');
  console.log('|---|---|---|---|');
  const row = (label, ms, target = '') => console.log(`| ${label} | ${fmt(ms)} | ${ratio(ms, m.baseline)} | ${target} |`);
  row('node -e 0', m.baseline);
  row('ctk accounts list --ids (bash completion)', m.ids, '≤1.3×');
  row('ctk completion --accounts (zsh, fish, pwsh completion)', m.described);
  row('ctk use --shell bash -- 500 (every c 500)', m.use);
  row('ctk current (ct, ct-refresh)', m.current);
  const ok = m.ids / m.baseline <= 1.3;
  console.log(`\naccounts list --ids: ${ok ? 'within' : 'OVER'} the 1.3× target`);
} finally {
  s.cleanup();
}
