#!/usr/bin/env node
// A local stand-in for platform.claude.com and api.anthropic.com, for the real-Claude-Code test.
// It serves HTTPS on 127.0.0.1:<port> (443 inside the test's private network namespace) with a
// certificate signed by a test CA, and behaves like the real servers as far as Claude Code and ctk
// need:
//   POST /v1/oauth/token        the refresh-token grant, STRICT: every refresh token works once, only
//                               the newest token of a lineage is accepted, anything else gets
//                               invalid_grant; each success rotates both tokens (8 h expires_in, the
//                               2.1.332 reply shape with refresh_token_expires_in, account, organization)
//   POST /v1/messages           a tiny assistant reply (SSE when stream: true), bearer must be a live
//                               access token this server issued (or a seeded one), else 401
//   GET  /api/oauth/profile     the account and organization
//   anything else               logged; a harmless empty JSON reply
// It never writes a token: every token in the log is a short sha256 fingerprint, so the log can be
// kept for debugging. Every request is one JSON line in the log file (method, host, path, headers
// minus credentials, body summary, which of Claude Code's lock files existed at that moment).
//
// Usage: node mock-anthropic.mjs <config.json>
//   config: { port, host, keyFile, certFile, logFile, accountDirs: [abs dirs], tokenDelayMs?,
//             seeds: [{ refreshFp, accessFp, scope (the login's, space-separated), email, accountUuid,
//                       organizationUuid, organizationName }] }
//   It prints "READY <port>" on stdout once listening, and exits on SIGTERM/SIGINT or stdin EOF.
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';

const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const CLIENT_ID = '9d1c250a-e61b-44d9-88ed-5944d1962f5e';
const EXPIRES_IN = 28_800;
const REFRESH_EXPIRES_IN = 2_592_000;
const DEFAULT_SCOPE = 'user:profile user:inference user:sessions:claude_code user:mcp_servers user:file_upload user:plugins';

export const fp = (t) => crypto.createHash('sha256').update(String(t)).digest('hex').slice(0, 16);

// Lineages: each seeded login is one lineage; `current` is the only refresh token it accepts.
const lineages = cfg.seeds.map((s, i) => ({ ...s, loginScope: s.scope ?? DEFAULT_SCOPE, id: i, current: s.refreshFp, liveAccess: new Set([s.accessFp]), generation: 0 }));
const byRefresh = new Map(); // refresh fp -> lineage (every refresh token ever valid)
for (const l of lineages) byRefresh.set(l.refreshFp, l);
const postedRefresh = []; // fingerprints in order, for the double-post check
let seq = 0;

const logFd = fs.openSync(cfg.logFile, 'a', 0o600);
function log(rec) {
  fs.writeSync(logFd, JSON.stringify({ seq: ++seq, at: Date.now(), ...rec }) + '\n');
}

function lockSnapshot() {
  const snap = {};
  for (const dir of cfg.accountDirs ?? []) {
    let real = dir;
    try {
      real = fs.realpathSync(dir);
    } catch {
      /* keep */
    }
    const probe = (p) => {
      try {
        const st = fs.statSync(p);
        return { ageMs: Date.now() - st.mtimeMs, dir: st.isDirectory() };
      } catch {
        return null;
      }
    };
    let owner = null;
    try {
      owner = JSON.parse(fs.readFileSync(path.join(dir, '.oauth_refresh.lock.owner'), 'utf8'));
      owner = { keys: Object.keys(owner), ...owner };
    } catch (e) {
      owner = e.code === 'ENOENT' ? null : { unreadable: e.code ?? String(e) };
    }
    snap[path.basename(dir)] = {
      oauthRefreshLock: probe(path.join(dir, '.oauth_refresh.lock')),
      dirLock: probe(`${real}.lock`),
      storageWriteLock: probe(path.join(dir, '.storage-write.lock')),
      owner,
    };
  }
  return snap;
}

function randomToken(kind) {
  return `sk-ant-${kind}01-${crypto.randomBytes(64).toString('base64url')}-MOCK`;
}

