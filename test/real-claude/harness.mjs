// The world for the real-Claude-Code test: a test CA and server certificate, a private network
// namespace (own loopback, no route out, /etc/hosts bind-mounted so platform.claude.com and
// api.anthropic.com are 127.0.0.1), the strict mock (mock-anthropic.mjs) on 127.0.0.1:443 inside it,
// and a way to run any command (ctk, claude) inside the same namespace through nsenter.
// Plain ESM so it runs under `node` as well as vitest.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const MOCK = path.join(HERE, 'mock-anthropic.mjs');
export const HOSTS = ['platform.claude.com', 'api.anthropic.com'];

export const fp = (t) => crypto.createHash('sha256').update(String(t)).digest('hex').slice(0, 16);

function which(cmd) {
  for (const d of (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin'])) {
    const p = path.join(d, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

/** Why this machine cannot run the test, or null when it can. Cheap; no network. */
export function whyCannotRun() {
  if (process.platform !== 'linux') return `needs Linux network namespaces (this is ${process.platform})`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'needs root (unshare --net --mount and binding port 443 in a private namespace)';
  for (const c of ['unshare', 'nsenter', 'ip', 'mount', 'openssl']) if (!which(c)) return `needs \`${c}\` on PATH`;
  const r = spawnSync(which('unshare'), ['--net', '--mount', '--propagation', 'private', '--', which('ip'), 'link', 'set', 'lo', 'up'], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) return `cannot create a private network namespace: ${(r.stderr || String(r.error ?? `exit ${r.status}`)).trim().split('\n')[0]}`;
  return null;
}

function openssl(args, cwd) {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${(r.stderr || '').trim().split('\n').slice(-2).join(' | ')}`);
}

/** A fresh test CA and a server certificate for HOSTS signed by it (valid 2 days). */
export function makeTls(dir) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const f = (n) => path.join(dir, n);
  fs.writeFileSync(
    f('server.ext'),
    `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${HOSTS.map((h) => `DNS:${h}`).join(',')}\n`,
  );
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=ctk real-claude test CA (test only)', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${HOSTS[0]}`], dir);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext'], dir);
  return { caFile: f('ca.pem'), keyFile: f('server.key'), certFile: f('server.pem') };
}

/**
 * Starts the namespace with the mock in it. `seeds`: [{refreshToken, accessToken, email, accountUuid,
 * organizationUuid, organizationName}] (the tokens only become fingerprints in the mock's config).
 * `rateLimits`: {fiveHour, sevenDay (fractions), fiveHourReset, sevenDayReset (unix s)} for the
 * unified rate-limit headers on /v1/messages (what feeds Claude Code's status-line rate_limits).
 */
export async function startWorld({ root, accountDirs, seeds, tokenDelayMs = 0, rateLimits = null }) {
  const tls = makeTls(path.join(root, 'tls'));
  const hostsFile = path.join(root, 'hosts');
  fs.writeFileSync(hostsFile, `127.0.0.1 localhost\n::1 localhost\n127.0.0.1 ${HOSTS.join(' ')}\n`);
  const logFile = path.join(root, 'mock-requests.jsonl');
  const cfgFile = path.join(root, 'mock-config.json');
  fs.writeFileSync(
    cfgFile,
    JSON.stringify({
      port: 443,
      host: '127.0.0.1',
      keyFile: tls.keyFile,
      certFile: tls.certFile,
      logFile,
      accountDirs,
      tokenDelayMs,
      rateLimits,
      seeds: seeds.map((s) => ({ refreshFp: fp(s.refreshToken), accessFp: fp(s.accessToken), email: s.email, accountUuid: s.accountUuid, organizationUuid: s.organizationUuid, organizationName: s.organizationName, scope: s.scope })),
    }),
    { mode: 0o600 },
  );
  // unshare execs sh, sh execs node: the child's pid is the mock, and its namespaces are the world's.
  const child = spawn(
    which('unshare'),
    ['--net', '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', 'ip link set lo up && mount --bind "$1" /etc/hosts && exec "$2" "$3" "$4"', 'sh', hostsFile, process.execPath, MOCK, cfgFile],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the mock did not start within 15 s: ${stderr.trim()}`)), 15_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (/READY \d+/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the mock exited (${code}) before it was ready: ${stderr.trim()}`));
    });
  });
  const pid = child.pid;

  /** Runs a command inside the namespace; resolves with {code, stdout, stderr, ms}. */
  function run(cmd, args, { env, cwd, timeout = 45_000, input = '' } = {}) {
    return new Promise((resolve, reject) => {
      const t0 = Date.now();
      const p = spawn(which('nsenter'), ['-t', String(pid), '-n', '-m', `--wd=${cwd ?? root}`, '--', cmd, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => (stdout += d));
      p.stderr.on('data', (d) => (stderr += d));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        p.kill('SIGKILL');
      }, timeout);
      p.on('error', reject);
      p.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr, ms: Date.now() - t0, timedOut });
      });
      p.stdin.end(input);
    });
  }

  function requests() {
    if (!fs.existsSync(logFile)) return [];
    return fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  }

  async function stop() {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
      }, 3_000);
      child.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  return { pid, tls, logFile, run, requests, stop, mockStderr: () => stderr };
}

/** Env for anything run in the world: private HOME, the test CA trusted, no wandering. */
export function baseEnv({ home, caFile, extra = {} }) {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    USER: 'root',
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    TERM: 'dumb',
    NO_COLOR: '1',
    TMPDIR: path.join(home, 'tmp'),
    NODE_EXTRA_CA_CERTS: caFile,
    SSL_CERT_FILE: caFile,
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_BUG_COMMAND: '1',
    CLAUDE_CODE_DISABLE_TERMINAL_TITLE: '1',
    ...extra,
  };
}

export function tmpRoot(prefix = 'ctk-real-claude-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
