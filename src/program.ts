// The ctk command tree. Every command's code is imported only when that command runs,
// so `ctk status` and completion never load prompts, task lists or HTTP code.
import { Command } from 'commander';
import { ctkVersion } from './util/version.js';

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
      // The demo must never reach the internet: a simulated endpoint on 127.0.0.1 in this process.
      if (!process.env.CTK_OAUTH_TOKEN_URL) process.env.CTK_OAUTH_TOKEN_URL = await (await import('./demo/simulated-oauth.js')).simulatedTokenUrl();
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
  const routineOptions = (cmd: Command, defaultWindow: string) =>
    cmd
      .option('--hours <h>', `refresh what expires within this many hours (default: ${defaultWindow})`)
      .addOption(
        cmd
          .createOption('-m, --method <method>', 'auto (refresh token, else guided login), oauth (no browser) or login')
          .choices(['auto', 'oauth', 'login'])
          .default('auto'),
      )
      .option('-y, --yes', 'take every candidate without asking (needed without a terminal)')
      .option('-n, --dry-run', 'check and queue, print the commands it would run, change nothing')
      .option('--json', 'print the summary as JSON (schemaVersion 1); progress goes to stderr')
      .option('--timeout <minutes>', 'minutes one guided login may take (default: setting loginTimeoutMinutes, 10)')
      .addHelpText(
        'after',
        `
Each queued account: Switch (CLAUDE_CONFIG_DIR for claude only) → Log in (claude auth login --email <known email>,
with the terminal handed over) or refresh with the stored refresh token → Verify (new expiry later than before and
in the future, and the expected email) → Report. Ctrl-C during a login asks whether to skip it or stop.
Every attempt is recorded: ctk history.
Exit code: 0 when every queued account is refreshed and verified, 2 otherwise, 64 for a usage error.`,
      );
  routineOptions(
    program
      .command('refresh')
      .description('refresh or log in exactly these accounts (or --all: whatever expires soon)')
      .argument('[ids...]', 'accounts to refresh, even healthy ones')
      .option('-a, --all', 'queue every account that expires within --hours, plus expired, revoked and missing ones'),
    'setting warningHours, 2; only with --all',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  ctk refresh 4 9                 refresh 4 and 9 now (refresh token, else a guided login)\n  ctk refresh 4 --method login    sign account 4 in again in the browser\n  ctk refresh --all --dry-run     show what would run, change nothing\n',
    )
    .action(lazy('refresh'));
  routineOptions(
    program
      .command('morning')
      .description('start-of-day routine: check everything, pick what expires soon, refresh it one by one')
      .argument('[ids...]', 'only consider these accounts'),
    'setting warningHours, 2',
  )
    .addHelpText('after', '\nExamples:\n  ctk morning\n  ctk morning --hours 4 --method login\n')
    .action(lazy('morning'));
  routineOptions(
    program
      .command('evening')
      .description('end-of-day routine: refresh everything that would expire overnight')
      .argument('[ids...]', 'only consider these accounts'),
    '8',
  )
    .addHelpText('after', '\nExamples:\n  ctk evening\n  ctk evening --hours 8 --yes    (unattended, e.g. from a scheduler)\n')
    .action(lazy('evening'));
  program
    .command('history')
    .description('show every refresh and login attempt ctk made (history.jsonl)')
    .argument('[id]', 'only this account')
    .option('--json', 'print JSON (schemaVersion 1)')
    .option('--limit <n>', 'how many of the latest entries to show', '50')
    .action(lazy('history'));

  // @shell — init, use, pick, completion, run
  const shellNames = ['bash', 'zsh', 'fish', 'pwsh'];
  program
    .command('init')
    .description('print shell code that defines c, ct, ct-all and ct-refresh, with completion')
    .addArgument(program.createArgument('<shell>', 'bash, zsh, fish or pwsh').choices(shellNames))
    .addHelpText(
      'after',
      `
Put one line in your shell's start-up file:
  bash  ~/.bashrc                     eval "$(ctk init bash)"
  zsh   ~/.zshrc                      eval "$(ctk init zsh)"
  fish  ~/.config/fish/config.fish    ctk init fish | source
  pwsh  $PROFILE                      ctk init pwsh | Out-String | Invoke-Expression

Then:
  c 12          switch this shell to account 12 (checks the token first; warns when it is dead)
  c             pick the account from a list
  ct [id]       token status of one account (the current one without an id)
  ct-all        token status of every account
  ct-refresh    refresh the current account (or: ct-refresh 12)
Tab completes account ids (with labels where the shell shows descriptions) and every ctk command.`,
    )
    .action(lazy('init'));
  program
    .command('use')
    .description('print the shell statement that switches CLAUDE_CONFIG_DIR to an account (warnings on stderr)')
    .argument('<id>', 'account id')
    .addOption(program.createOption('-s, --shell <name>', 'quote for this shell (default: $SHELL; pwsh on Windows)').choices(shellNames))
    .option('-q, --quiet', 'say nothing on stderr unless the token needs attention')
    .option('--no-check', 'skip reading the token (print the statement only)')
    .addHelpText(
      'after',
      `
Prints the account's folder exactly as registered (Claude Code hashes that string on macOS), quoted
for the shell. The shell functions from ctk init call this for you; by hand:
  eval "$(ctk use 12)"                              bash, zsh
  ctk use 12 --shell fish | source                  fish
  ctk use 12 --shell pwsh | Invoke-Expression       PowerShell
Exit code: 0 usable (a warning when expiring), 2 expired, revoked or missing (the statement is still
printed), 3 unreadable credentials, 64 unknown account (nothing printed).`,
    )
    .action(lazy('use', 'use'));
  program
    .command('current')
    .description('print the id of the account this shell is on (from CLAUDE_CONFIG_DIR)')
    .option('--dir', 'print its folder instead of its id')
    .addHelpText('after', '\nExit code 1 when CLAUDE_CONFIG_DIR names no registered account. Handy in a prompt.')
    .action(lazy('use', 'current'));
  program
    .command('pick')
    .description('choose an account on the terminal (type to filter); prints the chosen id')
    .option('--best', 'healthy accounts with the most usage headroom first (figures cached by ctk usage; no network)')
    .addHelpText(
      'after',
      `
Type to filter by id, label or email; ↑/↓ move, Enter chooses, Esc or Ctrl-C cancels (exit 130).
The list is drawn on the terminal (stderr), so only the id reaches stdout:  id=$(ctk pick)`,
    )
    .action(lazy('pick'));
  program
    .command('completion')
    .description('print the tab-completion script for a shell (ctk init includes it)')
    .addArgument(program.createArgument('[shell]', 'bash, zsh, fish or pwsh').choices(shellNames))
    .addOption(program.createOption('--accounts', 'print "id<TAB>label" lines for completion scripts').hideHelp())
    .addHelpText(
      'after',
      `
Only needed without ctk init, or for files:
  ctk completion bash > ~/.local/share/bash-completion/completions/ctk
  ctk completion zsh  > "\${fpath[1]}/_ctk"
  ctk completion fish > ~/.config/fish/completions/ctk.fish
  ctk completion pwsh | Out-String | Invoke-Expression`,
    )
    .action(lazy('completion'));
  program
    .command('run')
    .description('start claude under an account, after checking that its token works')
    .argument('<id>', 'account id')
    .argument('[claude-args...]', 'arguments for claude, after --')
    .option('--refresh', 'refresh first when the token is dead or expires within the hour (runs ctk refresh <id> --yes)')
    .addHelpText(
      'after',
      `
Examples:
  ctk run 12                        claude as account 12
  ctk run 12 -- --resume            arguments after -- go to claude
  ctk run 12 --refresh -- -p "hi"   refresh first if needed
An expired, revoked or missing token is refused with exit 2 and the command that fixes it, instead of
letting Claude Code retry with a dead token; less than an hour left gets a warning. Otherwise the exit
code is claude's.`,
    )
    .action(lazy('run'));

  // @watch — watch, schedule
  program
    .command('watch')
    .description('check every account each interval and alert once per problem (desktop, webhook)')
    .option('-i, --interval <duration>', 'time between checks, e.g. 45s, 15m, 1h (default: setting watch.interval, 30m)')
    .option('-w, --warning-hours <h>', 'hours before expiry that count as expiring (default: setting warningHours, 2)')
    .option('--auto-refresh', 'renew tokens inside the window with their refresh token; alert only when that fails')
    .option('--once', 'check once and exit (what `ctk schedule` runs)')
    .option('--json', 'print one JSON line per check instead of text')
    .addHelpText(
      'after',
      `
Alerts go out once per change into expiring, expired, revoked, missing or invalid (and for every
automatic refresh), through desktop notifications (setting notify.desktop) and the webhook in
notify.webhookUrl (format notify.webhookFormat: json, slack or ntfy). What was alerted is kept in
ctk's state folder, so a restarted watcher does not repeat itself; a webhook that fails is retried
at the next checks, 3 tries at most. Ctrl-C (or SIGTERM) stops after the current check.
Exit code: 0 (use ctk status for monitoring exit codes); 75 when --once could not check because
another ctk watch held the state for too long.

Examples:
  ctk watch                          check every 30 minutes until stopped
  ctk watch --interval 5m --auto-refresh
  ctk config set notify.webhookUrl https://ntfy.sh/my-topic && ctk config set notify.webhookFormat ntfy
  ctk schedule install               run ctk watch --once in the background instead`,
    )
    .action(lazy('watch'));

  const schedule = program
    .command('schedule')
    .description('run ctk watch in the background: systemd timer, cron, launchd agent or Task Scheduler');
  const scheduleOptions = (cmd: Command) =>
    cmd
      .option('--backend <name>', 'auto, systemd, cron, launchd or schtasks (default: auto, by platform)')
      .option('--dry-run', 'print every file and command instead of writing or running them');
  scheduleOptions(
    schedule
      .command('install')
      .description('install (or replace) the background job that runs ctk watch --once')
      .option('-i, --interval <duration>', 'how often to check, e.g. 15m, 30m, 1h (default: setting watch.interval, 30m)')
      .option('--evening <HH:MM>', 'also run ctk evening --method oauth --yes every day at this local time')
      .option('--auto-refresh', 'the job renews tokens inside the window (ctk watch --once --auto-refresh)')
      .addHelpText(
        'after',
        `
Linux uses a systemd user timer (cron when systemd is absent), macOS a launchd agent, Windows a
Task Scheduler task that runs as you (not SYSTEM). The job runs node and ctk by absolute path
and keeps CTK_CONFIG_DIR when it is set. What was installed is recorded, so ctk schedule remove
undoes exactly that.

Examples:
  ctk schedule install --dry-run     see every file and command first
  ctk schedule install --interval 15m --evening 21:30 --auto-refresh`,
      ),
  ).action(lazy('schedule', 'install'));
  schedule
    .command('status')
    .description('say whether the job is installed and when it last ran')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExit code: 0 installed and intact, 1 not installed, 2 installed but damaged or not running.')
    .action(lazy('schedule', 'status'));
  scheduleOptions(
    schedule
      .command('remove')
      .description('remove exactly what ctk schedule install installed (--backend: clean up ctk jobs there without a record)'),
  ).action(lazy('schedule', 'remove'));

  // @insight — usage, report, doctor
  program
    .command('usage')
    .description('show each account’s five-hour and seven-day quota use, most headroom first')
    .argument('[ids...]', 'only these accounts')
    .option('--json', 'print JSON (schemaVersion 1) instead of a table')
    .option('--no-cache', 'ask the server even when figures less than 5 minutes old are cached')
    .option('--timeout <duration>', 'how long to wait for each answer (default 10s)')
    .addHelpText(
      'after',
      `
Asks GET /api/oauth/usage (CTK_API_BASE_URL overrides the host) for each account, at most 4 at a time.
An expired token is refreshed first without a browser; revoked, missing and unreadable accounts are
skipped with their state. Answers are cached for 5 minutes in ctk's state folder, and a 429 is
honoured: the account is left alone until its Retry-After has passed.
Exit code: 0 when every account has figures, 1 when some could not be measured.`,
    )
    .action(lazy('usage'));
  program
    .command('report')
    .description('print a ready-to-paste Markdown bug report about token lifetimes, identifiers redacted')
    .argument('[id]', 'only this account’s events')
    .option('--json', 'print the report’s data (and its Markdown) as JSON')
    .option('--include-emails', 'show real account ids and their emails (paths, user name and tokens stay redacted)')
    .addHelpText(
      'after',
      `
Contents: Claude Code version, OS, number of accounts, and from ctk's history every login and
refresh with its time, the expiresAt granted, the observed lifespan and the median lifespan.
By default accounts are lettered A, B, … and emails, paths, the home folder and the user name
are replaced. Example:  ctk report > token-report.md`,
    )
    .action(lazy('report'));
  program
    .command('doctor')
    .description('check the set-up: Node, claude, config, account folders, file modes, locks, alerts, schedule')
    .option('--json', 'print the checks as JSON')
    .addHelpText('after', '\nEach line says ✓ or ✗ and, for ✗, the fix. Read-only: it changes nothing.\nExit code: 0 when every check passes, 1 otherwise.')
    .action(lazy('doctor'));

  return program;
}

