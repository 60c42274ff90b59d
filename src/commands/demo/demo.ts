// ctk demo reset | env: start the sandbox over, and put a shell into it so c, ct, ct-all,
// ct-refresh and ctk run can be tried on the 32 generated accounts (nothing real is touched).
import path from 'node:path';
import { demoRoot, enterDemo, simulatedClaudePath } from '../../demo/sandbox.js';
import { assignEnv, unsetEnv } from '../../domain/shell-quote.js';
import { detectShell, parseShell, type Shell } from '../../domain/shells.js';
import { UserError } from '../../util/errors.js';

const VARS = ['CTK_DEMO', 'CTK_DEMO_DIR', 'CTK_CONFIG_DIR', 'CTK_CLAUDE_BIN', 'CLAUDE_CONFIG_DIR'] as const;

export async function reset(opts: { demoDir?: string }): Promise<number> {
  const root = enterDemo({ dir: opts.demoDir ?? process.env.CTK_DEMO_DIR, reset: true });
  process.stdout.write(`The demo sandbox is fresh again: ${root}\nTry: ctk morning --demo\n`);
  return 0;
}

function shellOf(name: string | undefined): Shell {
  if (name === undefined) return detectShell(process.env, process.platform);
  const shell = parseShell(name);
  if (!shell) throw new UserError(`unknown shell "${name}" (use bash, zsh, fish or pwsh)`);
  return shell;
}

export async function env(opts: { shell?: string; off?: boolean; demoDir?: string }): Promise<number> {
  const shell = shellOf(opts.shell);
  if (opts.off) {
    process.stdout.write(VARS.map((v) => unsetEnv(shell, v)).join('\n') + '\n');
    return 0;
  }
  const root = enterDemo({ dir: opts.demoDir ?? demoRoot(process.env.CTK_DEMO_DIR) });
  const values: Record<(typeof VARS)[number], string> = {
    CTK_DEMO: '1',
    CTK_DEMO_DIR: root,
    CTK_CONFIG_DIR: path.join(root, 'config'),
    CTK_CLAUDE_BIN: simulatedClaudePath(),
    CLAUDE_CONFIG_DIR: path.join(root, 'accounts', '12'),
  };
  process.stdout.write(VARS.map((v) => assignEnv(shell, v, values[v])).join('\n') + '\n');
  if (process.stdout.isTTY) {
    process.stderr.write(`ctk: this only prints the statements; to enter the sandbox run eval "$(ctk demo env)" (leave with eval "$(ctk demo env --off)")\n`);
  }
  return 0;
}
