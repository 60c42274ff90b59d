// The alert channels behind one interface, so the watcher neither knows nor cares which are on.
import type { Alert } from '../domain/alerts.js';

export interface Delivery {
  alert: Alert;
  ok: boolean;
  /** Why it failed, one line, redacted; null on success. */
  error: string | null;
}

export interface Notifier {
  readonly name: 'desktop' | 'webhook';
  /** Delivers a batch. Never throws: a failing channel reports failures and the watcher goes on. */
  deliver(alerts: Alert[], signal: AbortSignal): Promise<Delivery[]>;
}

export function errorLine(err: unknown): string {
  const e = err as any;
  if (e?.name === 'TimeoutError') return 'timed out';
  if (e?.name === 'AbortError') return 'aborted';
  const cause = e?.cause?.code ?? e?.cause?.message;
  return String(e?.message ?? e) + (cause ? ` (${cause})` : '');
}
