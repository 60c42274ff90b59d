import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  grantProblem,
  refreshScopes,
  saveDecision,
  tokenHash,
  classifyGrantReply,
  CLAUDE_CODE_CLIENT_ID,
  mergeGrantedTokens,
  nextDelay,
  parseRetryAfter,
  refreshGrantBody,
  storedOAuth,
  tokenFingerprint,
  type GrantedTokens,
} from '../../../src/domain/oauth-grant.js';
import fs from 'node:fs';
import path from 'node:path';
import { SAMPLES } from '../../helpers.js';

const NOW = Date.parse('2026-11-27T08:00:00Z');
const sampleReply = fs.readFileSync(path.join(SAMPLES, 'oauth-token-response.json'), 'utf8');
const sampleError = fs.readFileSync(path.join(SAMPLES, 'oauth-error-invalid-grant.json'), 'utf8');
const onHold = fs.readFileSync(path.join(SAMPLES, 'oauth-error-account-on-hold.json'), 'utf8');
const reply332 = fs.readFileSync(path.join(SAMPLES, 'oauth-token-response-2.1.332.json'), 'utf8');
const BASE = 'user:profile user:inference user:sessions:claude_code user:mcp_servers user:file_upload user:plugins';

describe('refreshGrantBody and scopes (2.1.332)', () => {
  it('is the body Claude Code sends, with the stored clientId winning', () => {
    expect(refreshGrantBody('rt')).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt', client_id: CLAUDE_CODE_CLIENT_ID, scope: BASE });
    expect(refreshGrantBody('rt', 'mine').client_id).toBe('mine');
    expect(refreshGrantBody('rt', '').client_id).toBe(CLAUDE_CODE_CLIENT_ID);
    expect(refreshGrantBody('rt', 42).client_id).toBe(CLAUDE_CODE_CLIENT_ID);
  });
  it('asks for the 2.1.332 list plus the stored extras, never fewer than stored', () => {
    expect(refreshScopes(['user:inference'], undefined).join(' ')).toBe(BASE);
    expect(refreshScopes(['user:inference', 'user:projects:read', 'user:privacy_consents:write', 'odd'], undefined).join(' ')).toBe(`${BASE} user:projects:read user:privacy_consents:write`);
    expect(refreshScopes('junk', undefined).join(' ')).toBe(BASE);
  });
  it('with a stored clientId sends the stored scopes', () => {
    expect(refreshScopes(['user:inference', 'org:create_api_key'], 'custom')).toEqual(['user:inference', 'org:create_api_key']);
    expect(refreshScopes([], 'custom').join(' ')).toBe(BASE);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', NOW)).toBe(3000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
    expect(parseRetryAfter(new Date(NOW + 7000).toUTCString(), NOW)).toBe(7000);
    expect(parseRetryAfter(new Date(NOW - 7000).toUTCString(), NOW)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, NOW)).toBeNull();
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter('-5', NOW)).toBeNull();
  });
});

describe('backoff', () => {
  it('grows exponentially with equal jitter, capped', () => {
    expect(backoffDelay(1, 1000, 0)).toBe(500);
    expect(backoffDelay(1, 1000, 1)).toBe(1000);
    expect(backoffDelay(2, 1000, 0)).toBe(1000);
    expect(backoffDelay(2, 1000, 1)).toBe(2000);
    expect(backoffDelay(3, 1000, 0.5)).toBe(3000);
    expect(backoffDelay(10, 1000, 1)).toBe(8000);
    const spread = new Set([0.1, 0.4, 0.9].map((r) => backoffDelay(2, 1000, r)));
    expect(spread.size).toBe(3);
  });
  it('lets Retry-After win over the backoff', () => {
    expect(nextDelay({ retryAfterMs: 4000 }, 1, 1000, 0)).toBe(4000);
    expect(nextDelay({ retryAfterMs: null }, 1, 1000, 0)).toBe(500);
  });
});

