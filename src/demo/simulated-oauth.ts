// The --demo sandbox's token endpoint: a tiny OAuth server on 127.0.0.1 inside the ctk process,
// so `ctk refresh --method oauth --demo` shows the real flow (locks, POST, rotation, atomic
// write) without contacting the internet. It issues fake `sk-ant-…DEMO…` tokens valid for 8 h.
// Loaded only in demo mode (refresh-account imports it lazily).
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

let started: Promise<string> | null = null;

function fake(kind: 'oat' | 'ort'): string {
  return `sk-ant-${kind}01-DEMO${randomBytes(24).toString('hex')}`;
}

function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    let grant: any = null;
    try {
      grant = JSON.parse(body);
    } catch {
      /* answered below */
    }
    res.setHeader('Content-Type', 'application/json');
    // No idle keep-alive sockets: they would hold the ctk process open after the command.
    res.setHeader('Connection', 'close');
    if (req.method !== 'POST' || grant?.grant_type !== 'refresh_token' || typeof grant.refresh_token !== 'string') {
      res.statusCode = 400;
      res.end(JSON.stringify({ error: 'invalid_request', error_description: 'simulated endpoint expects a refresh_token grant' }));
      return;
    }
    if (grant.refresh_token.includes('DEMODEAD')) {
      // The sandbox's one dead refresh token: what a real server says about a used one.
      res.statusCode = 400;
      res.end(JSON.stringify({ error: 'invalid_grant', error_description: 'Refresh token not found or invalid (simulated by the ctk demo)' }));
      return;
    }
    // Simulate network latency so the demo's progress is visible.
    setTimeout(() => {
      res.end(
        JSON.stringify({
          token_type: 'Bearer',
          access_token: fake('oat'),
          refresh_token: fake('ort'),
          expires_in: 8 * 3600,
          scope: grant.scope ?? 'user:inference',
        }),
      );
    }, 150 + Math.floor(Math.random() * 250));
  });
}

/** Starts the simulated endpoint once per process; it does not keep the process alive. */
export function simulatedTokenUrl(): Promise<string> {
  started ??= new Promise<string>((resolve, reject) => {
    const server = http.createServer(handle);
    server.keepAliveTimeout = 1000;
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}/v1/oauth/token`);
    });
  });
  return started;
}
