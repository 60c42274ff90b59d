import { describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../../src/domain/account.js';
import type { HistoryEntry } from '../../../src/domain/history.js';
import { buildMetrics, escapeLabelValue, renderExposition } from '../../../src/domain/metrics.js';
import { H } from '../../helpers.js';
import { statusRow } from '../../helpers/status-row.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const DAY = 24 * H;

const row = (id: string, over: Partial<AccountStatus> = {}): AccountStatus =>
  statusRow(id, NOW, { expiresAt: NOW + 6 * H, msLeft: 6 * H, expectedEmail: `dev${id}@example.com`, loginExpiresAt: NOW + 20 * DAY, ...over });

function hist(account: string, result: HistoryEntry['result'], minutesAgo: number): HistoryEntry {
  return { at: new Date(NOW - minutesAgo * 60_000).toISOString(), account, method: 'oauth', result, oldExpiresAt: null, newExpiresAt: null, lifespanMs: null };
}

/** name{labels} → value, from the rendered text. */
function series(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

describe('buildMetrics', () => {
  const rows = [
    row('1', { label: 'work "main"' }),
    row('2', { state: 'expired', expiresAt: NOW - H, loginExpiresAt: null }),
    row('3', { state: 'missing', expiresAt: null, loginExpiresAt: null }),
    row('1', { state: 'invalid' }), // a duplicate id: the first row wins
  ];
  const history = [hist('1', 'refreshed', 120), hist('1', 'failed', 60), hist('1', 'refreshed', 30), hist('2', 'needs-login', 10), hist('2', 'skipped', 5), hist('9', 'failed', 1)];
  const usage = {
    '1': { dir: '/accounts/1', fetchedAt: NOW - 60_000, windows: { five_hour: { utilization: 37, resetsAt: null }, seven_day: { utilization: 61, resetsAt: null }, seven_day_opus: { utilization: 5, resetsAt: null } } },
    // A re-pointed id: the cached figures belong to another folder.
    '2': { dir: '/elsewhere', fetchedAt: NOW - 60_000, windows: { five_hour: { utilization: 90, resetsAt: null } } },
  };
  const text = renderExposition(buildMetrics({ rows, history, usage, now: NOW }));
  const s = series(text);

  it('gives every family HELP and TYPE, timestamps in seconds', () => {
    for (const name of ['ctk_token_expiry_timestamp_seconds', 'ctk_token_state', 'ctk_login_expiry_timestamp_seconds', 'ctk_usage_ratio', 'ctk_last_refresh_timestamp_seconds', 'ctk_last_refresh_success', 'ctk_refresh_attempts_total', 'ctk_refresh_failures_total', 'ctk_exporter_last_run_timestamp_seconds']) {
      expect(text).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'));
      expect(text).toMatch(new RegExp(`^# TYPE ${name} (gauge|counter)$`, 'm'));
    }
    expect(text).toMatch(/^# TYPE ctk_refresh_attempts_total counter$/m);
    expect(s.get('ctk_token_expiry_timestamp_seconds{account="1",label="work \\"main\\""}')).toBe((NOW + 6 * H) / 1000);
    expect(s.get('ctk_token_expiry_timestamp_seconds{account="2",label=""}')).toBe((NOW - H) / 1000);
    expect([...s.keys()].some((k) => k.startsWith('ctk_token_expiry_timestamp_seconds{account="3"'))).toBe(false);
    expect(s.get('ctk_login_expiry_timestamp_seconds{account="1",label="work \\"main\\""}')).toBe((NOW + 20 * DAY) / 1000);
    expect(s.get('ctk_exporter_last_run_timestamp_seconds')).toBe(NOW / 1000);
  });

  it('makes the token state one-hot, one series per state and account', () => {
    const states = [...s.entries()].filter(([k]) => k.startsWith('ctk_token_state{account="2"'));
    expect(states).toHaveLength(7);
    expect(states.filter(([, v]) => v === 1).map(([k]) => k)).toEqual(['ctk_token_state{account="2",label="",state="expired"}']);
    expect([...s.keys()].filter((k) => k.startsWith('ctk_token_state{account="1"')).length).toBe(7);
    expect(s.get('ctk_token_state{account="1",label="work \\"main\\"",state="healthy"}')).toBe(1);
  });

  it('reads usage ratios for the 5h and 7d windows of the account’s own folder only', () => {
    expect(s.get('ctk_usage_ratio{account="1",label="work \\"main\\"",window="5h"}')).toBe(0.37);
    expect(s.get('ctk_usage_ratio{account="1",label="work \\"main\\"",window="7d"}')).toBe(0.61);
    expect(text).not.toMatch(/opus/);
    expect(text).not.toMatch(/ctk_usage_ratio\{account="2"/);
  });

  it('counts refresh attempts and failures from history, and the last one’s time and result', () => {
    const l1 = 'account="1",label="work \\"main\\""';
    expect(s.get(`ctk_refresh_attempts_total{${l1}}`)).toBe(3);
    expect(s.get(`ctk_refresh_failures_total{${l1}}`)).toBe(1);
    expect(s.get(`ctk_last_refresh_success{${l1}}`)).toBe(1);
    expect(s.get(`ctk_last_refresh_timestamp_seconds{${l1}}`)).toBe((NOW - 30 * 60_000) / 1000);
    // A skipped account is not an attempt; needs-login is a failure.
    expect(s.get('ctk_refresh_attempts_total{account="2",label=""}')).toBe(1);
    expect(s.get('ctk_last_refresh_success{account="2",label=""}')).toBe(0);
    // No history: counters at 0, no last-refresh series; history of unknown accounts is left out.
    expect(s.get('ctk_refresh_attempts_total{account="3",label=""}')).toBe(0);
    expect(s.has('ctk_last_refresh_success{account="3",label=""}')).toBe(false);
    expect(text).not.toMatch(/account="9"/);
  });

  it('names no email, folder or plan unless asked for emails', () => {
    expect(text).not.toMatch(/example\.com|\/accounts\/|max/);
    const withEmails = renderExposition(buildMetrics({ rows, history, usage, now: NOW, withEmails: true }));
    expect(withEmails).toMatch(/ctk_token_expiry_timestamp_seconds\{account="2",label="",email="dev2@example.com"\}/);
    expect(withEmails).not.toMatch(/\/accounts\//);
  });
});

describe('the text format', () => {
  it('escapes label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(renderExposition([{ name: 'x', help: 'multi\nline', type: 'gauge', samples: [{ labels: { a: 'v' }, value: Infinity }] }])).toBe('# HELP x multi\\nline\n# TYPE x gauge\nx{a="v"} +Inf\n');
  });
});
