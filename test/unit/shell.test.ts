// Pure pieces of the shell integration: quoting, shell names, the command-tree spec,
// the generated scripts, the picker's filter and the token notices.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../src/accounts/check.js';
import { buildProgram } from '../../src/program/index.js';
import { bashCompletion } from '../../src/shell/complete-bash.js';
import { fishCompletion } from '../../src/shell/complete-fish.js';
import { pwshCompletion } from '../../src/shell/complete-pwsh.js';
import { zshCompletion } from '../../src/shell/complete-zsh.js';
import { initScript } from '../../src/shell/init-scripts.js';
import { preflight, switchNotice, useExitCode } from '../../src/shell/notices.js';
import { filterRows, orderRows, stateText, type PickRow } from '../../src/shell/picker-model.js';
import { assignEnv, quoteFish, quotePosix, quotePwsh, unsetEnv } from '../../src/shell/quote.js';
import { detectShell, parseShell, SHELLS } from '../../src/shell/shells.js';
import { allCommands, completionSpec } from '../../src/shell/spec.js';

const H = 3_600_000;

/**
 * An independent reader of the PowerShell expressions quotePwsh emits:
 * 'single-quoted' strings (any of the four single-quote characters doubled) joined by
 * `+` with [char]0xNNNN. Anything else fails the test.
 */
function readPwsh(expr: string): string {
  const quotes = "'\u2018\u2019\u201a\u201b";
  let i = 0;
  let out = '';
  const skipSpace = () => {
    while (expr[i] === ' ') i++;
  };
  for (;;) {
    skipSpace();
    if (quotes.includes(expr[i])) {
      i++;
      for (;;) {
        if (i >= expr.length) throw new Error('unterminated string');
        const ch = expr[i];
        if (quotes.includes(ch)) {
          if (quotes.includes(expr[i + 1])) {
            out += expr[i + 1];
            i += 2;
            continue;
          }
          i++;
          break;
        }
        out += ch;
        i++;
      }
    } else {
      const m = /^\[char\]0x([0-9A-F]{4})/.exec(expr.slice(i));
      if (!m) throw new Error(`unexpected text at ${i}: ${expr.slice(i)}`);
      out += String.fromCharCode(parseInt(m[1], 16));
      i += m[0].length;
    }
    skipSpace();
    if (i >= expr.length) return out;
    if (expr[i] !== '+') throw new Error(`expected + at ${i}: ${expr.slice(i)}`);
    i++;
  }
}

const NASTY = [
  '/home/me/.claude-accounts/12',
  '/home/me/My Accounts/12',
  "/home/me/it's/12",
  '/home/me/say "hi"/12',
  '/home/me/$HOME/`whoami`/$(id)/12',
  'C:\\Users\\me\\.claude\\',
  '/home/me/ÿ/Jürgen/日本/😀/12/',
  '/home/me/caf\u0065\u0301', // decomposed: must stay decomposed
  '/home/me/typo\u2019graphic\u2018quotes',
  '/home/me/new\nline\ttab',
  '',
];

