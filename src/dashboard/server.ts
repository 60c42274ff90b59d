// ctk dashboard's HTTP server, on 127.0.0.1 only. Every request must carry the per-run secret
// and a loopback Host (and Origin, when sent): see checkRequest. The page gets a snapshot of the
// rows `ctk status` shows, live through server-sent events, and can ask for the browserless
// refresh that `ctk refresh --method oauth` runs. No response ever contains a token: every body
// passes through redact() on its way out.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadContext } from '../app/context.js';
import { statusRows } from '../app/status-rows.js';
import { checkRequest, dashboardSnapshot, type DashboardSnapshot } from '../domain/dashboard.js';
import { HOUR_MS } from '../domain/duration.js';
import { renewalCalendar } from '../domain/login-deadline.js';
import { redact } from '../domain/redact.js';
import { readHistory } from '../history/history.js';
import { refreshAndRecord } from '../oauth/refresh-and-record.js';
import { dayLabel, localDay } from '../ui/time.js';
import { readUsageCache } from '../usage/cache.js';
import { errorText } from '../util/errors.js';
import { APP_CSS, APP_JS, PAGE_HTML } from './page.js';

export interface DashboardOptions {
  port: number;
  env: NodeJS.ProcessEnv;
  /** How often open pages get a fresh snapshot (ms). */
  intervalMs: number;
  log: (line: string) => void;
}

export interface Dashboard {
  url: string;
  port: number;
  close: () => Promise<void>;
}

const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** What the page shows now: the status rows, read as ctk status reads them. */
export function takeSnapshot(env: NodeJS.ProcessEnv): DashboardSnapshot {
  const ctx = loadContext(env);
  const { rows, check } = statusRows(ctx, []);
  return dashboardSnapshot({
    rows,
    registered: new Set(ctx.accounts.map((a) => a.id)),
    calendar: renewalCalendar(rows, check.now, { perDay: 3, marginDays: 2, dayOf: localDay, label: dayLabel }),
    usage: readUsageCache(env).accounts,
    history: readHistory(env),
    now: check.now,
    warningHours: check.warningMs / HOUR_MS,
    loginWarningDays: check.loginWarningDays ?? 5,
  });
}

function send(res: http.ServerResponse, status: number, type: string, body: string, head = false): void {
  const safe = redact(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(safe) });
  res.end(head ? undefined : safe);
}

export async function startDashboard(o: DashboardOptions): Promise<Dashboard> {
  const secret = crypto.randomBytes(24).toString('base64url');
  const streams = new Set<http.ServerResponse>();
  const inFlight = new Set<string>();
  let port = 0;

  const snapshotText = () => {
    try {
      return JSON.stringify(takeSnapshot(o.env));
    } catch (err) {
      o.log(`could not read the accounts: ${errorText(err)}`);
      return null;
    }
  };
  const push = () => {
    if (streams.size === 0) return;
    const text = snapshotText();
    if (text !== null) for (const s of streams) s.write(redact(`event: snapshot\ndata: ${text}\n\n`));
  };
  const timer = setInterval(push, o.intervalMs);
  timer.unref();

  const refresh = async (id: string, res: http.ServerResponse) => {
    const account = loadContext(o.env).accounts.find((a) => a.id === id);
    if (!account) return send(res, 404, 'application/json', JSON.stringify({ id, outcome: 'failed', message: `no account ${id}` }));
    if (inFlight.has(id)) return send(res, 409, 'application/json', JSON.stringify({ id, outcome: 'failed', message: 'a refresh of this account is already running' }));
    inFlight.add(id);
    try {
      const r = await refreshAndRecord(account, { env: o.env, via: 'dashboard', warn: o.log });
      send(res, 200, 'application/json', JSON.stringify({ id, outcome: r.outcome, message: r.message, newExpiresAt: r.newExpiresAt }));
    } finally {
      inFlight.delete(id);
      push();
    }
  };

  const server = http.createServer((req, res) => {
    const v = checkRequest({ method: req.method ?? '', url: req.url ?? '/', host: req.headers.host, origin: req.headers.origin, port, secret, same });
    if (!v.ok) return send(res, v.status, 'text/plain; charset=utf-8', `ctk dashboard: ${v.reason}\n`);
    const head = req.method === 'HEAD';
    switch (v.route.kind) {
      case 'slash':
        res.writeHead(308, { ...SECURITY_HEADERS, Location: `/${secret}/` });
        return void res.end();
      case 'page':
        return send(res, 200, 'text/html; charset=utf-8', PAGE_HTML, head);
      case 'asset':
        return v.route.name === 'app.js' ? send(res, 200, 'text/javascript; charset=utf-8', APP_JS, head) : send(res, 200, 'text/css; charset=utf-8', APP_CSS, head);
      case 'snapshot': {
        const text = snapshotText();
        return text === null ? send(res, 500, 'application/json', '{"error":"could not read the accounts"}') : send(res, 200, 'application/json', text, head);
      }
      case 'events': {
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
        streams.add(res);
        req.on('close', () => streams.delete(res));
        const text = snapshotText();
        if (text !== null) res.write(redact(`retry: 2000\nevent: snapshot\ndata: ${text}\n\n`));
        return;
      }
      case 'refresh':
        req.resume();
        return void refresh(v.route.id, res).catch((err) => send(res, 500, 'application/json', JSON.stringify({ outcome: 'failed', message: errorText(err) })));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/${secret}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        for (const s of streams) s.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
