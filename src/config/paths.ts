// Where ctk keeps its own files. Mirrors env-paths (what conf uses) so the fast
// read path and conf agree without loading conf.
import os from 'node:os';
import path from 'node:path';

export function ctkConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CTK_CONFIG_DIR) return path.resolve(env.CTK_CONFIG_DIR);
  const home = os.homedir();
  const name = 'ctk-nodejs';
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Preferences', name);
    case 'win32':
      return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), name, 'Config');
    default:
      return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), name);
  }
}

export const CONFIG_FILE = 'config.json';

export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(ctkConfigDir(env), CONFIG_FILE);
}

/** State (history, alert state, backups) lives beside the config. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(ctkConfigDir(env), 'state');
}

export function historyFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(ctkConfigDir(env), 'history.jsonl');
}

/** "~/x" and "~" expand to the home folder; other paths are returned unchanged. */
export function expandHome(p: string): string {
  if (p === '~') return os.homedir();
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(os.homedir(), p.slice(2));
  return p;
}

export function defaultClaudeDir(): string {
  return path.join(os.homedir(), '.claude');
}
