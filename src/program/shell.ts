// ctk init, use, current, pick, completion and run: living in the shell.
import type { Command } from 'commander';
import { SHELLS } from '../domain/shells.js';
import { lazy } from './lazy.js';
import { wrapped } from './help.js';

const INIT_HELP = `
Put one line in your shell's start-up file:
  bash  ~/.bashrc                   eval "$(ctk init bash)"
  zsh   ~/.zshrc                    eval "$(ctk init zsh)"
  fish  ~/.config/fish/config.fish  ctk init fish | source
  pwsh  $PROFILE                    ctk init pwsh | Out-String | Invoke-Expression

Then:
  c 12          switch this shell to account 12 (checks the token first; warns when it is dead)
  c             pick the account from a list (in a pinned folder: its account)
  c --pick      the list, even in a pinned folder
  c -           back to the previous account (c default: ~/.claude)
  ct [id]       token status of one account (the current one without an id)
  ct-all        token status of every account
  ct-refresh    refresh the current account (or: ct-refresh 12)
Tab completes account ids (with labels where the shell shows descriptions) and every ctk command.
Your own alias or function of the same name is kept, and one line says so;
--cmd x picks other names: x, xt, xt-all and xt-refresh.

Faster new shells (no Node start): write the code to a file once, source it:
  ctk init bash --write ~/.config/ctk/init.bash
  then in ~/.bashrc:  source ~/.config/ctk/init.bash
After an upgrade, ctk doctor says when the file is stale, and how to rewrite it.`;

const USE_HELP = `
Prints the account's folder exactly as registered (Claude Code hashes that string on macOS), quoted
for the shell. The shell functions from ctk init call this for you; by hand:
  eval "$(ctk use 12)"                              bash, zsh
  ctk use 12 --shell fish | source                  fish
  ctk use 12 --shell pwsh | Invoke-Expression       PowerShell
Exit code: 0 usable (a warning when expiring), 2 expired, revoked or missing (the statement is still
printed), 3 unreadable credentials, 64 unknown account (nothing printed).`;

const COMPLETION_HELP = `
Only needed without ctk init, or for files:
  ctk completion bash > ~/.local/share/bash-completion/completions/ctk
  ctk completion zsh  > "\${fpath[1]}/_ctk"
  ctk completion fish > ~/.config/fish/completions/ctk.fish
  ctk completion pwsh | Out-String | Invoke-Expression`;

const RUN_HELP = `
Examples:
  ctk run 12                        claude as account 12
  ctk run 12 -- --resume            arguments after -- go to claude
  ctk run 12 --refresh -- -p "hi"   refresh first if needed
  ctk run -- -p "hi"                the folder's pin (ctk pin), else this shell's
An expired, revoked or missing token is refused with exit 2 and the command that fixes it, instead of
letting Claude Code retry with a dead token; less than an hour left gets a warning. Otherwise the exit
code is claude's.`;

const SHELL_HELP = `
On a terminal, bare ctk starts it too (in scripts and pipes bare ctk stays ctk status). It opens with
the counts, the next expiry and what matters now; then type commands without "ctk":
  ctk› status 12        ctk› refresh 4 9-12        ctk› help refresh
Tab completes commands, flags and ids; the history (never a token) is kept in ctk's state folder;
Enter on an empty line opens a menu of what makes sense now; exit or Ctrl-D leaves. ctk --demo
starts it on the demo sandbox.`;

export function registerShell(program: Command): void {
  const shells = [...SHELLS];
  program
    .command('init')
    .description('print shell code that defines c, ct, ct-all and ct-refresh, with completion')
    .addArgument(program.createArgument('<shell>', 'bash, zsh, fish or pwsh').choices(shells))
    .option('--cmd <prefix>', 'other names: --cmd x defines x, xt, xt-all and xt-refresh')
    .option('--write <file>', 'write the code to a file to source (stamped; ctk doctor says when it is stale)')
    .option('--no-completion', 'leave out tab completion')
    .option('--auto', 'also switch on cd into a folder pinned to an account (ctk pin), and back on leaving')
    .addHelpText('after', wrapped(INIT_HELP))
    .action(lazy(() => import('../commands/shell/init.js'), 'run'));
  program
    .command('use')
    .description('print the shell statement that switches CLAUDE_CONFIG_DIR to an account (warnings on stderr)')
    .argument('<id>', 'account id')
    .addOption(program.createOption('-s, --shell <name>', 'quote for this shell (default: $SHELL; pwsh on Windows)').choices(shells))
    .option('-q, --quiet', 'say nothing on stderr unless the token needs attention')
    .option('--no-check', 'skip reading the token (print the statement only)')
    .addHelpText('after', wrapped(USE_HELP))
    .action(lazy(() => import('../commands/shell/use.js'), 'use'));
  program
    .command('current')
    .description('print the id of the account this shell is on (from CLAUDE_CONFIG_DIR)')
    .option('--dir', 'print its folder instead of its id')
    .option('--pinned', 'the account the working folder is pinned to (ctk pin), not the shell\'s')
    .addHelpText('after', wrapped('\nExit code 1 when CLAUDE_CONFIG_DIR names no registered account (with --pinned: when no pin covers this folder). Handy in a prompt.'))
    .action(lazy(() => import('../commands/shell/current.js'), 'current'));
  program
    .command('pick')
    .description('choose an account on the terminal (type to filter); prints the chosen id')
    .option('--best', 'healthy accounts with the most usage headroom first (figures cached by ctk usage; no network)')
    .addHelpText(
      'after',
      wrapped(`
Type to filter by id, label or email; ↑/↓ move, Enter chooses, Esc or Ctrl-C cancels (exit 130).
The list is drawn on the terminal (stderr), so only the id reaches stdout:  id=$(ctk pick)`)
    )
    .action(lazy(() => import('../commands/shell/pick.js'), 'run'));
  program
    .command('completion')
    .description('print the tab-completion script for a shell (ctk init includes it)')
    .addArgument(program.createArgument('[shell]', 'bash, zsh, fish or pwsh').choices(shells))
    .addOption(program.createOption('--accounts', 'print "id<TAB>label" lines for completion scripts').hideHelp())
    .addHelpText('after', wrapped(COMPLETION_HELP))
    .action(lazy(() => import('../commands/shell/completion.js'), 'run'));
  program
    .command('run')
    .description('start claude under an account, after checking that its token works')
    .argument('[id]', 'account id (default: the folder\'s pin, else the shell\'s account)')
    .argument('[claude-args...]', 'arguments for claude, after --')
    .option('--refresh', 'refresh first when the token is dead or expires within the hour (runs ctk refresh <id> --yes)')
    .option('--force', 'start it even where pin.guard strict refuses (the folder is pinned to another account)')
    .addHelpText('after', wrapped(RUN_HELP))
    .action(lazy(() => import('../commands/shell/run.js'), 'run'));
  program
    .command('shell')
    .description('the assistant: a ctk› prompt for any ctk command, with completion, history and a menu (bare ctk on a terminal)')
    .addHelpText('after', wrapped(SHELL_HELP))
    .action(lazy(() => import('../commands/shell/assistant.js'), 'run'));
}
