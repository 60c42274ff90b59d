// The first line of a file written by `ctk init <shell> --write <file>`: which ctk wrote it and
// the command that writes it again, so `ctk doctor` (and a reader) can tell it is stale. Pure.

const STAMP = /^# ctk (\S+) wrote this file;/;

export function stampLine(version: string, regenerate: string): string {
  return `# ctk ${version} wrote this file; after upgrading ctk, write it again: ${regenerate}`;
}

/** The version in a written file's first line, or null when it has no stamp. */
export function stampVersion(text: string): string | null {
  return STAMP.exec(text)?.[1] ?? null;
}
