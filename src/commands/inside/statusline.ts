// ctk statusline: the command for Claude Code's `statusLine` setting. It runs on every render,
// so it stays on the fast path (no prompt, task-list or HTTP library), and it never fails the
// status line: whatever happens, one short line on stdout, exit 0, nothing on stderr.
import { checkCurrentAccount } from '../../app/current-account.js';
import { parseStatusInput, sameWindows, statusLineText, unknownAccountLine, type StatusInput } from '../../domain/statusline.js';
import { readUsageCache, saveUsageCache } from '../../usage/cache.js';
import { readStdinText } from '../../util/stdin.js';

/** A sample identical to the cached one is rewritten only after this long (renders come often). */
const REWRITE_AFTER_MS = 60_000;

/** Claude Code's own figures become the account's cached usage: `ctk usage` and `c` read them. */
function recordSample(id: string, dir: string, input: StatusInput, now: number): void {
  if (!input.windows) return;
  const cached = readUsageCache().accounts[id];
  if (cached && cached.dir === dir && sameWindows(cached.windows, input.windows) && now - cached.fetchedAt < REWRITE_AFTER_MS && now >= cached.fetchedAt) return;
  saveUsageCache({ fresh: { [id]: { dir, fetchedAt: now, windows: input.windows } }, retryAfter: {} }, now);
}

export function statusLine(text: string, now = Date.now()): string {
  const input = parseStatusInput(text);
  const found = checkCurrentAccount(input.cwd, process.env, now);
  if (!found) return unknownAccountLine(process.env.CLAUDE_CONFIG_DIR);
  const { account, status: s, pinConflict } = found;
  try {
    recordSample(account.id, account.dir, input, now);
  } catch {
    /* a read-only state folder must not cost the user the status line */
  }
  return statusLineText(
    { id: s.id, label: s.label, email: s.email, state: s.state, msLeft: s.msLeft, loginExpiresAt: s.loginExpiresAt, loginEnding: s.loginEnding, windows: input.windows, pinnedTo: pinConflict?.id ?? null },
    now,
  );
}

export async function run(): Promise<number> {
  let line: string;
  try {
    line = statusLine(await readStdinText());
  } catch {
    line = 'ctk ? · cannot read ctk’s config (run ctk doctor)';
  }
  process.stdout.write(line + '\n');
  return 0;
}
