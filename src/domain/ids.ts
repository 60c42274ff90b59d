// Account ids and id ranges such as "1-28,100-103".

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** Why an id is invalid, or null when it is fine. */
export function idProblem(id: string): string | null {
  if (id.length === 0) return 'an account id cannot be empty';
  if (id.length > 32) return `account id "${id.slice(0, 40)}" is longer than 32 characters`;
  if (!ID_PATTERN.test(id)) {
    return `account id "${id}" may only use letters, digits, ".", "_" and "-", and must start with a letter or digit`;
  }
  return null;
}

const MAX_RANGE = 10_000;

/**
 * Expands "1-28,100-103,work" into ids in the given order, without duplicates.
 * Throws an Error with a user-facing message on bad input.
 */
export function parseIdList(spec: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const parts = spec.split(',').map((p) => p.trim());
  if (parts.every((p) => p === '')) throw new Error('no account ids given (example: 1-28,100-103)');
  for (const part of parts) {
    if (part === '') throw new Error(`empty item in id list "${spec}"`);
    const range = /^(\d+)-(\d+)$/.exec(part);
    const ids: string[] = [];
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (from > to) throw new Error(`range "${part}" runs backwards (write ${to}-${from})`);
      if (to - from + 1 > MAX_RANGE) throw new Error(`range "${part}" has more than ${MAX_RANGE} ids`);
      for (let n = from; n <= to; n++) ids.push(String(n));
    } else {
      const problem = idProblem(part);
      if (problem) throw new Error(problem);
      ids.push(part);
    }
    for (const id of ids) {
      if (seen.has(id)) throw new Error(`id ${id} appears twice in "${spec}"`);
      seen.add(id);
      out.push(id);
    }
  }
  return out;
}

/** Orders ids the way people count them: numeric ids by value first, then names. */
export function compareIds(a: string, b: string): number {
  const na = /^\d+$/.test(a) ? Number(a) : NaN;
  const nb = /^\d+$/.test(b) ? Number(b) : NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  if (!Number.isNaN(na)) return -1;
  if (!Number.isNaN(nb)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
