import { describe, expect, it } from 'vitest';
import { detectShell, parseShell } from '../../../src/domain/shells.js';

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
