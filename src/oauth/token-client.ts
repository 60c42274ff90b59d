// One POST of the refresh-token grant. Retries, locks and saving are the caller's business:
// this sends exactly what Claude Code sends and classifies the reply.
//
// node:http(s) rather than fetch: one timer covers connecting, the headers and the whole body,
// and destroys the socket when it fires. (On Node 20 an AbortSignal.timeout() signal can be
// garbage-collected once the headers arrive, so a server that stalls mid-body would keep
// Claude Code's locks held for as long as it likes.)
import type { IncomingHttpHeaders } from 'node:http';
import { classifyGrantReply, type GrantReply, type RefreshGrantBody } from '../domain/oauth-grant.js';
import { redact } from '../domain/redact.js';

export interface PostOptions {
  url: string;
  body: RefreshGrantBody;
  /** Per-request timeout: covers connecting, headers and the whole body. */
  timeoutMs: number;
  now?: () => number;
  /** Called the moment the whole reply has arrived, before it is parsed (for timing). */
  onReply?: () => void;
  /**
   * Called with every byte of the reply as it comes off the socket, before node's HTTP parser
   * sees it, so the caller can make a reply that may carry the only copy of a rotated refresh
   * token durable first (pending-tokens.ts). Its errors are ignored.
   */
  onRawReply?: (chunk: Buffer) => void;
}

/** A token reply is a few KB; anything far larger is not one. */
const MAX_REPLY_BYTES = 1024 * 1024;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the token endpoint';
  }
}

type Raw = { ok: true; status: number; headers: IncomingHttpHeaders; text: string } | { ok: false; why: 'timeout' | 'too-large' | string };

async function postJson(url: URL, payload: string, timeoutMs: number, onRawReply?: (chunk: Buffer) => void): Promise<Raw> {
  const mod = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise<Raw>((resolve) => {
    let settled = false;
    const finish = (r: Raw) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = mod.request(
      url,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Content-Length': Buffer.byteLength(payload), Connection: 'close' },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_REPLY_BYTES) {
            finish({ ok: false, why: 'too-large' });
            req.destroy();
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => finish({ ok: true, status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err: any) => finish({ ok: false, why: err?.code ?? 'network error' }));
        res.on('aborted', () => finish({ ok: false, why: 'ECONNRESET' }));
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, why: 'timeout' });
      req.destroy();
    }, timeoutMs);
    req.on('error', (err: any) => finish({ ok: false, why: err?.code ?? err?.cause?.code ?? 'network error' }));
    if (onRawReply) {
      // Ahead of the HTTP parser's own listener (for TLS, the decrypted bytes).
      req.on('socket', (sock) =>
        sock.prependListener('data', (chunk: Buffer) => {
          try {
            onRawReply(chunk);
          } catch {
            /* the reply is still parsed and saved as usual */
          }
        }),
      );
    }
    req.end(payload);
  });
}

export async function postRefreshGrant(opts: PostOptions): Promise<GrantReply> {
  const now = opts.now ?? Date.now;
  const host = hostOf(opts.url);
  let url: URL;
  try {
    url = new URL(opts.url);
  } catch {
    return { kind: 'final', needsLogin: false, message: 'the token endpoint URL is not a valid URL (CTK_OAUTH_TOKEN_URL?)' };
  }
  const r = await postJson(url, JSON.stringify(opts.body), opts.timeoutMs, opts.onRawReply);
  if (!r.ok) {
    if (r.why === 'timeout') return { kind: 'transient', retryAfterMs: null, message: `no complete answer from ${host} within ${(opts.timeoutMs / 1000).toFixed(1)} s` };
    if (r.why === 'too-large') return { kind: 'final', needsLogin: false, message: `${host} answered with more than 1 MB, which is not a token reply` };
    return { kind: 'transient', retryAfterMs: null, message: redact(`could not reach ${host} (${r.why}); check the network`) };
  }
  opts.onReply?.();
  if (r.status >= 300 && r.status < 400) {
    return { kind: 'final', needsLogin: false, message: `the token endpoint answered with a redirect (HTTP ${r.status}); a proxy or captive portal in the way?` };
  }
  const ct = r.headers['content-type'];
  const ra = r.headers['retry-after'];
  const reply = classifyGrantReply(r.status, Array.isArray(ct) ? ct[0] : ct ?? '', r.text, (Array.isArray(ra) ? ra[0] : ra) ?? null, now());
  return reply.kind === 'tokens' ? reply : { ...reply, message: redact(reply.message) };
}
