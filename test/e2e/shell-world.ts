// A sandbox for the shell tests: accounts in folders with awkward names, and a bin folder
// whose `ctk` runs the built CLI, first on PATH, the way a user's shell finds it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, credentialsJson, H, makeSandbox, type Sandbox } from '../helpers.js';

export interface ShellWorld {
  sb: Sandbox;
  bin: string;
  env: NodeJS.ProcessEnv;
  dirs: Record<string, string>;
  cleanup(): void;
}

export interface WorldAccount {
  /** ms left; null for no credentials file; 'revoked' for tokens cleared by Claude Code. */
  expiresIn?: number | null | 'revoked';
  label?: string;
  email?: string;
  /** Folder name under the sandbox's accounts folder (default: the id). */
  folder?: string;
  /** Appended to the registered dir string (e.g. a trailing slash). */
  suffix?: string;
}

const REVOKED = JSON.stringify({ claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0, scopes: ['user:inference'] } });

export function shellWorld(accounts: Record<string, WorldAccount>, settings: Record<string, unknown> = {}): ShellWorld {
  const sb = makeSandbox('ctk-shell-');
  const bin = path.join(sb.root, 'bin');
  fs.mkdirSync(bin);
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  fs.writeFileSync(path.join(bin, 'ctk'), `#!/bin/sh\nexec ${q(process.execPath)} ${q(CLI)} "$@"\n`, { mode: 0o755 });
  const dirs: Record<string, string> = {};
  const registry = Object.entries(accounts).map(([id, a]) => {
    const real = path.join(sb.root, 'accounts', a.folder ?? id);
    fs.mkdirSync(real, { recursive: true, mode: 0o700 });
    const email = a.email ?? `dev${id}@example.com`;
    fs.writeFileSync(path.join(real, '.claude.json'), JSON.stringify({ oauthAccount: { emailAddress: email } }));
    const e = a.expiresIn === undefined ? 6 * H : a.expiresIn;
    if (e === 'revoked') fs.writeFileSync(path.join(real, '.credentials.json'), REVOKED, { mode: 0o600 });
    else if (e !== null) fs.writeFileSync(path.join(real, '.credentials.json'), credentialsJson(Date.now() + e), { mode: 0o600 });
    dirs[id] = real + (a.suffix ?? '');
    return { id, dir: dirs[id], ...(a.label ? { label: a.label } : {}) };
  });
  fs.mkdirSync(sb.configDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(sb.configDir, 'config.json'), JSON.stringify({ ...settings, accounts: registry }, null, '\t'), { mode: 0o600 });
  const env = { ...sb.env, PATH: `${bin}${path.delimiter}${sb.env.PATH}` };
  return { sb, bin, env, dirs, cleanup: () => sb.cleanup() };
}

export function hasShell(name: string): boolean {
  return spawnSync(name, ['-c', 'exit 0'], { stdio: 'ignore' }).status === 0;
}

export interface ShellRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script in a real shell (non-interactive) with the world's environment. */
export function runShell(argv: string[], env: NodeJS.ProcessEnv, timeout = 30_000): ShellRun {
  const r = spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8', timeout, input: '' });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Folder names that break naive quoting. */
export const AWKWARD: Record<string, WorldAccount> = {
  space: { folder: 'with space' },
  squote: { folder: "it's mine" },
  dquote: { folder: 'say "hi"' },
  dollar: { folder: '$HOME and $(id) and `id`' },
  backslash: { folder: 'back\\slash' },
  unicode: { folder: 'Jürgen 日本 😀' },
  nfd: { folder: 'cafe\u0301' },
  trailing: { folder: 'trailing', suffix: '/' },
};
