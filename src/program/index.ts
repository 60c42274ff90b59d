// The ctk command tree: global options and the commands of each area, every command's code
// loaded only when it runs (./lazy.ts). Option values arrive parsed (./options.ts).
import { Command } from 'commander';
import { ctkVersion } from '../util/version.js';
import { registerAccounts, registerConfig } from './accounts.js';
import { registerDemo } from './demo.js';
import { registerInside } from './inside.js';
import { registerInsight, registerLogins, registerStatus } from './insight.js';
import { registerRoutines } from './routines.js';
import { registerShell } from './shell.js';
import { registerWatch } from './watch.js';
import { registerDashboard, registerExport } from './metrics.js';
import { wrapped } from './help.js';

const FOOTER = `
Environment:
  CTK_CONFIG_DIR        ctk's config and state folder
  CTK_CLAUDE_BIN        the claude executable (default: setting claudeBin, else claude on PATH)
  CLAUDE_CONFIG_DIR     marks the current account
  NO_COLOR              turn colours off

Exit codes of status: 0 all healthy, 1 expiring, 2 expired/revoked/missing, 3 invalid, 64 usage error.
Start with:  ctk status --demo`;

/** --no-color and --demo, for whichever command runs. */
async function applyGlobalOptions(thisCommand: Command): Promise<void> {
  const opts = thisCommand.opts();
  if (opts.color === false) (await import('../ui/colors.js')).setColorEnabled(false);
  // CTK_DEMO=1 comes from `eval "$(ctk demo env)"`: that shell is in the sandbox for every command.
  if (opts.demo || opts.demoDir || process.env.CTK_DEMO === '1') {
    const { enterDemo } = await import('../demo/sandbox.js');
    enterDemo({ dir: opts.demoDir ?? process.env.CTK_DEMO_DIR });
    // The demo must never reach the internet: a simulated endpoint on 127.0.0.1 in this process.
    if (!process.env.CTK_OAUTH_TOKEN_URL) process.env.CTK_OAUTH_TOKEN_URL = await (await import('../demo/simulated-oauth.js')).simulatedTokenUrl();
  }
}

export function buildProgram(): Command {
  const program = new Command('ctk')
    .description('Keep many Claude Code accounts logged in: see every token, get warned, refresh, switch.')
    .version(ctkVersion(), '-V, --version')
    .option('--no-color', 'plain output without colours (also NO_COLOR=1)')
    .option('--demo', 'run inside a sandbox of 32 generated accounts with a simulated claude; touches nothing real')
    .option('--demo-dir <path>', 'where the demo sandbox lives (default: the OS temp folder)')
    .showSuggestionAfterError(true)
    .exitOverride()
    // Usage errors read like every other ctk error: one line starting with "ctk: ".
    .configureOutput({ outputError: (str, write) => write(str.replace(/^error: /, 'ctk: ')) })
    .addHelpText('after', wrapped(FOOTER));
  program.hook('preAction', applyGlobalOptions);

  registerStatus(program);
  registerLogins(program);
  registerAccounts(program);
  registerConfig(program);
  registerRoutines(program);
  registerShell(program);
  registerWatch(program);
  registerInsight(program);
  registerInside(program);
  registerDemo(program);
  registerExport(program);
  registerDashboard(program);
  return program;
}
