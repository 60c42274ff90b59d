import { describe, expect, it } from 'vitest';
import { isWrongAccount, wrongAccountMessage } from '../../../src/domain/identity.js';

describe('pinned identity', () => {
  it('compares by uuid when both sides know it, else by email, case-insensitively', () => {
    expect(isWrongAccount({ email: 'A@x.com' }, { email: 'a@x.com', accountUuid: null })).toBe(false);
    expect(isWrongAccount({ email: 'a@x.com' }, { email: 'b@x.com', accountUuid: null })).toBe(true);
    expect(isWrongAccount({ email: 'a@x.com', accountUuid: 'u1' }, { email: 'a@x.com', accountUuid: 'u2' })).toBe(true);
    expect(isWrongAccount({ email: 'old@x.com', accountUuid: 'u1' }, { email: 'renamed@x.com', accountUuid: 'u1' })).toBe(false);
  });
  it('never calls an unknown side a mismatch', () => {
    expect(isWrongAccount({}, { email: 'a@x.com', accountUuid: 'u' })).toBe(false);
    expect(isWrongAccount({ email: 'a@x.com' }, { email: null, accountUuid: null })).toBe(false);
  });
  it('names both and fixes with the pinned email', () => {
    expect(wrongAccountMessage('3', { email: 'me@x.com' }, { email: 'them@x.com', accountUuid: null })).toBe(
      'signed in as them@x.com, but account 3 is me@x.com; log in as me@x.com: ctk refresh 3 --method login',
    );
  });
});