function headersForLog(h) {
  const out = {};
  for (const [k, v] of Object.entries(h)) {
    if (k === 'authorization') out[k] = typeof v === 'string' ? v.replace(/^(Bearer\s+)(.*)$/i, (_, p, t) => `${p}fp:${fp(t)}`) : '[?]';
    else if (k === 'x-api-key' || k === 'cookie') out[k] = `fp:${fp(v)}`;
    else out[k] = v;
  }
  return out;
}

function bearerOf(req) {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return m ? m[1].trim() : null;
}

function send(res, status, obj, headers = {}) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_mock_${seq}`, ...headers });
  res.end(body);
}

function tokenGrant(req, res, body, rec) {
  if (!body || body.grant_type !== 'refresh_token') {
    rec.reply = 'unsupported_grant_type';
    return send(res, 400, { error: 'unsupported_grant_type', error_description: 'only refresh_token here' });
  }
  const rt = String(body.refresh_token ?? '');
  const rtFp = fp(rt);
  rec.grant = {
    refreshFp: rtFp,
    clientId: body.client_id ?? null,
    scope: body.scope ?? null,
    keys: Object.keys(body),
    postedBefore: postedRefresh.includes(rtFp),
  };
  postedRefresh.push(rtFp);
  const lineage = byRefresh.get(rtFp);
  if (!lineage || lineage.current !== rtFp || rec.grant.postedBefore) {
    rec.reply = 'invalid_grant';
    rec.why = !lineage ? 'unknown refresh token' : 'not the newest refresh token of its lineage (reuse)';
    return send(res, 400, { error: 'invalid_grant', error_description: 'Refresh token not found or invalid' });
  }
  if (body.client_id !== CLIENT_ID) {
    rec.reply = 'invalid_client';
    return send(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' });
  }
  // Scopes (RFC 6749 §6): a refresh may ask for the login's scopes or fewer, never more; no scope
  // asked means "what the token had". Asked-for scopes beyond the login are left out (and logged),
  // not refused: whether the real server answers invalid_scope instead is not known here.
  const login = (lineage.loginScope ?? DEFAULT_SCOPE).split(/\s+/).filter(Boolean);
  const asked = typeof body.scope === 'string' && body.scope.trim() ? body.scope.trim().split(/\s+/) : (lineage.currentScope ?? lineage.loginScope ?? DEFAULT_SCOPE).split(/\s+/);
  const granted = asked.filter((s) => login.includes(s));
  rec.grant.scopeNotGranted = asked.filter((s) => !login.includes(s));
  rec.grant.scopeNarrowedFromLogin = login.filter((s) => !granted.includes(s));
  const scope = granted.join(' ');
  lineage.currentScope = scope;
  const accessToken = randomToken('oat');
  const refreshToken = randomToken('ort');
  lineage.current = fp(refreshToken);
  lineage.generation++;
  lineage.liveAccess.add(fp(accessToken));
  byRefresh.set(lineage.current, lineage);
  rec.reply = 'tokens';
  rec.issued = { accessFp: fp(accessToken), refreshFp: lineage.current, generation: lineage.generation, scope };
  const payload = {
    token_type: 'Bearer',
    access_token: accessToken,
    refresh_token: refreshToken,
    expires_in: EXPIRES_IN,
    refresh_token_expires_in: REFRESH_EXPIRES_IN,
    scope,
    account: { uuid: lineage.accountUuid, email_address: lineage.email },
    organization: { uuid: lineage.organizationUuid, name: lineage.organizationName },
  };
  const delay = Number(cfg.tokenDelayMs ?? 0);
  if (delay > 0) setTimeout(() => send(res, 200, payload), delay);
  else send(res, 200, payload);
}

function lineageForBearer(req) {
  const t = bearerOf(req);
  if (!t) return null;
  const f = fp(t);
  return lineages.find((l) => l.liveAccess.has(f)) ?? null;
}

function unauthorized(res, rec) {
  rec.reply = '401';
  send(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'OAuth token not recognised by the mock' } });
}

function messages(req, res, body, rec) {
  const l = lineageForBearer(req);
  if (!l) return unauthorized(res, rec);
  const model = body?.model ?? 'claude-sonnet-4-5';
  const text = 'Hello from the ctk mock.';
  const usage = { input_tokens: 12, output_tokens: 6, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const id = `msg_mock_${seq}`;
  rec.reply = body?.stream ? 'sse' : 'message';
  if (!body?.stream) {
    const message = { id, type: 'message', role: 'assistant', model, content: [{ type: 'text', text }], stop_reason: 'end_turn', stop_sequence: null, usage };
    return send(res, 200, message, rateLimitHeaders());
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_mock_${seq}`, ...rateLimitHeaders() });
  const ev = (event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  ev('message_start', {
    type: 'message_start',
    message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
  });
  ev('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
  ev('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
  ev('content_block_stop', { type: 'content_block_stop', index: 0 });
  ev('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 6 } });
  ev('message_stop', { type: 'message_stop' });
  res.end();
}

/** With cfg.rateLimits ({fiveHour, sevenDay} as fractions, {fiveHourReset, sevenDayReset} in unix s): the unified rate-limit headers a subscriber's replies carry. */
function rateLimitHeaders() {
  const r = cfg.rateLimits;
  if (!r) return {};
  return {
    'anthropic-ratelimit-unified-status': 'allowed',
    'anthropic-ratelimit-unified-5h-utilization': String(r.fiveHour),
    'anthropic-ratelimit-unified-5h-reset': String(r.fiveHourReset),
    'anthropic-ratelimit-unified-7d-utilization': String(r.sevenDay),
    'anthropic-ratelimit-unified-7d-reset': String(r.sevenDayReset),
  };
}

function profile(req, res, rec) {
  const l = lineageForBearer(req);
  if (!l) return unauthorized(res, rec);
  rec.reply = 'profile';
  send(res, 200, {
    account: {
      uuid: l.accountUuid,
      email: l.email,
      email_address: l.email,
      full_name: 'Dev Twelve',
      display_name: 'Dev Twelve',
      has_claude_max: true,
      has_claude_pro: false,
      created_at: '2025-03-02T10:00:00.000Z',
    },
    organization: {
      uuid: l.organizationUuid,
      name: l.organizationName,
      organization_type: 'claude_max',
      billing_type: 'stripe_subscription',
      rate_limit_tier: 'default_claude_max_20x',
      has_extra_usage_enabled: false,
      subscription_created_at: '2025-03-02T10:05:00.000Z',
    },
  });
}

const server = https.createServer({ key: fs.readFileSync(cfg.keyFile), cert: fs.readFileSync(cfg.certFile) }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    let body = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = null;
    }
    const url = new URL(req.url ?? '/', 'https://mock');
    const rec = {
      method: req.method,
      host: req.headers.host ?? null,
      path: url.pathname,
      query: url.search || undefined,
      headers: headersForLog(req.headers),
      bodyBytes: raw.length,
      bearerFp: bearerOf(req) ? fp(bearerOf(req)) : null,
      locks: undefined,
    };
    const isToken = url.pathname === '/v1/oauth/token';
    if (isToken) rec.locks = lockSnapshot();
    if (url.pathname.startsWith('/v1/messages') && body) {
      rec.messages = { model: body.model ?? null, stream: Boolean(body.stream), maxTokens: body.max_tokens ?? null, nMessages: Array.isArray(body.messages) ? body.messages.length : null, tools: Array.isArray(body.tools) ? body.tools.length : 0 };
    }
    try {
      if (isToken && req.method === 'POST') tokenGrant(req, res, body, rec);
      else if (url.pathname === '/v1/messages' && req.method === 'POST') messages(req, res, body, rec);
      else if (url.pathname === '/v1/messages/count_tokens' && req.method === 'POST') {
        rec.reply = 'count';
        send(res, 200, { input_tokens: 12 });
      } else if (url.pathname === '/api/oauth/profile') profile(req, res, rec);
      else {
        rec.reply = 'default';
        send(res, 200, {});
      }
    } catch (e) {
      rec.reply = 'crash';
      rec.error = String(e?.message ?? e);
      if (!res.headersSent) send(res, 500, { type: 'error', error: { type: 'api_error', message: 'mock crashed' } });
    }
    log(rec);
  });
});

server.listen(cfg.port ?? 443, cfg.host ?? '127.0.0.1', () => {
  process.stdout.write(`READY ${server.address().port}\n`);
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
