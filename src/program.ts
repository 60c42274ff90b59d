// The ctk command tree. Every command's code is imported only when that command runs,
// so `ctk status` and completion never load prompts, task lists or HTTP code.
import { Command } from 'commander';
import fs from 'node:fs';

type Runner = (...args: any[]) => Promise<number | void> | number | void;

/** Wraps `import('./commands/<file>.js')[fn]` so the module loads only when the command runs. */
function lazy(file: string, fn = 'run') {
  return async (...args: unknown[]) => {
    const mod = (await import(`./commands/${file}.js`)) as Record<string, Runner>;
    // commander passes (…arguments, options, command): drop the Command object.
    const code = await mod[fn](...args.slice(0, -1));
    if (typeof code === 'number') process.exitCode = code;
  };
}

function version(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    return String(pkg.version);
  } catch {
    return '0.0.0';
  }
}

export function buildProgram(): Command {
  const program = new Command('ctk')
    .description('Keep many Claude Code accounts logged in: see every token, get warned, refresh, switch.')
    .version(version(), '-V, --version')
    .option('--no-color', 'plain output without colours (also NO_COLOR=1)')
    .option('--demo', 'run inside a sandbox of 32 generated accounts with a simulated claude; touches nothing real')
    .option('--demo-dir <path>', 'where the demo sandbox lives (default: the OS temp folder)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) })
    .addHelpText(
      'after',
      `
Environment:
  CTK_CONFIG_DIR        ctk's config and state folder
  CTK_CLAUDE_BIN        the claude executable (default: setting claudeBin, else claude on PATH)
  CLAUDE_CONFIG_DIR     marks the current account
  NO_COLOR              turn colours off

Exit codes of status: 0 all healthy, 1 expiring, 2 expired/revoked/missing, 3 invalid, 64 usage error.
Start with:  ctk status --demo`,
    );

  program.hook('preAction', async (thisCommand) => {
    const opts = thisCommand.opts();
    if (opts.color === false) (await import('./ui/colors.js')).setColorEnabled(false);
    if (opts.demo || opts.demoDir) {
      const { enterDemo } = await import('./demo/sandbox.js');
      enterDemo({ dir: opts.demoDir });
    }
  });

  program
    .command('status')
    .description('show every account’s token state, time left and expiry')
    .argument('[ids...]', 'only these accounts')
    .option('-w, --warning-hours <h>', 'hours before expiry that count as expiring (default: setting warningHours, 2)')
    .option('--json', 'print JSON (schemaVersion 1) instead of a table')
    .addHelpText('after', '\nExit code: 0 all healthy, 1 something expiring, 2 expired/revoked/missing, 3 invalid.')
    .action(lazy('status'));

  const accounts = program.command('accounts').description('register, import, discover, list and check accounts');
  accounts
    .command('add')
    .description('register one account')
    .argument('<id>', 'account id (letters, digits, . _ -; e.g. 12)')
    .option('-d, --dir <path>', 'its CLAUDE_CONFIG_DIR (default: setting dirPattern, ~/.claude-accounts/{id})')
    .option('-l, --label <text>', 'a label shown instead of the email')
    .option('-e, --email <address>', 'the email this account should be logged in as')
    .option('--create', 'create the folder (0700) if it does not exist yet')
    .action(lazy('accounts', 'add'));
  accounts
    .command('import')
    .description('register many accounts from an id list such as 1-28,100-103')
    .argument('<ids>', 'ids and ranges, comma-separated')
    .option('-p, --pattern <path>', 'folder pattern with {id} (default: setting dirPattern)')
    .option('--allow-missing', 'register folders that do not exist yet')
    .action(lazy('accounts', 'importIds'));
  accounts
    .command('discover')
    .description('find ~/.claude* folders that hold credentials and offer to register them')
    .option('-y, --yes', 'register everything found without asking')
    .option('--json', 'print what was found as JSON')
    .action(lazy('accounts', 'discover'));
  accounts
    .command('list')
    .description('list registered accounts')
    .option('--json', 'print JSON')
    .option('--ids', 'print bare ids, one a line (for completion scripts)')
    .action(lazy('accounts-list', 'list'));
  accounts
    .command('remove')
    .description('unregister accounts (their folders and credentials are left alone)')
    .argument('<ids...>', 'account ids')
    .action(lazy('accounts', 'remove'));
  accounts
    .command('validate')
    .description('check folders, credentials, file modes, identities and duplicate emails')
    .option('--json', 'print JSON')
    .action(lazy('accounts', 'validate'));

  const config = program.command('config').description('read and change settings');
  config
    .command('get')
    .description('print one setting')
    .argument('<key>', 'e.g. warningHours or notify.webhookUrl')
    .action(lazy('config', 'get'));
  config
    .command('set')
    .description('change one setting (validated)')
    .argument('<key>', 'e.g. warningHours or notify.webhookUrl')
    .argument('<value>', 'the new value')
    .action(lazy('config', 'set'));
  config
    .command('unset')
    .description('return one setting to its default')
    .argument('<key>', 'setting key')
    .action(lazy('config', 'unset'));
  config
    .command('list')
    .description('list every setting with its value and default')
    .option('--json', 'print JSON')
    .action(lazy('config', 'list'));
  config.command('path').description('print the config file path').action(lazy('config', 'path'));

  // @routines — refresh, morning, evening, history

  // @shell — init, use, pick, completion, run

  // @watch — watch, schedule

  // @insight — usage, report, doctor

  return program;
}

