// Make the built CLI executable and copy the simulated claude used by --demo.
import fs from 'node:fs';
fs.chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
// The simulated claude that `ctk --demo` runs (src/demo/simulated-claude.ts) must be executable too.
const simulated = new URL('../dist/demo/simulated-claude.js', import.meta.url);
if (fs.existsSync(simulated)) fs.chmodSync(simulated, 0o755);
