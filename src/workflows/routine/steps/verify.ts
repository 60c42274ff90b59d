// Verify: done means a new expiry, later than before and in the future, for the expected account.
import { verifyRefresh } from '../../../domain/routine.js';
import { verifiedTitle, verifyFailed, wrongAccount } from '../../../domain/routine-text.js';
import { classify } from '../../../domain/token-state.js';
import { formatLocalTime } from '../../../ui/time.js';
import type { AccountScope, RoutineTask } from '../state.js';

export function verifyStep({ deps, acc, attempt, headline }: AccountScope): RoutineTask {
  return {
    title: 'Verify',
    skip: () => !acc.attempting(attempt),
    task: async (_state, t) => {
      const now = deps.now();
      const stored = deps.readCredentials(acc.account);
      const read = classify(stored, now, 0);
      const actualEmail = deps.readEmail(acc.account);
      const v = verifyRefresh({
        before: acc.before,
        after: read.state === 'missing' || read.state === 'invalid' || read.state === 'revoked' ? null : read.expiresAt,
        afterProblem: read.error,
        expectedEmail: acc.expectedEmail,
        actualEmail,
        now,
      });
      if (!v.ok && v.kind === 'wrong-account') {
        headline(`  ✖ ${v.message}`);
        const failure = wrongAccount(acc.id, v.message, acc.account.dir, actualEmail, acc.expectedEmail);
        throw acc.fail(failure, { signedInAs: actualEmail, wrongAccount: true });
      }
      if (!v.ok) throw acc.fail(verifyFailed(acc.id, v.message));
      acc.verified(v.expiresAt, v.note, attempt === 'login' && stored.kind === 'oauth' ? (stored.loginExpiresAt ?? null) : null);
      // The first verified login pins who the account is, when nothing pinned it before.
      if (attempt === 'login' && !acc.account.email && !acc.account.implicit) await deps.pinIdentity(acc.account);
      t.title = verifiedTitle(formatLocalTime(v.expiresAt, now), acc.expectedEmail);
    },
  };
}
