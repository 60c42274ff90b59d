// Reading <dir>/.credentials.json read-only: never writes, chmods or creates anything, and never
// blocks: the file is opened O_NONBLOCK and must be a regular file (a FIFO or a device where the
// credentials should be is an `invalid` row, not a hung command).
import { childPath } from '../../util/child-path.js';
import { readRegularFile, type TextRead } from '../../util/fs.js';
import { MAX_CREDENTIALS_BYTES } from './parse.js';

export type { TextRead };

export const CREDENTIALS_FILE = '.credentials.json';

export function credentialsFilePath(credentialsDir: string): string {
  return childPath(credentialsDir, CREDENTIALS_FILE);
}

export function readCredentialsText(file: string): TextRead {
  return readRegularFile(file, MAX_CREDENTIALS_BYTES, 'credentials file');
}