describe('quoting', () => {
  it('POSIX: single quotes, with quote and control characters spelled out', () => {
    expect(quotePosix('/a b')).toBe(`'/a b'`);
    expect(quotePosix("it's")).toBe(`'it'\\''s'`);
    expect(quotePosix('$HOME `x` "y" \\z')).toBe(`'$HOME \`x\` "y" \\z'`);
    expect(quotePosix('a\nb')).toBe(`'a'$'\\x0a''b'`);
    expect(quotePosix('')).toBe(`''`);
  });

  it('fish: only backslash and single quote are escaped inside single quotes', () => {
    expect(quoteFish("it's \\ $HOME")).toBe(`'it\\'s \\\\ $HOME'`);
    expect(quoteFish('a\tb')).toBe(`'a'\\x09'b'`);
  });

  it('PowerShell: doubles every single-quote character and spells non-ASCII as [char]', () => {
    expect(quotePwsh("C:\\it's")).toBe(`'C:\\it''s'`);
    expect(quotePwsh('é')).toBe(`'' + [char]0x00E9`);
    expect(quotePwsh('$env:USERPROFILE `n')).toBe(`'$env:USERPROFILE \`n'`);
    for (const s of NASTY) {
      const q = quotePwsh(s);
      expect(q, s).toMatch(/^[\x20-\x7e]*$/);
      expect(readPwsh(q), JSON.stringify(s)).toBe(s);
    }
  });

  it('every statement is one line, whatever the path holds', () => {
    for (const shell of SHELLS) {
      for (const s of NASTY) expect(assignEnv(shell, 'CLAUDE_CONFIG_DIR', s)).not.toMatch(/[\r\n]/);
    }
  });

  it('assignments and unsets per shell', () => {
    expect(assignEnv('bash', 'CLAUDE_CONFIG_DIR', '/x y')).toBe(`export CLAUDE_CONFIG_DIR='/x y'`);
    expect(assignEnv('zsh', 'CLAUDE_CONFIG_DIR', '/x')).toBe(`export CLAUDE_CONFIG_DIR='/x'`);
    expect(assignEnv('fish', 'CLAUDE_CONFIG_DIR', '/x')).toBe(`set -gx CLAUDE_CONFIG_DIR '/x'`);
    expect(assignEnv('pwsh', 'CLAUDE_CONFIG_DIR', 'C:\\x')).toBe(`$env:CLAUDE_CONFIG_DIR = 'C:\\x'`);
    expect(unsetEnv('bash', 'CLAUDE_CONFIG_DIR')).toBe('unset CLAUDE_CONFIG_DIR');
    expect(unsetEnv('fish', 'CLAUDE_CONFIG_DIR')).toBe('set -e CLAUDE_CONFIG_DIR');
    expect(unsetEnv('pwsh', 'CLAUDE_CONFIG_DIR')).toMatch(/^Remove-Item Env:CLAUDE_CONFIG_DIR/);
  });
});

describe('shell names', () => {
  it('reads names and paths, and guesses from $SHELL or the platform', () => {
    expect(parseShell('/usr/local/bin/fish')).toBe('fish');
    expect(parseShell('powershell.exe')).toBe('pwsh');
    expect(parseShell('C:\\Program Files\\PowerShell\\7\\pwsh.exe')).toBe('pwsh');
    expect(parseShell('tcsh')).toBeNull();
    expect(detectShell({ SHELL: '/bin/zsh' }, 'darwin')).toBe('zsh');
    expect(detectShell({ SHELL: '/bin/tcsh' }, 'linux')).toBe('bash');
    expect(detectShell({}, 'linux')).toBe('bash');
    expect(detectShell({ SHELL: '/bin/zsh' }, 'win32')).toBe('pwsh');
  });
});

