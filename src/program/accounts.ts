// ctk accounts … and ctk config …: the registry and the settings.
import type { Command } from 'commander';
import { lazy } from './lazy.js';
import { idList } from './options.js';
import { wrapped } from './help.js';

export function registerAccounts(program: Command): void {
  const accounts = program.command('accounts').description('register, import, discover, list and check accounts');
  accounts
    .command('add')
    .description('register one account')
    .argument('<id>', 'account id (letters, digits, . _ -; e.g. 12)')
    .option('-d, --dir <path>', 'its CLAUDE_CONFIG_DIR (default: setting dirPattern, ~/.claude-accounts/{id})')
    .option('-l, --label <text>', 'a label shown instead of the email')
    .option('-e, --email <address>', 'the email this account should be logged in as')
    .option('--create', 'create the folder (0700) if it does not exist yet')
    .action(lazy(() => import('../commands/accounts/add.js'), 'add'));
  accounts
    .command('import')
    .description('register many accounts from an id list such as 1-28,100-103')
    .argument('<ids>', 'ids and ranges, comma-separated', idList)
    .option('-p, --pattern <path>', 'folder pattern with {id} (default: setting dirPattern)')
    .option('--allow-missing', 'register folders that do not exist yet')
    .action(lazy(() => import('../commands/accounts/import.js'), 'importIds'));
  accounts
    .command('discover')
    .description('find ~/.claude* folders that hold credentials and offer to register them')
    .option('-y, --yes', 'register everything found without asking')
    .option('--json', 'print what was found as JSON')
    .action(lazy(() => import('../commands/accounts/discover.js'), 'discover'));
  accounts
    .command('list')
    .description('list registered accounts')
    .option('--json', 'print JSON')
    .option('--ids', 'print bare ids, one a line (for completion scripts)')
    .action(lazy(() => import('../commands/accounts/list.js'), 'list'));
  accounts
    .command('set')
    .description('change an account’s pinned email or its label on purpose')
    .argument('<id>', 'account id')
    .option('-e, --email <address>', 'the email this account is meant to be signed in as ("" to unpin)')
    .option('-l, --label <text>', 'a label shown instead of the email ("" to remove)')
    .addHelpText(
      'after',
      wrapped(`
Each account's identity is pinned when ctk first sees it (add, import, discover, or the first verified
login). A folder later signed in as someone else shows as wrong-account, and every fix ctk suggests
logs in with the pinned email. Change the pin here when the account really changed hands.`)
    )
    .action(lazy(() => import('../commands/accounts/set.js'), 'set'));
  accounts
    .command('remove')
    .description('unregister accounts (their folders and credentials are left alone)')
    .argument('<ids...>', 'account ids')
    .action(lazy(() => import('../commands/accounts/remove.js'), 'remove'));
  accounts
    .command('validate')
    .description('check folders, credentials, file modes, identities and duplicate emails')
    .option('--json', 'print JSON')
    .action(lazy(() => import('../commands/accounts/validate.js'), 'validate'));
}

export function registerConfig(program: Command): void {
  const settings = () => import('../commands/config/settings.js');
  const config = program.command('config').description('read and change settings');
  config
    .command('get')
    .description('print one setting')
    .argument('<key>', 'e.g. warningHours or notify.webhookUrl')
    .action(lazy(settings, 'get'));
  config
    .command('set')
    .description('change one setting (validated)')
    .argument('<key>', 'e.g. warningHours or notify.webhookUrl')
    .argument('<value>', 'the new value')
    .action(lazy(settings, 'set'));
  config.command('unset').description('return one setting to its default').argument('<key>', 'setting key').action(lazy(settings, 'unset'));
  config.command('list').description('list every setting with its value and default').option('--json', 'print JSON').action(lazy(settings, 'list'));
  config.command('path').description('print the config file path').action(lazy(settings, 'path'));
}
