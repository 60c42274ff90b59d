// Make the built CLI executable and copy the simulated claude used by --demo.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
fs.chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
// The simulated claude that `ctk --demo` runs (src/demo/simulated-claude.ts) must be executable too.
const simulated = new URL('../dist/demo/simulated-claude.js', import.meta.url);
if (fs.existsSync(simulated)) fs.chmodSync(simulated, 0o755);

// The hot commands (status, completion, c, ct, …) in one file: loading ~40 small modules is most of
// what they cost beyond Node's own start. src/cli.ts uses it when present, else dist/fast-path.js.
// A hot command's own lazy imports of ui/ and domain/ go in too; its lazy imports of anything else
// (the whole command line, the completion scripts) stay imports of dist/, so the bundle stays small.
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const bundle = path.join(dist, 'fast-path.bundle.js');
const lazyElsewhere = {
  name: 'lazy-imports-elsewhere',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'dynamic-import' || args.importer === path.join(dist, 'fast-path.js')) return undefined;
      const rel = path.relative(dist, path.resolve(path.dirname(args.importer), args.path)).split(path.sep).join('/');
      return /^(ui|domain)\//.test(rel) ? undefined : { path: `./${rel}`, external: true };
    });
  },
};
try {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(dist, 'fast-path.js')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Node's own modules stay imports; nothing from node_modules is on the fast path.
    packages: 'external',
    plugins: [lazyElsewhere],
    logLevel: 'warning',
  });
} catch (err) {
  fs.rmSync(bundle, { force: true });
  console.warn(`postbuild: no fast-path bundle (${err?.message ?? err}); ctk uses dist/fast-path.js`);
}
