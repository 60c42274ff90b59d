// A file directly inside a folder. Same result as path.join(dir, name) for the absolute
// folders the registry holds, at a fraction of the cost (status does this thousands of times).
import path from 'node:path';

export function childPath(dir: string, name: string): string {
  const last = dir[dir.length - 1];
  return last === path.sep || last === '/' ? dir + name : dir + path.sep + name;
}
