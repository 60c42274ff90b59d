// The README's first command must work on a machine without a C/C++ toolchain (a Mac without
// Xcode tools, Windows without Visual Studio tools): nothing ctk installs may build native code.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

// Install scripts known to build nothing, each approved in package.json's allowScripts.
const KNOWN_SCRIPTS: Record<string, string> = {
  // install.js only checks the prebuilt binary its @esbuild/<platform> package brought; without it
  // the build has no fast-path bundle and ctk runs dist/fast-path.js instead.
  'node_modules/esbuild': 'esbuild',
};

describe('installing needs no compiler', () => {
  it('no package in the lock file runs an install script (node-gyp builds run there), but the known ones', () => {
    const scripted = Object.entries(lock.packages as Record<string, any>)
      .filter(([k, v]) => v.hasInstallScript && !(k in KNOWN_SCRIPTS))
      .map(([k]) => k);
    expect(scripted).toEqual([]);
    for (const name of Object.values(KNOWN_SCRIPTS)) expect(pkg.allowScripts?.[name], name).toBe(true);
  });
  it('no installed package carries a binding.gyp (native code built on install)', () => {
    const found: string[] = [];
    const walk = (dir: string, depth: number) => {
      if (depth > 4 || !fs.existsSync(dir)) return;
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (!e.isDirectory()) continue;
        const p = path.join(dir, e.name);
        if (fs.existsSync(path.join(p, 'binding.gyp'))) found.push(path.relative(ROOT, p));
        if (e.name.startsWith('@') || e.name === 'node_modules') walk(p, depth + 1);
        else walk(path.join(p, 'node_modules'), depth + 1);
      }
    };
    walk(path.join(ROOT, 'node_modules'), 0);
    expect(found).toEqual([]);
  });
  it('pseudo-terminals come from @lydell/node-pty (prebuilt binaries), not node-pty (compiles)', () => {
    const all = { ...pkg.dependencies, ...pkg.devDependencies };
    expect(all['node-pty']).toBeUndefined();
    expect(all['@lydell/node-pty']).toBeDefined();
    expect(pkg.engines.node).toBe('>=20');
  });
});