describe('classifyGrantReply (RFC 6749)', () => {
  it('reads the sample success reply', () => {
    const r = classifyGrantReply(200, 'application/json', sampleReply, null, NOW);
    expect(r).toEqual({
      kind: 'tokens',
      tokens: {
        accessToken: 'sk-ant-oat01-SAMPLEnewACCESS',
        refreshToken: 'sk-ant-ort01-SAMPLEnewREFRESH',
        expiresInSec: 28800,
        scopes: ['user:inference', 'user:mcp_servers', 'user:profile', 'user:sessions:claude_code', 'user:file_upload'],
        refreshTokenExpiresInSec: null,
      },
    });
    expect(classifyGrantReply(200, 'application/json', reply332, null, NOW)).toMatchObject({ kind: 'tokens', tokens: { refreshTokenExpiresInSec: 2592000 } });
  });
  it('account_on_hold is not a dead token (§2a)', () => {
    for (const status of [400, 401, 403]) {
      for (const error of ['invalid_grant', 'access_denied']) {
        const r = classifyGrantReply(status, 'application/json', JSON.stringify({ error, error_description: 'account_on_hold' }), null, NOW);
        expect(r, `${status} ${error}`).toMatchObject({ kind: 'final', needsLogin: false, onHold: true });
        expect((r as any).message).toMatch(/on hold.*https:\/\/claude\.ai\/restricted/);
      }
    }
    expect(classifyGrantReply(400, 'application/json', onHold, null, NOW)).toMatchObject({ onHold: true });
  });
  it('invalid_grant is final and needs a login', () => {
    const r = classifyGrantReply(400, 'application/json', sampleError, null, NOW);
    expect(r).toMatchObject({ kind: 'final', needsLogin: true, oauthError: 'invalid_grant' });
    expect((r as any).message).toMatch(/Refresh token not found or invalid/);
  });
  it('other RFC 6749 errors are final but not a login problem', () => {
    for (const e of ['invalid_client', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope', 'invalid_request', 'something_new']) {
      const r = classifyGrantReply(400, 'application/json', JSON.stringify({ error: e }), null, NOW);
      expect(r, e).toMatchObject({ kind: 'final', needsLogin: false, oauthError: e });
    }
  });
  it('5xx, 408 and 429 are transient, with Retry-After', () => {
    expect(classifyGrantReply(500, 'application/json', '{}', null, NOW)).toMatchObject({ kind: 'transient', retryAfterMs: null });
    expect(classifyGrantReply(503, 'application/json', '{"error":"temporarily_unavailable"}', '2', NOW)).toMatchObject({ kind: 'transient', retryAfterMs: 2000 });
    expect(classifyGrantReply(408, 'text/plain', 'timeout', null, NOW)).toMatchObject({ kind: 'transient' });
    const r = classifyGrantReply(429, 'application/json', '{"error":{"type":"rate_limit_error"}}', '30', NOW);
    expect(r).toMatchObject({ kind: 'transient', retryAfterMs: 30_000 });
    expect((r as any).message).toMatch(/rate limiting/);
  });
  it('HTML pages: transient from a 5xx gateway, final otherwise', () => {
    const html = '<!DOCTYPE html><html><body>Bad Gateway</body></html>';
    expect(classifyGrantReply(502, 'text/html', html, null, NOW)).toMatchObject({ kind: 'transient', message: expect.stringMatching(/HTML error page/) });
    expect(classifyGrantReply(403, 'text/html', html, null, NOW)).toMatchObject({ kind: 'final', needsLogin: false, message: expect.stringMatching(/HTML error page/) });
    expect(classifyGrantReply(200, 'text/html', html, null, NOW)).toMatchObject({ kind: 'final', needsLogin: false, message: expect.stringMatching(/HTML page/) });
  });
  it('malformed success replies, or ones with no token at all, are final failures', () => {
    expect(classifyGrantReply(200, 'application/json', '{"access_token":"sk-ant-oat01-x', null, NOW)).toMatchObject({ kind: 'final', needsLogin: false, message: expect.stringMatching(/malformed JSON/) });
    expect(classifyGrantReply(200, 'application/json', '{"expires_in":60}', null, NOW)).toMatchObject({ kind: 'final', message: expect.stringMatching(/without an access_token or refresh_token/) });
    expect(classifyGrantReply(200, 'application/json', '[1]', null, NOW)).toMatchObject({ kind: 'final' });
  });
  it('a 200 with a refresh token is always tokens, whatever else it lacks', () => {
    for (const body of [{ refresh_token: 'R' }, { refresh_token: 'R', access_token: 'A' }, { refresh_token: 'R', access_token: 'A', expires_in: 0 }, { refresh_token: 'R', access_token: 'A', expires_in: 1e30 }, { refresh_token: 'R', access_token: 'A', expires_in: 'soon' }, { refresh_token: 'R', access_token: 'A', expires_in: -5 }]) {
      const r = classifyGrantReply(200, 'application/json', JSON.stringify(body), null, NOW);
      expect(r, JSON.stringify(body)).toMatchObject({ kind: 'tokens', tokens: { refreshToken: 'R' } });
      expect(grantProblem((r as any).tokens)).not.toBeNull();
    }
    expect(classifyGrantReply(200, 'application/json', '{"access_token":"A","expires_in":"3600"}', null, NOW)).toMatchObject({ tokens: { expiresInSec: 3600, refreshToken: null } });
  });
  it('never quotes the reply body in a message', () => {
    const r = classifyGrantReply(200, 'application/json', '{"access_token":"sk-ant-oat01-SECRET', null, NOW);
    expect(JSON.stringify(r)).not.toMatch(/SECRET/);
  });
});

describe('mergeGrantedTokens', () => {
  const sample = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'credentials.with-mcp-and-extra-fields.json'), 'utf8'));
  const t = (o: Partial<GrantedTokens>): GrantedTokens => ({ accessToken: 'A', refreshToken: 'R', expiresInSec: 3600, scopes: ['user:inference'], refreshTokenExpiresInSec: null, ...o });
  it('replaces the tokens and expiry, keeps every other field and key', () => {
    const merged: any = mergeGrantedTokens(sample, t({}), NOW);
    expect(merged.claudeAiOauth).toEqual({ ...sample.claudeAiOauth, accessToken: 'A', refreshToken: 'R', expiresAt: NOW + 3600_000, scopes: ['user:inference'] });
    expect(merged.mcpOAuth).toEqual(sample.mcpOAuth);
    expect(sample.claudeAiOauth.accessToken).not.toBe('A'); // the input is not mutated
  });
  it('keeps the old refresh token and stored scopes when the reply has none', () => {
    const merged: any = mergeGrantedTokens(sample, t({ refreshToken: null, expiresInSec: 60, scopes: null }), NOW);
    expect(merged.claudeAiOauth.refreshToken).toBe(sample.claudeAiOauth.refreshToken);
    expect(merged.claudeAiOauth.scopes).toEqual(sample.claudeAiOauth.scopes);
  });
  it('keeps the login deadline by Claude Code’s rule: min(old, new), never introduced by a refresh', () => {
    const old = sample.claudeAiOauth.refreshTokenExpiresAt;
    expect((mergeGrantedTokens(sample, t({ refreshTokenExpiresInSec: 10 }), NOW) as any).claudeAiOauth.refreshTokenExpiresAt).toBe(Math.min(old, NOW + 10_000));
    expect((mergeGrantedTokens(sample, t({ refreshTokenExpiresInSec: 1e7 }), NOW) as any).claudeAiOauth.refreshTokenExpiresAt).toBe(old);
    const { refreshTokenExpiresAt: _, ...noDeadline } = sample.claudeAiOauth;
    expect((mergeGrantedTokens({ claudeAiOauth: noDeadline }, t({ refreshTokenExpiresInSec: 10 }), NOW) as any).claudeAiOauth).not.toHaveProperty('refreshTokenExpiresAt');
  });
  it('a reply that cannot be used as is keeps the new refresh token and marks the access token as expiring now', () => {
    for (const bad of [t({ accessToken: null }), t({ expiresInSec: null }), t({ scopes: ['user:profile'] })]) {
      const o: any = mergeGrantedTokens(sample, bad, NOW);
      expect(o.claudeAiOauth.refreshToken).toBe('R');
      expect(o.claudeAiOauth.expiresAt).toBe(NOW);
      expect(o.claudeAiOauth.accessToken).toBe(sample.claudeAiOauth.accessToken);
      expect(o.claudeAiOauth.scopes).toEqual(sample.claudeAiOauth.scopes);
    }
  });
});

