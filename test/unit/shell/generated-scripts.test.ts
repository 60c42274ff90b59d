import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../../src/accounts/check.js';
import { buildProgram } from '../../../src/program/index.js';
import { fishCompletion } from '../../../src/shell/complete-fish.js';
import { pwshCompletion } from '../../../src/shell/complete-pwsh.js';
import { zshCompletion } from '../../../src/shell/complete-zsh.js';
import { initScript } from '../../../src/shell/init-scripts.js';
import { SHELLS } from '../../../src/domain/shells.js';
import { completionSpec } from '../../../src/shell/spec.js';

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
