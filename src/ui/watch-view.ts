// What ctk watch prints: a banner, one summary line per check with its transitions, or one JSON
// line per check.
import type { CheckReport } from '../alerts/watcher.js';
import { formatDurationShort, formatTimeLeft } from '../domain/duration.js';
import { printable } from '../domain/text.js';
import { STATES } from '../domain/token-state.js';
import { paintState, type Colors } from './colors.js';

function clock(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

export function watchBanner(o: { accounts: number; everyMs: number; warnMs: number; autoRefresh: boolean; channels: string[] }): string {
  const n = o.accounts;
  return (
    `ctk watch: ${n} account${n === 1 ? '' : 's'} every ${formatDurationShort(o.everyMs)}, warning window ${formatTimeLeft(o.warnMs)}` +
    `${o.autoRefresh ? ', auto-refresh on' : ''}; alerts: ${o.channels.join(', ') || 'console only'}. Ctrl-C stops.`
  );
}

export function summaryLine(r: CheckReport, c: Colors): string {
  const parts = STATES.filter((s) => r.summary[s] > 0).map((s) => paintState(c, s, `${r.summary[s]} ${s}`));
  const tail: string[] = [];
  if (r.alerts.length) tail.push(`${r.alerts.length} alert${r.alerts.length === 1 ? '' : 's'}`);
  if (r.refreshes.length) tail.push(`${r.refreshes.length} refresh${r.refreshes.length === 1 ? '' : 'es'}`);
  if (r.pending) tail.push(`${r.pending} webhook alert${r.pending === 1 ? '' : 's'} waiting to retry`);
  const n = r.rows.length;
  return `${clock(r.at)}  ${n} account${n === 1 ? '' : 's'}: ${parts.join(', ') || 'none'}${tail.length ? '  ·  ' + tail.join(', ') : ''}`;
}

export function detailLines(r: CheckReport, c: Colors): string[] {
  const out: string[] = [];
  const alerted = new Map(r.alerts.map((a) => [a.account.id, a.event]));
  for (const ch of r.changes) {
    const left = ch.msLeft === null ? '' : ch.msLeft > 0 ? `  ${formatTimeLeft(ch.msLeft)} left` : `  expired ${formatTimeLeft(-ch.msLeft)} ago`;
    const move = ch.from ? `${paintState(c, ch.from)} → ${paintState(c, ch.to)}` : paintState(c, ch.to);
    const why = ch.error && ch.to !== 'healthy' ? c.dim(`  (${printable(ch.error)})`) : '';
    const ev = alerted.get(ch.id);
    out.push(`  ${ch.id.padEnd(6)} ${move}${left}${why}${ev ? c.dim(`  → alert ${ev}`) : ''}`);
  }
  for (const rf of r.refreshes) {
    const ok = rf.outcome === 'refreshed' || rf.outcome === 'already-refreshed';
    out.push(`  ${rf.id.padEnd(6)} ${ok ? c.green('auto-refresh: ' + rf.outcome) : c.red('auto-refresh failed')}: ${printable(rf.message)}`);
  }
  return out;
}

export function jsonLine(r: CheckReport): string {
  return JSON.stringify({
    schemaVersion: 1,
    at: new Date(r.at).toISOString(),
    summary: r.summary,
    changes: r.changes,
    alerts: r.alerts.map((a) => ({ event: a.event, account: a.account, expiresAt: a.expiresAt, msLeft: a.msLeft, at: a.at, message: a.message, fix: a.fix })),
    refreshes: r.refreshes,
    delivery: r.delivery,
    pendingWebhookAlerts: r.pending,
  });
}

export function checkLines(r: CheckReport, c: Colors, json: boolean): string {
  return json ? jsonLine(r) : [summaryLine(r, c), ...detailLines(r, c)].join('\n');
}
