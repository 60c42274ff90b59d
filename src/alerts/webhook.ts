// The webhook channel: a POST per alert, in the body format the receiver understands.
// The generic JSON body is exactly DESIGN.md §4; Slack-compatible and ntfy receivers get text.
import { alertTitle, webhookPayload, type Alert } from '../domain/alerts.js';
import { redact } from '../domain/redact.js';
import { errorLine, type Delivery, type Notifier } from './notifier.js';

export type WebhookFormat = 'json' | 'slack' | 'ntfy';

export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookRequest {
  headers: Record<string, string>;
  body: string;
}

/** Redacts every string in a JSON value: a token must never leave the machine, whatever a field holds. */
function redactDeep(v: unknown): unknown {
  if (typeof v === 'string') return redact(v);
  if (Array.isArray(v)) return v.map(redactDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactDeep(x)]));
  return v;
}

/** HTTP header values must be Latin-1: non-ASCII titles go as RFC 2047 encoded words (ntfy decodes them). */
function headerText(s: string): string {
  const clean = s.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(clean) ? clean : `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}

const NTFY_PRIORITY: Record<string, string> = {
  'token.expiring': 'high',
  'token.expired': 'urgent',
  'token.revoked': 'urgent',
  'token.missing': 'high',
  'token.invalid': 'high',
  'token.refreshed': 'low',
  'token.refresh_failed': 'urgent',
};

/** Pure: the request for one alert in the given format. */
export function webhookRequest(alert: Alert, format: WebhookFormat): WebhookRequest {
  const title = redact(alertTitle(alert));
  const text = redact(alert.message + (alert.fix ? `\nFix: ${alert.fix}` : ''));
  switch (format) {
    case 'slack':
      return { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `*${title}*\n${text}` }) };
    case 'ntfy':
      return {
        headers: {
          'content-type': 'text/plain; charset=utf-8',
          title: headerText(title),
          priority: NTFY_PRIORITY[alert.event] ?? 'default',
          tags: alert.event === 'token.refreshed' ? 'white_check_mark' : 'warning',
        },
        body: text,
      };
    default:
      return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(redactDeep(webhookPayload(alert))) };
  }
}

/** Where a webhook goes, for logs: the host only, since paths and queries often hold secrets (Slack, ntfy). */
export function describeWebhook(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return 'the webhook';
  }
}

export class WebhookNotifier implements Notifier {
  readonly name = 'webhook' as const;
  constructor(
    private readonly url: string,
    private readonly format: WebhookFormat = 'json',
    private readonly timeoutMs = WEBHOOK_TIMEOUT_MS,
    private readonly userAgent = 'claude-token-kit',
  ) {}

  async deliver(alerts: Alert[], signal: AbortSignal): Promise<Delivery[]> {
    // Sequential on purpose: receivers (ntfy, Slack) rate-limit bursts, and order matters to readers.
    const out: Delivery[] = [];
    for (const alert of alerts) {
      if (signal.aborted) {
        out.push({ alert, ok: false, error: 'aborted' });
        continue;
      }
      out.push(await this.post(alert, signal));
    }
    return out;
  }

  private async post(alert: Alert, signal: AbortSignal): Promise<Delivery> {
    const req = webhookRequest(alert, this.format);
    // One controller per POST, linked by hand to the watcher's signal and removed afterwards:
    // AbortSignal.any on a signal that lives for months keeps a reference per call.
    const ctl = new AbortController();
    let timedOut = false;
    const onStop = () => ctl.abort();
    signal.addEventListener('abort', onStop, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, this.timeoutMs);
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { ...req.headers, 'user-agent': this.userAgent },
        body: req.body,
        signal: ctl.signal,
        redirect: 'follow',
      });
      // Drain the body so the connection is released (no slow leak in a long-running watcher).
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { alert, ok: true, error: null };
      return { alert, ok: false, error: `HTTP ${res.status}` };
    } catch (err) {
      const why = timedOut ? `no answer within ${Math.round(this.timeoutMs / 1000)} s` : errorLine(err);
      return { alert, ok: false, error: redact(why) };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onStop);
    }
  }
}
