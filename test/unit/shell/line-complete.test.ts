import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/program/index.js';
import { completeWord } from '../../../src/shell/line-complete.js';
import { completionSpec } from '../../../src/shell/spec.js';

describe('completing one typed line (the assistant)', () => {
  const spec = completionSpec(buildProgram());
  const ids = ['1', '2', '10', '11', '100', 'work'];
  const complete = (line: string) => {
    const words = line.split(' ');
    const partial = words.pop()!;
    return completeWord(spec, ids, words.filter(Boolean), partial);
  };

  it('completes commands, subcommands and flags from the program itself', () => {
    expect(complete('ref')).toEqual(['refresh']);
    expect(complete('s')).toEqual(expect.arrayContaining(['status', 'shell', 'schedule']));
    expect(complete('accounts l')).toEqual(['list']);
    expect(complete('refresh --dr')).toEqual(['--dry-run']);
    expect(complete('status --j')).toEqual(['--json']);
    // Global options too (commander reads them after any command).
    expect(complete('status --no-c')).toEqual(['--no-color']);
  });

  it('completes account ids, in registry order, also after a comma', () => {
    expect(complete('refresh 1')).toEqual(['1', '10', '11', '100']);
    expect(complete('refresh 4 w')).toEqual(['work']);
    expect(complete('status 2,1')).toEqual(['2,1', '2,10', '2,11', '2,100']);
    // A new id is not one of the existing ones.
    expect(complete('accounts add 1')).toEqual([]);
  });

  it('completes flag values and choices, and nothing after -- of run', () => {
    expect(complete('refresh --method ')).toEqual(['auto', 'oauth', 'login']);
    expect(complete('init f')).toEqual(['fish']);
    expect(complete('refresh --hours ')).toEqual([]);
    expect(complete('run 1 -- --re')).toEqual([]);
    expect(complete('run 1')).toEqual(['1', '10', '11', '100']);
  });
});