describe('the command-tree spec', () => {
  const spec = completionSpec(buildProgram());
  const byPath = Object.fromEntries(allCommands(spec).map((c) => [c.path.join(' '), c]));

  it('has every command and subcommand of the real program', () => {
    for (const p of ['status', 'accounts', 'accounts list', 'accounts add', 'config get', 'init', 'use', 'pick', 'completion', 'run', 'current']) {
      expect(byPath[p], p).toBeDefined();
    }
    expect(byPath[''].commands.map((c) => c.name)).toContain('help');
  });

  it('knows which arguments are existing account ids', () => {
    expect(byPath['status'].args[0]).toMatchObject({ variadic: true, value: { kind: 'accounts' } });
    expect(byPath['use'].args[0].value.kind).toBe('accounts');
    expect(byPath['run'].args[0].value.kind).toBe('accounts');
    expect(byPath['run'].args[1]).toMatchObject({ variadic: true, value: { kind: 'path' } });
    expect(byPath['accounts remove'].args[0].value.kind).toBe('accounts');
    // a new id is not one of the existing ones
    expect(byPath['accounts add'].args[0].value.kind).toBe('text');
    expect(byPath['accounts import'].args[0].value.kind).toBe('text');
    expect(byPath['init'].args[0].value).toEqual({ kind: 'choices', choices: ['bash', 'zsh', 'fish', 'pwsh'] });
    expect(byPath['config get'].args[0].value).toMatchObject({ kind: 'choices' });
    expect((byPath['config get'].args[0].value as any).choices).toContain('warningHours');
  });

  it('reads options, their values, and leaves hidden ones out', () => {
    const add = byPath['accounts add'].options;
    expect(add.find((o) => o.long === '--dir')).toMatchObject({ short: '-d', value: { kind: 'path' } });
    expect(add.find((o) => o.long === '--create')).toMatchObject({ value: null });
    expect(byPath['use'].options.find((o) => o.long === '--shell')?.value).toMatchObject({ kind: 'choices' });
    expect(byPath['completion'].options.find((o) => o.long === '--accounts')).toBeUndefined();
    expect(spec.globalOptions.map((o) => o.long)).toEqual(expect.arrayContaining(['--no-color', '--demo', '--demo-dir', '--help']));
  });

  it('picks up commands added by anyone, in all four scripts', () => {
    const program = buildProgram();
    const extra = program.command('zz-newcommand').description("someone's new command: with [brackets] and 'quotes'");
    extra.argument('[ids...]', 'accounts').option('--zz-flag <file>', 'a file');
    program.command('zz-secret', { hidden: true });
    const s = completionSpec(program);
    for (const script of [bashCompletion(s), zshCompletion(s), fishCompletion(s), pwshCompletion(s)]) {
      expect(script).toContain('zz-newcommand');
      expect(script).toContain('zz-flag');
      expect(script).not.toContain('zz-secret');
    }
  });
});

