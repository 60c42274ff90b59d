// Tokens never reach output. Anything shaped like an Anthropic token becomes "[token]" (with or
// without its "sk-ant-" prefix: a server may echo "ort01-…"), and so does every token value this
// process has read and any fragment of one of 8 characters or more (a server, a proxy or a
// hand-edited file may quote part of it). Pure: the values are remembered in memory only.

const SHAPES = /sk-ant-[A-Za-z0-9_-]*|\b(?:oat|ort|api|sid|admin)\d\d-[A-Za-z0-9_-]{4,}/g;
/** A fragment this long or longer of a known token is redacted wherever it appears. */
export const FRAGMENT = 8;

const known = new Set<string>();
let grams: Set<string> | null = null;

/** Remembers a secret value read in this process (a token, a key), so no part of it is ever printed. */
export function rememberSecret(value: unknown): void {
  if (typeof value !== 'string' || value.length < FRAGMENT || known.has(value)) return;
  known.add(value);
  // Kept up to date rather than rebuilt: status reads a secret and redacts a row, 1000 times over.
  if (grams) addGrams(grams, value);
}

function addGrams(set: Set<string>, v: string): void {
  for (let i = 0; i + FRAGMENT <= v.length; i++) set.add(v.slice(i, i + FRAGMENT));
}

const SECRET_KEY = /token|secret|key|password/i;

/** Remembers every string under a secret-looking key anywhere in a parsed payload. */
export function rememberSecretsIn(obj: unknown, depth = 0): void {
  if (obj === null || typeof obj !== 'object' || depth > 6) return;
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    if (typeof v === 'string') {
      if (SECRET_KEY.test(k)) rememberSecret(v);
    } else rememberSecretsIn(v, depth + 1);
  }
}

function fragments(): Set<string> {
  if (grams) return grams;
  grams = new Set();
  for (const v of known) addGrams(grams, v);
  return grams;
}

function redactKnown(text: string): string {
  if (known.size === 0 || text.length < FRAGMENT) return text;
  const g = fragments();
  const ranges: [number, number][] = [];
  for (let i = 0; i + FRAGMENT <= text.length; i++) {
    if (!g.has(text.slice(i, i + FRAGMENT))) continue;
    // Every 8-character window of a fragment is a window of the token: the union is the fragment.
    const last = ranges[ranges.length - 1];
    if (last && i <= last[1]) last[1] = i + FRAGMENT;
    else ranges.push([i, i + FRAGMENT]);
  }
  if (ranges.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [a, b] of ranges) {
    out += text.slice(at, a) + '[token]';
    at = b;
  }
  return out + text.slice(at);
}

export function redact(text: string): string {
  return redactKnown(text.replace(SHAPES, '[token]'));
}

/** Redacts every string in a value (for JSON output and records), keys and numbers untouched. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  return value;
}
