// GET <base>/api/oauth/usage with an account's access token. One request, a timeout, and a
// classified result: the caller decides about refreshes and retries (never a loop here).
import { parseRetryAfter, parseUsageResponse, type UsageWindows } from '../domain/usage.js';
import { redact } from '../domain/redact.js';
import { errorText } from '../util/errors.js';

export const DEFAULT_API_BASE = 'https://api.anthropic.com';
export const USAGE_PATH = '/api/oauth/usage';
export const OAUTH_BETA = 'oauth-2025-04-20';
export const DEFAULT_USAGE_TIMEOUT_MS = 10_000;

export type UsageFetchResult =
  | { kind: 'ok'; windows: UsageWindows }
  /** 401: the access token is not accepted (expired early or revoked). */
  | { kind: 'unauthorized'; status: number }
  /** 429: wait retryAfterMs (null when the server did not say). */
  | { kind: 'rate-limited'; retryAfterMs: number | null }
  | { kind: 'timeout'; message: string }
  | { kind: 'error'; status: number | null; message: string };

export interface UsageFetchOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  now?: () => number;
  /** ctk's version, for the User-Agent. */
  version?: string;
  signal?: AbortSignal;
}

export function usageUrl(env: NodeJS.ProcessEnv = process.env): string {
  const base = (env.CTK_API_BASE_URL || DEFAULT_API_BASE).replace(/\/+$/, '');
  return base + USAGE_PATH;
}

/** Claude Code says `claude-cli/<v> (external, cli)`; ctk names itself the same way. */
export function userAgent(version = '0.0.0'): string {
  return `claude-token-kit/${version} (external, cli)`;
}

export async function fetchUsage(accessToken: string, opts: UsageFetchOptions = {}): Promise<UsageFetchResult> {
  const env = opts.env ?? process.env;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_USAGE_TIMEOUT_MS;
  const url = usageUrl(env);
  // One controller and a plain timer, cleared at the end: on Node 20 an AbortSignal.timeout()
  // signal can be garbage-collected once the headers are in, and a stalled body then never ends.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, timeoutMs);
  const onCallerAbort = () => controller.abort(opts.signal?.reason);
  if (opts.signal?.aborted) onCallerAbort();
  else opts.signal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    return await fetchUsageWith(url, accessToken, opts, controller.signal, () => timedOut, timeoutMs);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCallerAbort);
  }
}

async function fetchUsageWith(
  url: string,
  accessToken: string,
  opts: UsageFetchOptions,
  signal: AbortSignal,
  timedOut: () => boolean,
  timeoutMs: number,
): Promise<UsageFetchResult> {
  const now = opts.now ?? Date.now;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'GET',
      headers: {
        Authorization: `Bearer ${accessToken}`,
        'anthropic-beta': OAUTH_BETA,
        Accept: 'application/json',
        'User-Agent': userAgent(opts.version),
      },
      signal,
      // A redirect would carry the bearer token somewhere we did not choose.
      redirect: 'error',
    });
  } catch (err: any) {
    if (timedOut()) return { kind: 'timeout', message: `no answer from ${new URL(url).host} within ${Math.round(timeoutMs / 100) / 10}s` };
    const cause = err?.cause?.code ?? err?.cause?.message ?? errorText(err);
    return { kind: 'error', status: null, message: redact(`cannot reach ${new URL(url).host}: ${cause}`) };
  }
  try {
    if (res.status === 401) return { kind: 'unauthorized', status: 401 };
    if (res.status === 429) return { kind: 'rate-limited', retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), now()) };
    if (!res.ok) return { kind: 'error', status: res.status, message: `usage endpoint answered HTTP ${res.status}` };
    let body: unknown;
    const text = await res.text();
    try {
      body = JSON.parse(text);
    } catch {
      return { kind: 'error', status: res.status, message: 'usage endpoint answered with something that is not JSON' };
    }
    const windows = parseUsageResponse(body);
    if (!windows) return { kind: 'error', status: res.status, message: 'usage endpoint answered with an unexpected shape' };
    return { kind: 'ok', windows };
  } catch (err: any) {
    if (timedOut()) return { kind: 'timeout', message: `the answer from ${new URL(url).host} took longer than ${Math.round(timeoutMs / 100) / 10}s` };
    return { kind: 'error', status: res.status, message: redact(`reading the usage answer failed: ${errorText(err)}`) };
  } finally {
    // Free the socket even when the body was not read.
    if (!res.bodyUsed) await res.body?.cancel().catch(() => {});
  }
}
