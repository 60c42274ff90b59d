// Who an account is meant to be (pinned in the registry) and who its folder is signed in as:
// pure comparisons.

export interface PinnedIdentity {
  email?: string | null;
  accountUuid?: string | null;
}

export interface SignedIn {
  email: string | null;
  accountUuid: string | null;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The folder is signed in as someone other than the pinned identity: by account uuid when both
 * are known (emails can change), else by email. Unknown on either side is not a mismatch.
 */
export function isWrongAccount(pinned: PinnedIdentity, actual: SignedIn): boolean {
  if (pinned.accountUuid && actual.accountUuid) return !same(pinned.accountUuid, actual.accountUuid);
  if (pinned.email && actual.email) return !same(pinned.email, actual.email);
  return false;
}

/** The row's message for a wrong account, naming both and the fix that uses the pinned email. */
export function wrongAccountMessage(id: string, pinned: PinnedIdentity, actual: SignedIn): string {
  const expected = pinned.email ?? pinned.accountUuid ?? 'the pinned account';
  const who = actual.email ?? actual.accountUuid ?? 'another account';
  return `signed in as ${who}, but account ${id} is ${expected}; log in as ${expected}: ctk refresh ${id} --method login`;
}
