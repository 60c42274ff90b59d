// Shell integration timings: what runs on every TAB (account ids) and on every `c <id>`,
// against `node -e 0` in the same interleaved run. Target for ids: ≤1.3× node -e 0.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, compare, fmt, makeAccounts, ratio } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const node = process.execPath;
const s = makeAccounts(1000, { prefix: 'ctk-bench-shell-' });
try {
  const env = { ...s.env, CLAUDE_CONFIG_DIR: s.accounts[499].dir };
  // A new bash's set-up: eval "$(ctk init bash)" against sourcing the file --write wrote.
  const bin = path.join(s.root, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'ctk'), `#!/bin/sh\nexec '${node}' '${CLI}' "$@"\n`, { mode: 0o755 });
  const shellEnv = { ...env, PATH: `${bin}${path.delimiter}${env.PATH}` };
  const initFile = path.join(s.root, 'init.bash');
  spawnSync(node, [CLI, 'init', 'bash', '--write', initFile], { env: shellEnv });
  const m = compare(
    {
      baseline: [node, ['-e', '0'], env],
      ids: [node, [CLI, 'accounts', 'list', '--ids'], env],
      described: [node, [CLI, 'completion', '--accounts'], env],
      use: [node, [CLI, 'use', '--shell', 'bash', '--', '500'], env],
      current: [node, [CLI, 'current'], env],
      shellBare: ['bash', ['--norc', '--noprofile', '-c', 'exit 0'], shellEnv],
      initEval: ['bash', ['--norc', '--noprofile', '-c', 'eval "$(ctk init bash)"'], shellEnv],
      initSource: ['bash', ['--norc', '--noprofile', '-c', `. '${initFile}'`], shellEnv],
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
  console.log(`\nA new bash: bare ${fmt(m.shellBare)}; eval "$(ctk init bash)" ${fmt(m.initEval)}; source the --write file ${fmt(m.initSource)}`);
  const ok = m.ids / m.baseline <= 1.3;
  console.log(`\naccounts list --ids: ${ok ? 'within' : 'OVER'} the 1.3× target`);
} finally {
  s.cleanup();
}
