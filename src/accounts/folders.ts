// Account folders as the registry rules want them: from the dirPattern setting, absolute, present.
import fs from 'node:fs';
import path from 'node:path';
import { expandHome } from '../config/paths.js';
import { UserError } from '../util/errors.js';

export function dirFromPattern(pattern: string, id: string): string {
  if (!pattern.includes('{id}')) throw new UserError(`folder pattern "${pattern}" has no {id} in it`);
  return expandHome(pattern.split('{id}').join(id));
}

export function checkDir(dir: string, id: string, mustExist: boolean): void {
  if (!path.isAbsolute(dir)) throw new UserError(`folder for ${id} must be an absolute path (got "${dir}")`);
  if (!mustExist) return;
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    throw new UserError(`folder ${dir} for ${id} does not exist (create it, or pass --create)`);
  }
  if (!st.isDirectory()) throw new UserError(`${dir} for ${id} is not a folder`);
}

export function sameDir(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}
