#!/usr/bin/env node
// Installs real Claude Code versions into a cache folder for test/real-claude (not a devDependency:
// each version is a 250–400 MB native binary, and `npm install` of ctk must stay small).
//
//   node scripts/install-real-claude.mjs [version…]      (default: 2.1.197 2.1.332)
//
// Cache: $CTK_REAL_CLAUDE_CACHE, else $HOME/.cache/ctk-real-claude; one folder per version, holding
// `claude` (a symlink to the working executable) and `installed.json`. A version already there and
// answering `--version` is not installed again, so a second run takes well under a second.
// Prints the path of each working `claude`, one per line, on stdout; progress and failures go to
// stderr. Exit 0 when every version works, 1 otherwise (callers treat that as "tests will skip").
//
// How a version is made runnable: `@anthropic-ai/claude-code` ships `bin/claude.exe` as a 500-byte
// shell stub that only prints "claude native binary not installed"; the real Bun-compiled binary is
// in the platform optionalDependency (`@anthropic-ai/claude-code-linux-x64/claude`), and the package's
// `postinstall` (install.cjs) hard-links it over the stub. npm 11 already warns that such scripts are
// "not yet covered by allowScripts", so this script installs with --ignore-scripts (nothing runs at
// install time) and then runs install.cjs itself; if that fails it uses the platform binary directly.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PKG = '@anthropic-ai/claude-code';
const DEFAULT_VERSIONS = ['2.1.197', '2.1.332'];

export function cacheRoot(env = process.env) {
  return env.CTK_REAL_CLAUDE_CACHE || path.join(env.HOME || os.homedir(), '.cache', 'ctk-real-claude');
}

function say(msg) {
  process.stderr.write(`install-real-claude: ${msg}\n`);
}

function isMusl() {
  if (process.platform !== 'linux') return false;
  const report = process.report?.getReport?.();
  return report != null && report.header?.glibcVersionRuntime === undefined;
}

function platformPackage() {
  const p = process.platform;
  const a = process.arch;
  if (p === 'linux') return { pkg: `${PKG}-linux-${a}${isMusl() ? '-musl' : ''}`, bin: 'claude' };
  if (p === 'darwin') return { pkg: `${PKG}-darwin-${a}`, bin: 'claude' };
  if (p === 'win32') return { pkg: `${PKG}-win32-${a}`, bin: 'claude.exe' };
  return null;
}

/** `<exe> --version` in a throw-away HOME and config dir; true when it names the version. */
function answersVersion(exe, version) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ctk-claude-version-'));
  try {
    const r = spawnSync(exe, ['--version'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        PATH: process.env.PATH,
        HOME: scratch,
        CLAUDE_CONFIG_DIR: path.join(scratch, 'claude'),
        DISABLE_AUTOUPDATER: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_TELEMETRY: '1',
      },
    });
    const out = `${r.stdout ?? ''}`.trim();
    return { ok: r.status === 0 && out.startsWith(`${version} `), out: out || `${r.stderr ?? ''}`.trim() || String(r.error ?? `exit ${r.status}`) };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The installed version's working claude, or null. */
export function installedClaude(version, env = process.env) {
  const link = path.join(cacheRoot(env), version, 'claude');
  try {
    fs.accessSync(link, fs.constants.X_OK);
    JSON.parse(fs.readFileSync(path.join(cacheRoot(env), version, 'installed.json'), 'utf8'));
    return link;
  } catch {
    return null;
  }
}

function install(version) {
  const root = cacheRoot();
  const dest = path.join(root, version);
  const existing = installedClaude(version);
  if (existing) {
    const v = answersVersion(existing, version);
    if (v.ok) return existing;
    say(`${version}: cached copy does not run (${v.out.split('\n')[0]}); installing again`);
  }
  fs.mkdirSync(root, { recursive: true });
  const staging = fs.mkdtempSync(path.join(root, `.staging-${version}-`));
  try {
    fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ name: 'ctk-real-claude-cache', private: true }) + '\n');
    say(`${version}: npm install ${PKG}@${version} (about 250–400 MB) …`);
    const t0 = Date.now();
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(
      npm,
      ['install', '--ignore-scripts', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', staging, `${PKG}@${version}`],
      { cwd: staging, encoding: 'utf8', timeout: 15 * 60_000, shell: process.platform === 'win32' },
    );
    if (r.status !== 0) {
      const why = `${r.stderr ?? ''}`.trim().split('\n').slice(-3).join(' | ') || String(r.error ?? `exit ${r.status}`);
      throw new Error(`npm install failed: ${why}`);
    }
    const top = path.join(staging, 'node_modules', ...PKG.split('/'));
    const stub = path.join(top, 'bin', process.platform === 'win32' ? 'claude.exe' : 'claude.exe');
    const plat = platformPackage();
    if (!plat) throw new Error(`no Claude Code binary for ${process.platform}-${process.arch}`);
    const native = path.join(staging, 'node_modules', ...plat.pkg.split('/'), plat.bin);
    if (!fs.existsSync(native)) throw new Error(`${plat.pkg} was not installed (optional dependency skipped?)`);
    // What the package's own postinstall does: put the native binary where `bin` points.
    const post = spawnSync(process.execPath, [path.join(top, 'install.cjs')], { cwd: top, encoding: 'utf8', timeout: 120_000 });
    let exe = stub;
    if (post.status !== 0 || !answersVersion(stub, version).ok) {
      say(`${version}: install.cjs did not make bin/claude.exe runnable (${`${post.stderr ?? ''}`.trim().split('\n')[0] || `exit ${post.status}`}); using ${plat.pkg}/${plat.bin} directly`);
      exe = native;
    }
    const check = answersVersion(exe, version);
    if (!check.ok) throw new Error(`${path.relative(staging, exe)} --version said: ${check.out.split('\n')[0]}`);
    fs.symlinkSync(path.relative(staging, exe), path.join(staging, 'claude'));
    fs.writeFileSync(
      path.join(staging, 'installed.json'),
      JSON.stringify({ version, executable: path.relative(staging, exe), platformPackage: plat.pkg, installedAt: new Date().toISOString(), seconds: (Date.now() - t0) / 1000 }, null, 2) + '\n',
    );
    fs.rmSync(dest, { recursive: true, force: true });
    fs.renameSync(staging, dest);
    say(`${version}: installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return path.join(dest, 'claude');
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const versions = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  let failed = 0;
  for (const v of versions.length ? versions : DEFAULT_VERSIONS) {
    if (!/^\d+\.\d+\.\d+$/.test(v)) {
      say(`${v}: not a version (want e.g. 2.1.332)`);
      failed++;
      continue;
    }
    try {
      process.stdout.write(`${install(v)}\n`);
    } catch (e) {
      say(`${v}: cannot install (${e?.message ?? e}); the real-Claude-Code tests for it will be skipped`);
      failed++;
    }
  }
  process.exit(failed ? 1 : 0);
}
