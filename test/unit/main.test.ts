import { describe, expect, it } from 'vitest';
import { withDefaultCommand } from '../../src/main.js';

describe('bare ctk', () => {
  const argv = (...a: string[]) => ['node', 'ctk', ...a];
  it('is the assistant on a terminal and the status off one, global options kept', () => {
    expect(withDefaultCommand(argv(), true)).toEqual(argv('shell'));
    expect(withDefaultCommand(argv())).toEqual(argv('status'));
    expect(withDefaultCommand(argv('--demo', '--demo-dir', '/d', '--no-color'), true)).toEqual(argv('--demo', '--demo-dir', '/d', '--no-color', 'shell'));
    expect(withDefaultCommand(argv('--demo'), false)).toEqual(argv('--demo', 'status'));
    expect(withDefaultCommand(argv('refresh', '4'), true)).toEqual(argv('refresh', '4'));
  });
});
