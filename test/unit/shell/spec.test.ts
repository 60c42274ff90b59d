import { describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../../src/accounts/check.js';
import { buildProgram } from '../../../src/program/index.js';
import { bashCompletion } from '../../../src/shell/complete-bash.js';
import { fishCompletion } from '../../../src/shell/complete-fish.js';
import { pwshCompletion } from '../../../src/shell/complete-pwsh.js';
import { zshCompletion } from '../../../src/shell/complete-zsh.js';
import { allCommands, completionSpec } from '../../../src/shell/spec.js';

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
