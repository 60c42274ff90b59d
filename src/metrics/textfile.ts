// <dir>/ctk.prom for node_exporter's textfile collector, written atomically: a temp file in the
// same folder whose name does not end in .prom (the collector skips it), fsync, rename. Mode
// 0644: node_exporter usually runs as another user, and the file holds no secret (emails only
// with --with-emails).
import fs from 'node:fs';
import path from 'node:path';
import { loadContext } from '../app/context.js';
import { expandHome } from '../config/paths.js';
import { hasControl } from '../domain/text.js';
import { UserError, errorCode, errorText } from '../util/errors.js';
import { writeFileAtomic } from '../util/private-fs.js';
import { metricsText, type MetricsFlags } from './collect.js';

export const TEXTFILE_NAME = 'ctk.prom';

/** The textfile folder as given (~ expanded, made absolute), checked to be an existing folder. */
export function textfileDir(given: string): string {
  if (hasControl(given)) throw new UserError('the textfile folder name contains a control character');
  const dir = path.resolve(expandHome(given));
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    throw new UserError(`${dir} does not exist; create it, or give the folder node_exporter reads (--collector.textfile.directory)`);
  }
  if (!st.isDirectory()) throw new UserError(`${dir} is not a folder; give the folder node_exporter reads (--collector.textfile.directory)`);
  return dir;
}

export function writeTextfile(dir: string, text: string): string {
  const file = path.join(dir, TEXTFILE_NAME);
  // 0644: node_exporter usually runs as another user, and the file holds no token.
  writeFileAtomic(file, text, { mode: 0o644 });
  return file;
}

/** Checks every account the way ctk status does and writes <dir>/ctk.prom; a failure is a UserError (exit 1). */
export function exportTextfile(dir: string, flags: MetricsFlags = {}, env: NodeJS.ProcessEnv = process.env): { file: string; accounts: number } {
  const m = metricsText(loadContext(env), [], flags);
  try {
    return { file: writeTextfile(dir, m.text), accounts: m.accounts };
  } catch (err) {
    throw new UserError(`could not write ${path.join(dir, TEXTFILE_NAME)}: ${errorCode(err)}`, 1);
  }
}

/** For ctk watch --textfile: the metrics file must never stop the watcher; a failure is a log line. */
export function exportTextfileOrLog(dir: string, flags: MetricsFlags, env: NodeJS.ProcessEnv, log: (line: string) => void): void {
  try {
    exportTextfile(dir, flags, env);
  } catch (err) {
    log(errorText(err));
  }
}
