// ctk config get | set | unset | list | path
import { readRegistry, settingValue } from '../../accounts/registry-file.js';
import { openStore } from '../../accounts/registry.js';
import { configFilePath } from '../../config/paths.js';
import { findSetting, getPath, parseSettingValue, SETTINGS, settingKeysHint } from '../../domain/settings.js';
import { UserError } from '../../util/errors.js';
import { writeJson } from '../../ui/json.js';

function known(key: string) {
  const def = findSetting(key);
  if (!def) throw new UserError(`unknown setting "${key}" (known: ${settingKeysHint()})`);
  return def;
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export async function get(key: string): Promise<number> {
  known(key);
  process.stdout.write(show(settingValue(readRegistry(), key)) + '\n');
  return 0;
}

export async function set(key: string, value: string): Promise<number> {
  const def = known(key);
  let parsed: unknown;
  try {
    parsed = parseSettingValue(def, value);
  } catch (err: any) {
    throw new UserError(err.message);
  }
  const store = await openStore();
  try {
    store.set(key, parsed);
  } catch (err: any) {
    throw new UserError(`${key}: ${err.message}`);
  }
  process.stdout.write(`${key} = ${show(parsed)}\n`);
  return 0;
}

export async function unset(key: string): Promise<number> {
  known(key);
  const store = await openStore();
  store.delete(key);
  process.stdout.write(`${key} reset to ${show(findSetting(key)!.default)}\n`);
  return 0;
}

export async function list(opts: { json?: boolean }): Promise<number> {
  const registry = readRegistry();
  const rows = SETTINGS.map((d) => {
    const stored = getPath(registry.raw, d.key);
    return { key: d.key, value: stored ?? d.default, default: d.default, isDefault: stored === undefined, description: d.description };
  });
  if (opts.json) {
    writeJson(Object.fromEntries(rows.map((r) => [r.key, r.value])));
    return 0;
  }
  const w = Math.max(...rows.map((r) => r.key.length));
  for (const r of rows) {
    process.stdout.write(`${r.key.padEnd(w)}  ${show(r.value) || '""'}${r.isDefault ? '  (default)' : ''}\n`);
  }
  return 0;
}

export async function path(): Promise<number> {
  process.stdout.write(configFilePath() + '\n');
  return 0;
}
