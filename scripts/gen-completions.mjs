// Regenerates completions/ from the built CLI (run `npm run build` first), so the files
// always match `ctk completion <shell>`; test/e2e/shell.test.ts fails when they drift.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');
const out = path.join(root, 'completions');
const FILES = { bash: 'ctk.bash', zsh: '_ctk', fish: 'ctk.fish', pwsh: 'ctk.ps1' };

if (!fs.existsSync(cli)) {
  console.error('gen-completions: dist/cli.js is missing; run npm run build first');
  process.exit(1);
}
fs.mkdirSync(out, { recursive: true });
for (const [shell, file] of Object.entries(FILES)) {
  const r = spawnSync(process.execPath, [cli, 'completion', shell], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) {
    console.error(`gen-completions: ctk completion ${shell} failed:\n${r.stderr}`);
    process.exit(1);
  }
  fs.writeFileSync(path.join(out, file), r.stdout);
  console.log(`completions/${file}`);
}
fs.rmSync(path.join(out, '.gitkeep'), { force: true });
