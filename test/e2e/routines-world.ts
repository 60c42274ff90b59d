// A sandbox for routine tests: registered accounts in given states and the fake claude,
// whose calls are recorded to a log the tests read back.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { H, makeSandbox, register, ROOT, writeAccount, type AccountSpec, type Sandbox } from '../helpers.js';

export const FAKE_CLAUDE = path.join(ROOT, 'test', 'fixtures', 'fake-claude.mjs');

export interface ClaudeCall {
  argv: string[];
  CLAUDE_CONFIG_DIR: string | null;
}

export interface World {
  sb: Sandbox;
  env: NodeJS.ProcessEnv;
  calls(): ClaudeCall[];
  /** The account ids claude was run for, in order (from CLAUDE_CONFIG_DIR). */
  loggedIn(): string[];
  credentials(id: string): string | null;
  expiresAt(id: string): number | null;
  history(): any[];
  /** sha256 of every file under the sandbox, for "changed nothing" checks. */
  snapshot(): Record<string, string>;
  cleanup(): void;
}

export function routineWorld(accounts: Record<string, AccountSpec>, settings: Record<string, unknown> = {}): World {
  const sb = makeSandbox('ctk-routines-');
  fs.chmodSync(FAKE_CLAUDE, 0o755);
  for (const [id, spec] of Object.entries(accounts)) writeAccount(sb, id, spec);
  register(
    sb,
    Object.keys(accounts).map((id) => ({ id, email: accounts[id].email ?? `dev${id}@example.com` })),
    settings,
  );
  const log = path.join(sb.root, 'claude-calls.jsonl');
  const env: NodeJS.ProcessEnv = { ...sb.env, CTK_CLAUDE_BIN: FAKE_CLAUDE, FAKE_CLAUDE_LOG: log };
  const calls = (): ClaudeCall[] => {
    try {
      return fs
        .readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    } catch {
      return [];
    }
  };
  const credentials = (id: string): string | null => {
    try {
      return fs.readFileSync(path.join(sb.accountDir(id), '.credentials.json'), 'utf8');
    } catch {
      return null;
    }
  };
  return {
    sb,
    env,
    calls,
    loggedIn: () => calls().map((c) => path.basename(c.CLAUDE_CONFIG_DIR ?? '')),
    credentials,
    expiresAt: (id) => {
      const text = credentials(id);
      if (text === null) return null;
      try {
        return JSON.parse(text).claudeAiOauth?.expiresAt ?? null;
      } catch {
        return null;
      }
    },
    history: () => {
      try {
        return fs
          .readFileSync(path.join(sb.configDir, 'history.jsonl'), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l));
      } catch {
        return [];
      }
    },
    snapshot: () => {
      const out: Record<string, string> = {};
      const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else out[path.relative(sb.root, p)] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
        }
      };
      walk(sb.root);
      return out;
    },
    cleanup: () => sb.cleanup(),
  };
}

export { H };

/** Stack-trace lines, which must never reach a user. */
export function expectNoStack(...texts: string[]): void {
  for (const t of texts) {
    if (/^\s+at .+:\d+:\d+\)?$/m.test(t) || /unexpected error|this is a bug/.test(t)) {
      throw new Error(`output contains a stack trace or crash report:\n${t.slice(0, 3000)}`);
    }
  }
}
