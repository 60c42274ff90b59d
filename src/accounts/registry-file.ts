// The fast, read-only path to the registry: plain JSON, no conf/ajv on start-up.
// Writes go through ./registry.ts (conf), which writes the same file.
import { configFilePath, defaultClaudeDir } from '../config/paths.js';
import { SETTINGS, getPath } from '../domain/settings.js';
import { UserError } from '../util/errors.js';
import type { Account, ResolvedAccount } from '../domain/account.js';
import { compareIds, parseIdList } from '../domain/ids.js';
import { splitRegistryEntries, type BrokenEntry } from '../domain/registry-entry.js';
import { readRegularFile } from '../util/fs.js';

export interface RegistrySnapshot {
  file: string;
  raw: Record<string, unknown>;
  /** The usable entries, sorted by id. */
  accounts: Account[];
  /** Entries that break the rules of `ctk accounts add`: shown as invalid rows, never used. */
  broken: BrokenEntry[];
}

export function readRegistry(env: NodeJS.ProcessEnv = process.env): RegistrySnapshot {
  const file = configFilePath(env);
  const r = readRegularFile(file, 64 * 1024 * 1024, 'ctk config');
  if (!r.ok && r.state === 'missing') return { file, raw: {}, accounts: [], broken: [] };
  if (!r.ok) throw new UserError(`cannot read ctk config ${r.reason}`, 3);
  const text = r.text.charCodeAt(0) === 0xfeff ? r.text.slice(1) : r.text;
  if (text.trim() === '') return { file, raw: {}, accounts: [], broken: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err: any) {
    throw new UserError(`ctk config ${file} is not valid JSON (${err.message}); fix it by hand or move it away`, 3);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UserError(`ctk config ${file} is not a JSON object; fix it by hand or move it away`, 3);
  }
  const { accounts, broken } = splitRegistryEntries((raw as any).accounts);
  accounts.sort((a, b) => compareIds(a.id, b.id));
  return { file, raw: raw as Record<string, unknown>, accounts, broken };
}

/** A setting's value, or its default. */
export function settingValue<T = unknown>(snapshot: RegistrySnapshot, key: string): T {
  const v = getPath(snapshot.raw, key);
  if (v !== undefined) return v as T;
  return SETTINGS.find((s) => s.key === key)?.default as T;
}

/** Registered accounts, or the implicit `default` (~/.claude) when none are registered. */
export function resolveAccounts(snapshot: RegistrySnapshot): ResolvedAccount[] {
  // A registry whose entries are all broken is still a registry: no implicit default then.
  if (snapshot.accounts.length === 0 && snapshot.broken.length === 0) {
    return [{ id: 'default', dir: defaultClaudeDir(), implicit: true }];
  }
  return snapshot.accounts.map((a) => ({ ...a, implicit: false }));
}

/** Picks the accounts named by ids (all when empty); unknown ids are a usage error. */
/** Ids, ranges and lists as typed ("4", "9-12", "1,2"): a registered id is taken as it is first. */
export function expandIds(args: string[], known: (id: string) => boolean): string[] {
  return args.flatMap((arg) => {
    if (known(arg)) return [arg];
    try {
      return parseIdList(arg);
    } catch {
      return [arg];
    }
  });
}

export function selectAccounts(all: ResolvedAccount[], args: string[]): ResolvedAccount[] {
  if (args.length === 0) return all;
  const byId = new Map(all.map((a) => [a.id, a]));
  const ids = expandIds(args, (id) => byId.has(id));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    const known = all.length > 12 ? `${all.slice(0, 12).map((a) => a.id).join(', ')}, …` : all.map((a) => a.id).join(', ');
    throw new UserError(`unknown account ${unknown.join(', ')} (known: ${known}; see ctk accounts list)`);
  }
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? false : (seen.add(id), true))).map((id) => byId.get(id)!);
}
