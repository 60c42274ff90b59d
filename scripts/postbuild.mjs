// Make the built CLI executable and copy the simulated claude used by --demo.
import fs from 'node:fs';
fs.chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
