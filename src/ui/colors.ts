// Colour on only for terminals, and never with NO_COLOR or --no-color.
import type pcType from 'picocolors';
import { lazyRequire } from '../util/lazy-require.js';
import type { TokenState } from '../domain/token-state.js';

export type Colors = ReturnType<typeof pcType.createColors>;

let enabled: boolean | undefined;

export function setColorEnabled(on: boolean): void {
  enabled = on;
}

export function colorWanted(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (enabled !== undefined) return enabled;
  if ('NO_COLOR' in env && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

const identity = (s: unknown) => String(s);
/** Without colour every painter returns its text unchanged (and picocolors is never loaded). */
const PLAIN = new Proxy({} as Colors, { get: (_t, key) => (key === 'isColorSupported' ? false : identity) });

export function colors(stream?: NodeJS.WriteStream): Colors {
  if (!colorWanted(stream)) return PLAIN;
  const pc = lazyRequire('picocolors') as typeof pcType;
  return pc.createColors(true);
}

export function paintState(c: Colors, state: TokenState, text: string = state): string {
  switch (state) {
    case 'healthy':
      return c.green(text);
    case 'expiring':
      return c.yellow(text);
    case 'expired':
    case 'revoked':
    case 'missing':
      return c.red(text);
    case 'invalid':
      return c.magenta(text);
    case 'wrong-account':
      return c.bold(c.red(text));
  }
}

export const STATE_ICON: Record<TokenState, string> = {
  healthy: '●',
  expiring: '◐',
  expired: '○',
  revoked: '✕',
  missing: '?',
  invalid: '!',
  'wrong-account': '≠',
};
