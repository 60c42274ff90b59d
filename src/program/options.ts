// Option values parsed once, where they are declared (commander's argParser): commands receive
// numbers, durations and id lists, never the text to parse again. A bad value is a one-line
// usage error (UserError, exit 64) that names the flag.
import { parseDuration, parseHours } from '../domain/duration.js';
import { parseIdList } from '../domain/ids.js';
import { UserError } from '../util/errors.js';

const asUserError = <T>(fn: () => T, prefix = ''): T => {
  try {
    return fn();
  } catch (err: any) {
    throw new UserError(`${prefix}${err.message}`);
  }
};

/** Hours such as 2 or 0.5. */
export const hours = (flag: string) => (text: string): number => asUserError(() => parseHours(text, flag));

/** Days such as 5 or 1.5 (at most 60). */
export const days = (flag: string) => (text: string): number => {
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || n > 60) throw new UserError(`${flag} takes a number of days from 0 to 60, such as 5 (got "${text}")`);
  return n;
};

/** A duration such as 45s, 15m or 1h30m, in ms, within [minMs, maxMs]. */
export const duration =
  (flag: string, range: { minMs?: number; maxMs?: number; hint?: string } = {}) =>
  (text: string): number => {
    const ms = asUserError(() => parseDuration(text), `${flag}: `);
    if ((range.minMs !== undefined && ms < range.minMs) || (range.maxMs !== undefined && ms > range.maxMs)) {
      throw new UserError(range.hint ?? `${flag} is out of range (got "${text}")`);
    }
    return ms;
  };

/** Minutes for one guided login, such as 10. */
export const loginMinutes = (text: string): number => {
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || n <= 0 || n > 24 * 60) throw new UserError(`--timeout takes minutes per login, such as 10 (got "${text}")`);
  return n;
};

/** A whole number of 1 or more. */
export const count = (flag: string, what: string) => (text: string): number => {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UserError(`${flag} takes a whole number of ${what}, such as 20 (got "${text}")`);
  return Number(text);
};

/** How many browserless refreshes run at once: 1 to 16 (the server is shared; keep it polite). */
export const concurrency = (text: string): number => {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 16) throw new UserError(`--concurrency takes a whole number from 1 to 16 (got "${text}")`);
  return Number(text);
};

/** A local time of day such as 21:30. */
export const clockTime = (flag: string) => (text: string): { hour: number; minute: number } => {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!m) throw new UserError(`${flag} takes a local time as HH:MM, such as 21:30 (got "${text}")`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
};

/** Ids, ranges and lists: "1-28,100-103". */
export const idList = (text: string): string[] => asUserError(() => parseIdList(text));

/** A TCP port, 0 to 65535 (0: let the system pick a free one). */
export const port = (text: string): number => {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new UserError(`--port takes a port number from 0 to 65535, such as 8377 (got "${text}")`);
  return Number(text);
};
