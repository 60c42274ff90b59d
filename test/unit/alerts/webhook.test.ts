import { describe, expect, it } from 'vitest';
import { transitions, webhookPayload, type CheckedAccount } from '../../../src/domain/alerts.js';
import { webhookRequest } from '../../../src/alerts/webhook.js';
import type { AccountStatus } from '../../../src/accounts/check.js';
import { stateRow } from '../../helpers/status-row.js';

const NOW = 1_800_000_000_000;
const H = 3_600_000;

const row = (id: string, state: CheckedAccount['state'], msLeft: number | null = null, extra: Partial<AccountStatus> = {}): AccountStatus => stateRow(id, NOW, state, msLeft, extra);

describe('webhook bodies', () => {
  const alert = transitions(null, [row('12', 'expiring', H, { label: 'work sk-ant-oat01-LEAK' })], NOW).alerts[0];

  it('is exactly the DESIGN shape in json format, with no token in it', () => {
    const req = webhookRequest(alert, 'json');
    const body = JSON.parse(req.body);
    expect(Object.keys(body)).toEqual(['event', 'account', 'expiresAt', 'msLeft', 'at']);
    expect(Object.keys(body.account)).toEqual(['id', 'label', 'email']);
    expect(body).toMatchObject({ event: 'token.expiring', account: { id: '12', email: 'dev12@example.com' }, expiresAt: NOW + H, msLeft: H, at: new Date(NOW).toISOString() });
    expect(req.body).not.toContain('sk-ant-');
    expect(webhookPayload(alert).event).toBe('token.expiring');
  });

  it('speaks Slack and ntfy', () => {
    const slack = webhookRequest(alert, 'slack');
    expect(JSON.parse(slack.body).text).toContain('account 12');
    expect(slack.body).not.toContain('sk-ant-');
    const ntfy = webhookRequest(alert, 'ntfy');
    expect(ntfy.headers.title).toBe('ctk: account 12 expires in 1.0 h');
    expect(ntfy.headers.priority).toBe('high');
    expect(ntfy.body).toContain('ctk refresh 12');
    expect(ntfy.body).not.toContain('sk-ant-');
  });

  it('encodes a non-ASCII ntfy title instead of breaking the request', () => {
    const a2 = { ...alert, account: { ...alert.account, id: 'zoë' } };
    const h = webhookRequest(a2, 'ntfy').headers.title;
    expect(h).toMatch(/^=\?UTF-8\?B\?/);
    expect(Buffer.from(h.slice(10, -2), 'base64').toString('utf8')).toContain('zoë');
  });
});
