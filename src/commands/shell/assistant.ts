// ctk shell (and bare `ctk` on a terminal): the assistant, a prompt for the whole day.
import { UserError } from '../../util/errors.js';

export async function run(): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError('ctk shell needs a terminal; in scripts run the commands themselves (ctk status, ctk refresh …)');
  }
  const { startAssistant } = await import('../../assistant/session.js');
  return startAssistant();
}
