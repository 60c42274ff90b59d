// Running `<claude> auth login --email <address>` for one account, with the terminal handed
// over: CLAUDE_CONFIG_DIR is set for the child only, never for ctk itself.
import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedAccount } from '../domain/account.js';
import type { LoginOutcome } from '../domain/routine.js';
import { isCurrentAccount } from './credentials/store.js';

export type LocateResult = { ok: true; path: string } | { ok: false; message: string };

const HOW_TO_POINT = 'install Claude Code (npm install -g @anthropic-ai/claude-code) or point ctk at it: ctk config set claudeBin <path>';

function isExecutableFile(file: string, platform: NodeJS.Platform): 'yes' | 'missing' | 'not-file' | 'not-executable' {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return 'missing';
  }
  if (!st.isFile()) return 'not-file';
  if (platform === 'win32') return 'yes';
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return 'yes';
  } catch {
    return 'not-executable';
  }
}

/** Finds the claude executable before any login starts, so a bad setting is one clear message. */
export function locateClaude(bin: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): LocateResult {
  const hasDir = bin.includes('/') || (platform === 'win32' && bin.includes('\\'));
  if (hasDir) {
    switch (isExecutableFile(bin, platform)) {
      case 'yes':
        return { ok: true, path: bin };
      case 'missing':
        return { ok: false, message: `the claude executable ${bin} does not exist; ${HOW_TO_POINT}` };
      case 'not-file':
        return { ok: false, message: `the claude executable ${bin} is not a file; ${HOW_TO_POINT}` };
      case 'not-executable':
        return { ok: false, message: `the claude executable ${bin} is not executable (chmod +x it, or ctk config set claudeBin <path>)` };
    }
  }
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const exts = platform === 'win32' ? ['', ...(env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').map((e) => e.toLowerCase())] : [''];
  let sawNonExecutable: string | null = null;
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, bin + ext);
      const r = isExecutableFile(candidate, platform);
      if (r === 'yes') return { ok: true, path: candidate };
      if (r === 'not-executable') sawNonExecutable ??= candidate;
    }
  }
  if (sawNonExecutable) {
    return { ok: false, message: `${sawNonExecutable} is not executable (chmod +x it, or ctk config set claudeBin <path>)` };
  }
  return { ok: false, message: `${bin} is not on PATH; ${HOW_TO_POINT}` };
}

/** The child's environment: this account's folder, and nothing that would log in as someone else. */
export function loginEnv(account: ResolvedAccount, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = { ...env };
  // The implicit default runs without CLAUDE_CONFIG_DIR: setting it would change where
  // Claude Code keeps the identity and which Keychain entry it uses.
  if (account.implicit) delete child.CLAUDE_CONFIG_DIR;
  else child.CLAUDE_CONFIG_DIR = account.dir;
  // A secure-storage override belongs to the current account only.
  if (!(account.implicit || isCurrentAccount(account, env))) delete child.CLAUDE_SECURESTORAGE_CONFIG_DIR;
  // These would make `auth login` use another account's token instead of the browser flow.
  for (const key of Object.keys(child)) {
    if (key.startsWith('CLAUDE_CODE_OAUTH_')) delete child[key];
  }
  return child;
}

export function loginArgs(email: string | null): string[] {
  return ['auth', 'login', ...(email ? ['--email', email] : [])];
}

export interface LoginRequest {
  bin: string;
  account: ResolvedAccount;
  email: string | null;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  /** With --json, Claude Code's own output goes to stderr so stdout stays JSON. */
  stdoutToStderr?: boolean;
  signal?: AbortSignal;
}

export type { LoginOutcome };

export async function runLogin(req: LoginRequest): Promise<LoginOutcome> {
  const { execa } = await import('execa');
  const result = await execa(req.bin, loginArgs(req.email), {
    env: loginEnv(req.account, req.env),
    extendEnv: false,
    stdin: 'inherit',
    stdout: req.stdoutToStderr ? 2 : 'inherit',
    stderr: 'inherit',
    timeout: req.timeoutMs,
    cancelSignal: req.signal,
    forceKillAfterDelay: 3000,
    reject: false,
    windowsHide: false,
  });
  if (result.timedOut) return { kind: 'timeout' };
  if (result.isCanceled) return { kind: 'cancelled' };
  const code = (result as any).code as string | undefined;
  if (result.failed && result.exitCode === undefined && !result.signal) {
    if (code === 'ENOENT') return { kind: 'spawn-error', message: `cannot run ${req.bin}: not found` };
    if (code === 'EACCES') return { kind: 'spawn-error', message: `cannot run ${req.bin}: not executable` };
    return { kind: 'spawn-error', message: `cannot run ${req.bin}: ${code ?? result.shortMessage}` };
  }
  if (result.exitCode === 0) return { kind: 'ok' };
  return { kind: 'exit', exitCode: result.exitCode ?? null, signal: result.signal ?? null };
}
