// Prometheus metrics for every account, in the text exposition format (0.0.4) that
// node_exporter's textfile collector and `promtool check metrics` read. Pure: the rows come
// from the same check `ctk status` runs, history and usage figures are passed in.
// Labels identify an account by `account` (its id) and `label` only; `email` only on request.
import type { AccountStatus } from './account.js';
import type { HistoryEntry } from './history.js';
import { STATES } from './token-state.js';
import { effectiveUtilization, type UsageWindows } from './usage.js';

export interface MetricsInput {
  rows: AccountStatus[];
  history: HistoryEntry[];
  /** The usage cache's figures per account id; used only when `dir` is the account's folder. */
  usage: Record<string, { dir: string; fetchedAt: number; windows: UsageWindows }>;
  now: number;
  withEmails?: boolean;
}

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  samples: Sample[];
}

/** The usage windows exported, by the endpoint's names, with their short label values. */
export const USAGE_WINDOWS: Record<string, string> = { five_hour: '5h', seven_day: '7d' };

/** History results that are an attempt to renew a token (a skipped account is not). */
const ATTEMPTS = new Set(['refreshed', 'already-refreshed', 'failed', 'needs-login', 'on-hold']);
const SUCCESS = new Set(['refreshed', 'already-refreshed']);

interface RefreshStats {
  attempts: number;
  failures: number;
  lastAt: number | null;
  lastOk: boolean;
}

function refreshStats(history: HistoryEntry[]): Map<string, RefreshStats> {
  const out = new Map<string, RefreshStats>();
  for (const e of history) {
    if (!ATTEMPTS.has(e.result)) continue;
    const at = Date.parse(e.at);
    if (Number.isNaN(at)) continue;
    const s = out.get(e.account) ?? { attempts: 0, failures: 0, lastAt: null, lastOk: false };
    s.attempts++;
    if (!SUCCESS.has(e.result)) s.failures++;
    if (s.lastAt === null || at >= s.lastAt) {
      s.lastAt = at;
      s.lastOk = SUCCESS.has(e.result);
    }
    out.set(e.account, s);
  }
  return out;
}

/** Every metric family, in a fixed order; one series per account (duplicate ids: the first wins). */
export function buildMetrics(input: MetricsInput): MetricFamily[] {
  const seen = new Set<string>();
  const rows = input.rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
  const id = (r: AccountStatus): Record<string, string> => ({
    account: r.id,
    label: r.label ?? '',
    ...(input.withEmails ? { email: r.email ?? r.expectedEmail ?? '' } : {}),
  });
  const stats = refreshStats(input.history);
  const fam = (name: string, type: MetricFamily['type'], help: string, samples: Sample[]): MetricFamily => ({ name, type, help, samples });
  /** One sample per account, skipping accounts where `f` has no value. */
  const one = (f: (r: AccountStatus) => number | null | undefined): Sample[] =>
    rows.flatMap((r) => {
      const v = f(r);
      return v === null || v === undefined ? [] : [{ labels: id(r), value: v }];
    });
  const ts = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : ms / 1000);

  return [
    fam('ctk_token_expiry_timestamp_seconds', 'gauge', "When the account's OAuth access token expires (Unix time).", one((r) => ts(r.expiresAt))),
    fam(
      'ctk_token_state',
      'gauge',
      "The account's token state, one-hot: 1 for its current state, 0 for the others.",
      rows.flatMap((r) => STATES.map((s) => ({ labels: { ...id(r), state: s }, value: r.state === s ? 1 : 0 }))),
    ),
    fam('ctk_login_expiry_timestamp_seconds', 'gauge', "When the account's login ends and a browser sign-in is needed (Unix time).", one((r) => ts(r.loginExpiresAt))),
    fam('ctk_usage_ratio', 'gauge', "Share of the usage limit used in each window (0-1), from ctk usage's cache.", rows.flatMap((r) => usageSamples(r, input, id(r)))),
    fam('ctk_usage_fetched_timestamp_seconds', 'gauge', 'When the cached usage figures were fetched (Unix time).', one((r) => ts(usageEntry(r, input)?.fetchedAt))),
    fam('ctk_last_refresh_timestamp_seconds', 'gauge', 'When ctk last tried to refresh or log in the account (Unix time), from its history.', one((r) => ts(stats.get(r.id)?.lastAt))),
    fam('ctk_last_refresh_success', 'gauge', "Whether ctk's last refresh or login of the account succeeded (1) or failed (0).", one((r) => {
      const s = stats.get(r.id);
      return s ? (s.lastOk ? 1 : 0) : null;
    })),
    fam('ctk_refresh_attempts_total', 'counter', 'Refreshes and logins ctk attempted for the account, from its history.', one((r) => stats.get(r.id)?.attempts ?? 0)),
    fam('ctk_refresh_failures_total', 'counter', "Refreshes and logins that failed for the account, from ctk's history.", one((r) => stats.get(r.id)?.failures ?? 0)),
    fam('ctk_exporter_last_run_timestamp_seconds', 'gauge', 'When ctk last wrote these metrics (Unix time).', [{ labels: {}, value: input.now / 1000 }]),
  ];
}

function usageEntry(r: AccountStatus, input: MetricsInput) {
  const e = input.usage[r.id];
  return e && e.dir === r.dir ? e : null;
}

function usageSamples(r: AccountStatus, input: MetricsInput, labels: Record<string, string>): Sample[] {
  const e = usageEntry(r, input);
  if (!e) return [];
  const out: Sample[] = [];
  for (const [key, window] of Object.entries(USAGE_WINDOWS)) {
    const u = effectiveUtilization(e.windows[key], input.now, e.fetchedAt);
    if (u !== null) out.push({ labels: { ...labels, window }, value: u / 100 });
  }
  return out;
}

/** A label value as the text format wants it: backslash, double quote and newline escaped. */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** The text exposition format: HELP and TYPE for each family, then its samples. */
export function renderExposition(families: MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
      lines.push(`${f.name}${labels.length ? `{${labels.join(',')}}` : ''} ${formatValue(s.value)}`);
    }
  }
  return lines.join('\n') + '\n';
}
