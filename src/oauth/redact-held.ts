// Redacting the tokens a refresh holds from its messages (DESIGN §5): a server may echo a token
// without its `sk-ant-…` prefix (e.g. in error_description), which the shape-based redact() in
// ../util/redact.ts cannot see. Any run of text that shares 8 or more characters with the secret
// part of a held token becomes "[token]", then redact() handles token-shaped strings.
import { redact } from '../util/redact.js';

const FRAGMENT = 8;
const PREFIX = /^sk-ant-[a-z]+\d*-/;

export function redactHeld(text: string, held: readonly string[]): string {
  const grams = new Set<string>();
  for (const t of held) {
    const body = t.replace(PREFIX, '');
    for (let i = 0; i + FRAGMENT <= body.length; i++) grams.add(body.slice(i, i + FRAGMENT));
  }
  if (grams.size === 0 || text.length < FRAGMENT) return redact(text);
  const hit = new Uint8Array(text.length);
  let any = false;
  for (let i = 0; i + FRAGMENT <= text.length; i++) {
    if (grams.has(text.slice(i, i + FRAGMENT))) {
      hit.fill(1, i, i + FRAGMENT);
      any = true;
    }
  }
  if (!any) return redact(text);
  let out = '';
  for (let i = 0; i < text.length; ) {
    if (!hit[i]) {
      out += text[i++];
      continue;
    }
    while (i < text.length && hit[i]) i++;
    out += '[token]';
  }
  return redact(out);
}
