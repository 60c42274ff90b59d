// ctk doctor: are the files `ctk init <shell> --write` wrote still what this ctk would write?
// Read-only. `expected` gives the text this ctk writes for a record (the caller builds it).
import type { InitFileRecord } from '../config/init-files.js';
import { fail, note, pass, type DoctorLine } from '../domain/doctor.js';
import { stampVersion } from '../domain/init-stamp.js';
import { readStateText } from '../util/fs.js';

export interface InitFileExpectation {
  text: string;
  /** The command that writes the file again. */
  rewrite: string;
}

export function initFileChecks(records: InitFileRecord[], version: string, expected: (r: InitFileRecord) => InitFileExpectation): DoctorLine[] {
  return records.map((r) => {
    const want = expected(r);
    const text = readStateText(r.file, 4 * 1024 * 1024);
    if (text === null) return note('shell', `${r.file} (from ctk init ${r.shell} --write) is gone; to write it again: ${want.rewrite}`);
    const v = stampVersion(text);
    if (v !== version) {
      return fail('shell', `${r.file} was written by ${v ? `ctk ${v}` : 'another program'}, this is ctk ${version}: new shells load old functions`, want.rewrite);
    }
    if (text !== want.text) return fail('shell', `${r.file} is not what this ctk writes (edited by hand, or from another build)`, want.rewrite);
    return pass('shell', `${r.file} is up to date (ctk ${version}, ${r.shell})`);
  });
}
