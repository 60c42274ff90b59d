// ctk's own version, from package.json (one place: --version, the report, the usage User-Agent).
import fs from 'node:fs';

export function ctkVersion(): string {
  try {
    return String(JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  } catch {
    return '0.0.0';
  }
}
