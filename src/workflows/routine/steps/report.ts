// Report: a verified refresh ends the attempt as refreshed, with its history line (the
// browserless refresh wrote its own).
import { formatDurationShort } from '../../../domain/duration.js';
import { notVerified, reportText } from '../../../domain/routine-text.js';
import { formatLocalTime } from '../../../ui/time.js';
import type { AccountScope, RoutineTask } from '../state.js';

export function reportStep({ deps, acc, attempt, headline }: AccountScope): RoutineTask {
  return {
    title: 'Report',
    skip: () => !acc.attempting(attempt),
    task: (_state, t) => {
      // Only a verified refresh counts as done.
      if (acc.newExpiresAt === null) throw acc.fail(notVerified(acc.id));
      const row = acc.finish('refreshed', { reason: acc.note });
      const text = reportText(formatLocalTime(acc.newExpiresAt, deps.now()), row.lifespanMs !== null ? formatDurationShort(row.lifespanMs) : null);
      t.title = `Report: ${text}`;
      headline(`  ✔ ${text}`);
    },
  };
}
