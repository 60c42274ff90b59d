import { describe, expect, it } from 'vitest';

describe('fetchUsage', () => {
  it('classifies odd answers and never follows a redirect with the token', async () => {
    const http = await import('node:http');
    const seen: string[] = [];
    let mode = '';
    const server = http.createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization ? 'auth' : 'no-auth'}`);
      if (req.url === '/elsewhere') return res.end('{}');
      if (mode === 'redirect') {
        res.writeHead(302, { Location: '/elsewhere' });
        return res.end();
      }
      if (mode === 'html') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        return res.end('<html>maintenance</html>');
      }
      if (mode === 'date') {
        res.writeHead(429, { 'Retry-After': new Date(Date.now() + 90_000).toUTCString() });
        return res.end();
      }
      res.writeHead(200);
      res.end('[]');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as any).port}`;
    const { fetchUsage, usageUrl } = await import('../../../src/oauth/usage-client.js');
    const env = { CTK_API_BASE_URL: base + '/' };
    try {
      expect(usageUrl(env)).toBe(`${base}/api/oauth/usage`);
      expect(usageUrl({})).toBe('https://api.anthropic.com/api/oauth/usage');
      mode = 'redirect';
      expect((await fetchUsage('sk-ant-oat01-x', { env })).kind).toBe('error');
      expect(seen).toEqual(['/api/oauth/usage auth']);
      mode = 'html';
      expect(await fetchUsage('sk-ant-oat01-x', { env })).toMatchObject({ kind: 'error', message: expect.stringMatching(/not JSON/) });
      mode = 'array';
      expect(await fetchUsage('sk-ant-oat01-x', { env })).toMatchObject({ kind: 'error', message: expect.stringMatching(/unexpected shape/) });
      mode = 'date';
      const r = await fetchUsage('sk-ant-oat01-x', { env });
      expect(r.kind).toBe('rate-limited');
      expect((r as any).retryAfterMs).toBeGreaterThan(80_000);
      const closed = await fetchUsage('sk-ant-oat01-x', { env: { CTK_API_BASE_URL: 'http://127.0.0.1:1' } });
      expect(closed).toMatchObject({ kind: 'error', status: null, message: expect.stringMatching(/cannot reach 127\.0\.0\.1:1/) });
      expect(JSON.stringify(closed)).not.toMatch(/sk-ant-/);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
