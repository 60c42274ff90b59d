// One account row as checkAccount returns it, for pure tests: healthy, 1 h left at `now`, with
// whatever the test overrides.
import type { AccountStatus } from '../../src/domain/account.js';

export function statusRow(id: string, now: number, over: Partial<AccountStatus> = {}): AccountStatus {
  return {
    id,
    label: null,
    dir: `/accounts/${id}`,
    email: `dev${id}@example.com`,
    subscriptionType: 'max',
    state: 'healthy',
    expiresAt: now + 3_600_000,
    msLeft: 3_600_000,
    error: null,
    current: false,
    storage: 'file',
    note: null,
    expectedEmail: null,
    loginExpiresAt: null,
    loginEnding: false,
    ...over,
  };
}

/** A row in `state` with `msLeft` to go at `now` (null: no expiry), as the alert and assistant tests build them. */
export function stateRow(id: string, now: number, state: AccountStatus['state'], msLeft: number | null = null, over: Partial<AccountStatus> = {}): AccountStatus {
  return statusRow(id, now, {
    state,
    expiresAt: msLeft === null ? null : now + msLeft,
    msLeft,
    error: state === 'invalid' ? 'credentials file is not valid JSON' : null,
    ...over,
  });
}