describe('saveDecision (compare-and-swap, §2a)', () => {
  const posted = 'sk-ant-ort01-POSTED';
  const file = (rt: unknown) => ({ claudeAiOauth: { refreshToken: rt } });
  it('writes when the stored token is still the posted one, or cleared', () => {
    expect(saveDecision(file(posted), tokenHash(posted), 'new')).toBe('write');
    expect(saveDecision(file(''), tokenHash(posted), 'new')).toBe('write');
    expect(saveDecision(null, tokenHash(posted), 'new')).toBe('write');
  });
  it('adopts someone else’s newer tokens, and knows its own', () => {
    expect(saveDecision(file('sk-ant-ort01-FRESHLOGIN'), tokenHash(posted), 'new')).toBe('adopt');
    expect(saveDecision(file('new'), tokenHash(posted), 'new')).toBe('already-saved');
  });
});

describe('storedOAuth and fingerprints', () => {
  it('reads tokens defensively', () => {
    expect(storedOAuth({})).toBeNull();
    expect(storedOAuth({ claudeAiOauth: 'x' })).toBeNull();
    expect(storedOAuth({ claudeAiOauth: { accessToken: 1 } })).toEqual({ accessToken: '', refreshToken: '', expiresAt: null, clientId: undefined, scopes: [], loginExpiresAt: null });
  });
  it('fingerprints are short, stable and reveal nothing', () => {
    const fp = tokenFingerprint('sk-ant-ort01-abc');
    expect(fp).toMatch(/^[0-9a-f]{12}$/);
    expect(tokenFingerprint('sk-ant-ort01-abc')).toBe(fp);
    expect(tokenFingerprint('sk-ant-ort01-abd')).not.toBe(fp);
  });
});