describe('generated scripts', () => {
  const spec = completionSpec(buildProgram());

  it('PowerShell scripts are ASCII and carry the tree as JSON PowerShell can read', () => {
    for (const text of [pwshCompletion(spec), initScript('pwsh', spec)]) {
      expect(text).toMatch(/^[\x09\x0a\x0d\x20-\x7e]*$/);
    }
    const text = pwshCompletion(spec);
    const json = /@'\n(.*)\n'@/.exec(text)?.[1];
    expect(json).toBeDefined();
    const tree = JSON.parse(json!);
    expect(Object.keys(tree.root.c)).toEqual(expect.arrayContaining(['status', 'accounts', 'run', 'use']));
    expect(tree.root.c.status.a).toEqual(['accounts']);
    expect(tree.root.c.status.v).toBe(true);
    expect(tree.root.c.accounts.c.add.o).toContainEqual(['--dir', expect.any(String), 'path']);
    expect(tree.g.map((o: string[]) => o[0])).toContain('--no-color');
    // the description with a typographic apostrophe survives as \u escapes
    expect(JSON.parse(json!).root.c.status.d).toContain('account\u2019s');
  });

  it('PowerShell scripts have balanced braces and parentheses outside strings and comments', () => {
    // No pwsh on this machine: at least catch a generator that drops a brace or a quote.
    for (const text of [pwshCompletion(spec), initScript('pwsh', spec)]) {
      const code = text
        .replace(/@'\n[\s\S]*?\n'@/g, 'S')
        .replace(/'(?:[^']|'')*'/g, 'S')
        .replace(/"(?:[^"`]|`.)*"/g, 'S')
        .replace(/#.*$/gm, '');
      expect(code).not.toMatch(/['"]/);
      const stack: string[] = [];
      const pairs: Record<string, string> = { '}': '{', ')': '(', ']': '[' };
      for (const ch of code) {
        if ('{(['.includes(ch)) stack.push(ch);
        else if (ch in pairs) expect(stack.pop()).toBe(pairs[ch]);
      }
      expect(stack).toEqual([]);
    }
  });

  it('init scripts define the four functions and call ctk from PATH', () => {
    for (const shell of SHELLS) {
      const text = initScript(shell, spec);
      for (const f of ['c', 'ct', 'ct-all', 'ct-refresh']) expect(text, `${shell} ${f}`).toMatch(new RegExp(`function (global:)?${f}\\b`));
      expect(text).toMatch(new RegExp(` use --shell ${shell} `));
      expect(text).toMatch(/ pick\b/);
    }
    expect(initScript('bash', spec)).toMatch(/command ctk use --shell bash -- "\$__ctk_id"/);
    expect(initScript('zsh', spec)).toMatch(/compdef __ctk_complete_account c ct ct-refresh/);
    expect(initScript('fish', spec)).toMatch(/complete -c c -n .* -a '\(__ctk_accounts\)'/);
    expect(initScript('pwsh', spec)).toMatch(/Register-ArgumentCompleter -CommandName c, ct, ct-refresh -ParameterName id/);
    // PowerShell runs the ctk executable found on PATH, never a function of that name
    expect(initScript('pwsh', spec)).toMatch(/Get-Command -Name ctk -CommandType Application, ExternalScript/);
  });

  it('quotes descriptions for each shell', () => {
    const program = new Command('ctk');
    program.command('x').description("it's [odd]: $HOME `x` \\ \"q\"").option('--y', "it's: [y]");
    const s = completionSpec(program);
    expect(zshCompletion(s)).toContain(`'--y[it'\\''s\\: \\[y\\]]'`);
    expect(fishCompletion(s)).toContain(`-d 'it\\'s: [y]'`);
  });
});

const row = (id: string, extra: Partial<PickRow> = {}): PickRow => ({
  id,
  label: null,
  email: `dev${id}@example.com`,
  state: 'healthy',
  msLeft: 5 * H,
  current: false,
  ...extra,
});

describe('picker model', () => {
  const rows = [row('1'), row('12', { label: 'team alpha' }), row('100'), row('101', { current: true }), row('work', { email: 'me@corp.example' })];

  it('puts the current account first and keeps the rest in order', () => {
    expect(orderRows(rows).map((r) => r.id)).toEqual(['101', '1', '12', '100', 'work']);
  });

  it('filters by id first, then label and email', () => {
    expect(filterRows(rows, '1').map((r) => r.id)).toEqual(['1', '12', '100', '101']);
    expect(filterRows(rows, '10').map((r) => r.id)).toEqual(['100', '101']);
    expect(filterRows(rows, 'alpha').map((r) => r.id)).toEqual(['12']);
    expect(filterRows(rows, 'corp').map((r) => r.id)).toEqual(['work']);
    expect(filterRows(rows, 'TEAM Alpha').map((r) => r.id)).toEqual(['12']);
    expect(filterRows(rows, 'nothing')).toEqual([]);
    expect(filterRows(rows, '  ')).toEqual(rows);
  });

  it('shows the state with the time left', () => {
    expect(stateText({ state: 'healthy', msLeft: 7.2 * H })).toBe('healthy 7.2 h');
    expect(stateText({ state: 'expiring', msLeft: 45 * 60_000 })).toBe('expiring 45 min');
    expect(stateText({ state: 'expired', msLeft: -3 * H })).toBe('expired 3.0 h ago');
    expect(stateText({ state: 'revoked', msLeft: null })).toBe('revoked');
  });
});

const status = (state: AccountStatus['state'], msLeft: number | null, extra: Partial<AccountStatus> = {}): AccountStatus => ({
  id: '12',
  label: null,
  dir: '/x',
  email: 'dev12@example.com',
  subscriptionType: 'max',
  state,
  expiresAt: msLeft === null ? null : 1_800_000_000_000 + msLeft,
  msLeft,
  error: null,
  current: false,
  ...extra,
});

describe('token notices', () => {
  it('use: quiet for healthy, a warning when expiring, loud with the fix when dead', () => {
    expect(switchNotice(status('healthy', 5 * H))).toEqual({ severity: 'info', lines: ['switched to 12 (dev12@example.com) · healthy, 5.0 h left'] });
    expect(switchNotice(status('healthy', 5 * H), { switched: false }).lines).toEqual(['account 12 (dev12@example.com) · healthy, 5.0 h left']);
    const soon = switchNotice(status('expiring', 30 * 60_000));
    expect(soon.severity).toBe('warning');
    expect(soon.lines.join('\n')).toMatch(/expires in 30 min: ctk refresh 12/);
    for (const st of ['expired', 'revoked', 'missing'] as const) {
      const n = switchNotice(status(st, st === 'expired' ? -2 * H : null));
      expect(n.severity).toBe('danger');
      expect(n.lines.join('\n')).toMatch(/ctk refresh 12/);
    }
    expect(switchNotice(status('expired', -2 * H)).lines[0]).toMatch(/expired 2\.0 h ago/);
    expect(switchNotice(status('invalid', null, { error: 'not valid JSON' })).lines.join(' ')).toMatch(/not valid JSON.*ctk accounts validate/);
    expect(switchNotice(status('healthy', 5 * H, { error: 'signed in as a@b, registered as c@d' })).severity).toBe('warning');
  });

  it('use exit codes', () => {
    expect(useExitCode('healthy')).toBe(0);
    expect(useExitCode('expiring')).toBe(0);
    expect(useExitCode('expired')).toBe(2);
    expect(useExitCode('revoked')).toBe(2);
    expect(useExitCode('missing')).toBe(2);
    expect(useExitCode('invalid')).toBe(3);
  });

  it('run: refuses dead tokens, refreshes them when asked, warns under an hour', () => {
    const no = { refresh: false, alreadyRefreshed: false };
    const yes = { refresh: true, alreadyRefreshed: false };
    expect(preflight(status('healthy', 5 * H), no)).toEqual({ action: 'start', warning: null });
    const soon = preflight(status('expiring', 50 * 60_000), no);
    expect(soon.action === 'start' && soon.warning).toMatch(/expires in 50 min/);
    expect(preflight(status('expiring', 90 * 60_000), no)).toEqual({ action: 'start', warning: null });
    expect(preflight(status('expiring', 50 * 60_000), yes)).toEqual({ action: 'refresh' });
    const dead = preflight(status('expired', -H), no);
    expect(dead).toMatchObject({ action: 'refuse', exitCode: 2 });
    expect(dead.action === 'refuse' && dead.message).toMatch(/fix: ctk refresh 12/);
    expect(preflight(status('revoked', null), yes)).toEqual({ action: 'refresh' });
    const still = preflight(status('expired', -H), { refresh: true, alreadyRefreshed: true });
    expect(still).toMatchObject({ action: 'refuse', exitCode: 2 });
    expect(preflight(status('invalid', null), yes)).toMatchObject({ action: 'refuse', exitCode: 3 });
  });
});

describe('the fast path', async () => {
  const { matchFastPath: matchShellFastPath } = await import('../../src/fast-path.js');
  it('takes bare ctk, status with ids and --json, and accounts list --ids', () => {
    for (const args of [[], ['status'], ['status', '12', '--json'], ['accounts', 'list', '--ids']]) expect(matchShellFastPath(args), args.join(' ')).toBeTypeOf('function');
    for (const args of [['status', '-w', '4'], ['status', '--help'], ['accounts', 'list'], ['--demo']]) expect(matchShellFastPath(args), args.join(' ')).toBeNull();
  });
  it('takes only the exact shapes the shell functions run', () => {
    expect(matchShellFastPath(['completion', '--accounts'])).toBeTypeOf('function');
    expect(matchShellFastPath(['current'])).toBeTypeOf('function');
    expect(matchShellFastPath(['use', '--shell', 'bash', '--', '12'])).toBeTypeOf('function');
    expect(matchShellFastPath(['use', '12', '--shell', 'fish'])).toBeTypeOf('function');
    expect(matchShellFastPath(['use', '--shell', 'pwsh', '12'])).toBeTypeOf('function');
    for (const args of [
      ['completion', 'bash'],
      ['current', '--dir'],
      ['use', '12'],
      ['use', '--shell', 'tcsh', '--', '12'],
      ['use', '--shell', 'bash', '--', '-h'],
      ['use', '12', '--shell', 'bash', '--quiet'],
      ['use', '--help'],
    ]) {
      expect(matchShellFastPath(args), args.join(' ')).toBeNull();
    }
  });
});
