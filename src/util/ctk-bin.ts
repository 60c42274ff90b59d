// How a command written into another program's settings (Claude Code's statusLine and hooks)
// starts this ctk from any folder: `ctk` when it is on PATH, else absolute paths to node and
// to this CLI, quoted for the shell that runs it.
import fs from 'node:fs';
import path from 'node:path';

export interface CtkInvocation {
  command: string;
  onPath: boolean;
}

const NAMES: Record<string, string[]> = { win32: ['ctk.cmd', 'ctk.exe', 'ctk.ps1'] };

function onPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  const names = NAMES[platform] ?? ['ctk'];
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue;
    for (const n of names) {
      try {
        fs.accessSync(path.join(dir, n), platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
        if (fs.statSync(path.join(dir, n)).isFile()) return true;
      } catch {
        /* not here */
      }
    }
  }
  return false;
}

const quote = (s: string, platform: NodeJS.Platform): string => (platform === 'win32' ? `"${s}"` : `'${s.replace(/'/g, `'\\''`)}'`);

export function ctkInvocation(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, cli: string = process.argv[1] ?? ''): CtkInvocation {
  if (onPath(env, platform)) return { command: 'ctk', onPath: true };
  let script = cli;
  try {
    script = fs.realpathSync(cli);
  } catch {
    /* keep it as given */
  }
  return { command: `${quote(process.execPath, platform)} ${quote(script, platform)}`, onPath: false };
}
