// Switch: make sure the account's folder is still there and note what it holds before the
// attempt. Nothing global changes: a login gets CLAUDE_CONFIG_DIR for claude only.
import { previewNothing, switchTitle, vanishedFolder } from '../../../domain/routine-text.js';
import { classify } from '../../../domain/token-state.js';
import type { AccountScope, RoutineTask } from '../state.js';

export function switchStep({ deps, opts, acc }: AccountScope): RoutineTask {
  return {
    title: 'Switch',
    skip: () => opts.dryRun && previewNothing('Switch'),
    task: (_state, t) => {
      const { account } = acc;
      if (!account.implicit && !deps.folderExists(account.dir)) throw acc.fail(vanishedFolder(account.id, account.dir));
      const before = classify(deps.readCredentials(account), deps.now(), 0).expiresAt;
      acc.switched(before, account.email ?? deps.readEmail(account) ?? acc.status.email ?? null);
      t.title = switchTitle({ method: acc.method, implicit: account.implicit, dir: account.dir, credentials: () => deps.describeCredentials(account) });
    },
  };
}
