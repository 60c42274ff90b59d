// Text from files and folder names reaches the terminal only as printable characters: a C0 or C1
// control character (an ESC sequence could retitle the terminal or hide text) is shown escaped.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;

export function hasControl(s: string): boolean {
  CONTROL.lastIndex = 0;
  return CONTROL.test(s);
}

/** "a\x1b]0;x" → "a\x1b]0;x" as visible characters; plain text unchanged. */
export function printable(s: string): string {
  return s.replace(CONTROL, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
