// A loopback mock of api.anthropic.com's usage endpoint and platform.claude.com's token endpoint
// for the usage tests: per-token behaviour, request counts and the headers it was sent.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SAMPLES, type Sandbox } from '../helpers.js';

export const SAMPLE_USAGE = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'oauth-usage-response.json'), 'utf8'));

export type Behaviour =
  | { kind: 'ok'; body?: unknown; delayMs?: number }
  | { kind: '401' }
  | { kind: '429'; retryAfter?: string; thenOk?: unknown }
  | { kind: '500' }
  | { kind: 'hang' }
  /** Headers and the start of a body, then nothing: the timeout must hold through the body. */
  | { kind: 'stall-body' };

export interface MockApi {
  base: string;
  tokenUrl: string;
  /** Usage requests per access token. */
  usageCalls: Map<string, number>;
  /** Token-endpoint requests per refresh token. */
  tokenCalls: Map<string, number>;
  /** Requests that lacked the right Authorization / anthropic-beta headers. */
  badHeaders: string[];
  userAgents: string[];
  maxInFlight: number;
  /** access token → behaviour (unknown tokens get 401). */
  usage: Map<string, Behaviour>;
  /** refresh token → the new tokens to hand out, or an OAuth error. */
  grants: Map<string, { access: string; refresh: string; expiresIn: number } | { error: string }>;
  close(): Promise<void>;
}

export async function startMockApi(): Promise<MockApi> {
  const api: Omit<MockApi, 'base' | 'tokenUrl' | 'close'> = {
    usageCalls: new Map(),
    tokenCalls: new Map(),
    badHeaders: [],
    userAgents: [],
    maxInFlight: 0,
    usage: new Map(),
    grants: new Map(),
  };
  let inFlight = 0;
  const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/oauth/token') {
        let grant: any = {};
        try {
          grant = JSON.parse(body);
        } catch {
          /* answered below */
        }
        const rt = String(grant.refresh_token ?? '');
        count(api.tokenCalls, rt);
        const g = api.grants.get(rt);
        if (!g || 'error' in g) return json(res, 400, { error: g && 'error' in g ? g.error : 'invalid_grant', error_description: 'Refresh token not found or invalid' });
        return json(res, 200, {
          token_type: 'Bearer',
          access_token: g.access,
          refresh_token: g.refresh,
          expires_in: g.expiresIn,
          scope: 'user:inference user:profile user:sessions:claude_code',
          account: { uuid: 'u', email_address: 'x@example.com' },
          organization: { uuid: 'o', name: 'org' },
        });
      }
      if (req.method !== 'GET' || req.url !== '/api/oauth/usage') return json(res, 404, { error: 'not_found' });
      const auth = String(req.headers.authorization ?? '');
      const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
      api.userAgents.push(String(req.headers['user-agent'] ?? ''));
      if (req.headers['anthropic-beta'] !== 'oauth-2025-04-20' || !token) {
        api.badHeaders.push(`${auth ? 'auth' : 'no auth'} beta=${req.headers['anthropic-beta']}`);
        return json(res, 400, { error: 'bad headers' });
      }
      count(api.usageCalls, token);
      const b = api.usage.get(token);
      if (!b || b.kind === '401') return json(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'OAuth token has expired.' } });
      if (b.kind === '500') return json(res, 500, { type: 'error', error: { type: 'api_error' } });
      if (b.kind === 'hang') return; // never answers; closed by close()
      if (b.kind === 'stall-body') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"five_hour": {"utilization": ');
        return; // closed by close()
      }
      if (b.kind === '429') {
        if (b.thenOk !== undefined && (api.usageCalls.get(token) ?? 0) > 1) return json(res, 200, b.thenOk);
        return json(res, 429, { type: 'error', error: { type: 'rate_limit_error' } }, b.retryAfter ? { 'Retry-After': b.retryAfter } : {});
      }
      inFlight++;
      api.maxInFlight = Math.max(api.maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        json(res, 200, b.body ?? SAMPLE_USAGE);
      }, b.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  // Mutate and return the same object: counters such as maxInFlight must stay live.
  return Object.assign(api, {
    base: `http://127.0.0.1:${port}`,
    tokenUrl: `http://127.0.0.1:${port}/v1/oauth/token`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}

/** Credentials with known tokens, so the mock can tell accounts apart. */
export function knownCredentials(id: string, expiresAt: number, access = `sk-ant-oat01-TEST-${id}-access`, refresh = `sk-ant-ort01-TEST-${id}-refresh`): string {
  return JSON.stringify({
    claudeAiOauth: {
      accessToken: access,
      refreshToken: refresh,
      expiresAt,
      scopes: ['user:inference', 'user:profile', 'user:sessions:claude_code'],
      subscriptionType: 'max',
      rateLimitTier: 'default_claude_max_20x',
    },
  });
}

export const accessOf = (id: string) => `sk-ant-oat01-TEST-${id}-access`;
export const refreshOf = (id: string) => `sk-ant-ort01-TEST-${id}-refresh`;

export function mockEnv(sb: Sandbox, api: MockApi): NodeJS.ProcessEnv {
  return { ...sb.env, CTK_API_BASE_URL: api.base, CTK_OAUTH_TOKEN_URL: api.tokenUrl };
}
