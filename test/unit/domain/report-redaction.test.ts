import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { letterAlias, makeRedactor } from '../../../src/domain/report-redaction.js';

describe('report redaction', () => {
  const ctx = {
    accountIds: ['12', 'work', '3'],
    emails: { '12': 'dev12@example.com', work: 'alice@corp.example', '3': null },
    paths: ['/home/alice/.claude-12', '/home/alice/.claude-work'],
    home: '/home/alice',
    userName: 'alice',
    includeEmails: false,
  };
  it('letters accounts and scrubs emails, paths, home, user name and tokens from free text', () => {
    expect([0, 1, 25, 26, 27, 701, 702].map(letterAlias)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    const r = makeRedactor(ctx);
    expect([r.account('12'), r.account('work'), r.account('3'), r.account('gone')]).toEqual(['A', 'B', 'C', 'D']);
    expect(r.text('invalid_grant for alice@corp.example in /home/alice/.claude-work/.credentials.json')).toBe('invalid_grant for <email> in <path>/.credentials.json');
    expect(r.text('see /home/alice/notes and C:\\Users\\alice\\x and /opt/other/place')).toBe('see ~/notes and <path> and <path>');
    expect(r.text('token sk-ant-ort01-abcDEF_123 leaked by alice')).toBe('token [token] leaked by <user>');
    expect(r.text('run ctk refresh 12; account work; 12 hours; framework')).toBe('run ctk refresh A; account B; 12 hours; framework');
  });
  it('with --include-emails shows ids and emails but never paths or tokens', () => {
    const r = makeRedactor({ ...ctx, includeEmails: true });
    expect(r.account('12')).toBe('12 <dev12@example.com>');
    expect(r.account('3')).toBe('3');
    expect(r.text('alice@corp.example in /home/alice/.claude-work sk-ant-oat01-x')).toBe('alice@corp.example in <path> [token]');
  });
});
