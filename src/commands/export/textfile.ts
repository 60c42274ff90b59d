// ctk export textfile <dir>: the Prometheus metrics of `ctk status --format prometheus`, written
// atomically to <dir>/ctk.prom for node_exporter's textfile collector.
import { exportTextfile, textfileDir } from '../../metrics/textfile.js';

export interface TextfileOptions {
  withEmails?: boolean;
  warningHours?: number;
  loginWarningDays?: number;
  quiet?: boolean;
}

export async function run(dirArg: string, opts: TextfileOptions): Promise<number> {
  const { file, accounts } = exportTextfile(textfileDir(dirArg), opts);
  if (!opts.quiet) process.stdout.write(`Wrote ${file}: ${accounts} account${accounts === 1 ? '' : 's'}.\n`);
  return 0;
}
