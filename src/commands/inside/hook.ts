// ctk hook session-start: Claude Code's SessionStart hook. It warns (JSON `systemMessage`) about
// this account's token, login deadline, a wrong sign-in or a folder pinned to another account.
// Like the status line, it never fails the session: exit 0, nothing on stderr.
import { checkCurrentAccount } from '../../app/current-account.js';
import { redact } from '../../domain/redact.js';
import { sessionStartOutput, sessionStartWarnings } from '../../domain/session-start.js';
import { readStdinText } from '../../util/stdin.js';

function cwdOf(text: string): string | null {
  try {
    const raw = JSON.parse(text);
    return typeof raw?.cwd === 'string' ? raw.cwd : null;
  } catch {
    return null;
  }
}

export async function sessionStart(): Promise<number> {
  try {
    const input = await readStdinText();
    const now = Date.now();
    const found = checkCurrentAccount(cwdOf(input) ?? process.cwd(), process.env, now);
    if (found) process.stdout.write(redact(sessionStartOutput(sessionStartWarnings(found.status, found.pinConflict, now))));
  } catch {
    /* a broken ctk config must not break the user's session */
  }
  return 0;
}
