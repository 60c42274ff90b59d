// One POST of the refresh-token grant. Retries, locks and saving are the caller's business:
// this sends exactly what Claude Code sends and classifies the reply.
import { classifyGrantReply, type GrantReply, type RefreshGrantBody } from '../domain/oauth-grant.js';
import { redact } from '../util/redact.js';

export interface PostOptions {
  url: string;
  body: RefreshGrantBody;
  /** Per-request timeout: covers connecting, headers and the whole body. */
  timeoutMs: number;
  signal?: AbortSignal;
  now?: () => number;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the token endpoint';
  }
}

function networkReason(err: any): string {
  const cause = err?.cause ?? err;
  const code = cause?.code ?? cause?.name;
  return typeof code === 'string' ? code : 'network error';
}

export async function postRefreshGrant(opts: PostOptions): Promise<GrantReply> {
  const now = opts.now ?? Date.now;
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const host = hostOf(opts.url);
  try {
    const res = await fetch(opts.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(opts.body),
      signal,
      redirect: 'error',
    });
    const text = await res.text();
    const reply = classifyGrantReply(res.status, res.headers.get('content-type') ?? '', text, res.headers.get('retry-after'), now());
    return reply.kind === 'tokens' ? reply : { ...reply, message: redact(reply.message) };
  } catch (err: any) {
    if (opts.signal?.aborted) return { kind: 'final', needsLogin: false, message: 'interrupted' };
    if (timeout.aborted) {
      return { kind: 'transient', retryAfterMs: null, message: `no answer from ${host} within ${(opts.timeoutMs / 1000).toFixed(1)} s` };
    }
    return { kind: 'transient', retryAfterMs: null, message: redact(`cannot reach ${host} (${networkReason(err)})`) };
  }
}
