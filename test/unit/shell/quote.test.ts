import { describe, expect, it } from 'vitest';
import { assignEnv, quoteFish, quotePosix, quotePwsh, unsetEnv } from '../../../src/domain/shell-quote.js';
import { SHELLS } from '../../../src/domain/shells.js';

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
