// Quoting a string so that each shell reads back exactly the same characters.
// Output is always one line (control characters are escaped) so that shells that split
// command output into lines (fish, PowerShell) still get the whole statement.
import type { Shell } from './shells.js';

const CONTROL = /[\x00-\x1f\x7f]/;

function hex2(c: string): string {
  return c.charCodeAt(0).toString(16).padStart(2, '0');
}

/** Splits text into runs of plain characters and single control characters. */
function runs(text: string): { plain: boolean; text: string }[] {
  const out: { plain: boolean; text: string }[] = [];
  let cur = '';
  for (const ch of text) {
    if (CONTROL.test(ch)) {
      if (cur) out.push({ plain: true, text: cur });
      cur = '';
      out.push({ plain: false, text: ch });
    } else cur += ch;
  }
  if (cur || out.length === 0) out.push({ plain: true, text: cur });
  return out;
}

/**
 * bash and zsh: single quotes keep everything literal ($, `, \, ", non-ASCII); a single
 * quote becomes '\'' and a control character $'\xHH'.
 */
export function quotePosix(text: string): string {
  return runs(text)
    .map((r) => (r.plain ? `'${r.text.replace(/'/g, `'\\''`)}'` : `$'\\x${hex2(r.text)}'`))
    .join('');
}

/** fish: inside single quotes only \ and ' are special; control characters go outside as \xHH. */
export function quoteFish(text: string): string {
  return runs(text)
    .map((r) => (r.plain ? `'${r.text.replace(/[\\']/g, (c) => '\\' + c)}'` : `\\x${hex2(r.text)}`))
    .join('');
}

// PowerShell treats the typographic single quotes like ' inside a single-quoted string.
const PWSH_QUOTES = /['\u2018\u2019\u201a\u201b]/g;

/**
 * PowerShell: a single-quoted string with quote characters doubled. Anything outside
 * printable ASCII is written as [char]0xNNNN and concatenated, so the statement survives
 * any console code page (Windows PowerShell decodes native output with the OEM code page).
 */
export function quotePwsh(text: string): string {
  const parts: string[] = [];
  let cur = '';
  const flush = () => {
    if (cur) parts.push(`'${cur.replace(PWSH_QUOTES, (q) => q + q)}'`);
    cur = '';
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) cur += text[i];
    else {
      flush();
      // UTF-16 code units: a surrogate pair becomes two [char]s, which concatenate back.
      parts.push(`[char]0x${code.toString(16).toUpperCase().padStart(4, '0')}`);
    }
  }
  flush();
  // Starting with a string literal makes every + a string concatenation.
  if (parts.length === 0 || !parts[0].startsWith("'")) parts.unshift("''");
  return parts.join(' + ');
}

export function quote(shell: Shell, text: string): string {
  switch (shell) {
    case 'bash':
    case 'zsh':
      return quotePosix(text);
    case 'fish':
      return quoteFish(text);
    case 'pwsh':
      return quotePwsh(text);
  }
}

/** The statement that sets an environment variable for the rest of the shell session. */
export function assignEnv(shell: Shell, name: string, value: string): string {
  switch (shell) {
    case 'bash':
    case 'zsh':
      return `export ${name}=${quotePosix(value)}`;
    case 'fish':
      return `set -gx ${name} ${quoteFish(value)}`;
    case 'pwsh':
      return `$env:${name} = ${quotePwsh(value)}`;
  }
}

/** The statement that removes an environment variable (for the implicit default account). */
export function unsetEnv(shell: Shell, name: string): string {
  switch (shell) {
    case 'bash':
    case 'zsh':
      return `unset ${name}`;
    case 'fish':
      return `set -e ${name}`;
    case 'pwsh':
      return `Remove-Item Env:${name} -ErrorAction SilentlyContinue`;
  }
}

// A backslash is plain only to PowerShell (Windows paths); to the others it escapes.
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
const PLAIN_PWSH_WORD = /^[A-Za-z0-9_@%+=:,./\\-]+$/;

/** A word as a user would type it in a preview or hint: quoted only when it needs it. */
export function quoteIfNeeded(word: string, shell: Shell): string {
  if ((shell === 'pwsh' ? PLAIN_PWSH_WORD : PLAIN_WORD).test(word)) return word;
  return shell === 'pwsh' ? quotePwsh(word) : shell === 'fish' ? quoteFish(word) : quotePosix(word);
}
