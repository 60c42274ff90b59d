// The settings ctk knows, their defaults, and how a typed string becomes a value.
// Pure: used by `ctk config` (through conf) and by the fast read path.

export type SettingType = 'number' | 'integer' | 'string' | 'boolean' | 'enum' | 'url' | 'duration' | 'pattern';

export interface SettingDef {
  key: string;
  type: SettingType;
  default: unknown;
  description: string;
  min?: number;
  max?: number;
  values?: readonly string[];
}

export const SETTINGS: readonly SettingDef[] = [
  { key: 'warningHours', type: 'number', default: 2, min: 0, max: 168, description: 'hours before expiry that count as "expiring"' },
  { key: 'loginWarningDays', type: 'number', default: 5, min: 0, max: 60, description: 'days before the login deadline (about 30 days after sign-in) that count as "ending"' },
  { key: 'dirPattern', type: 'pattern', default: '~/.claude-accounts/{id}', description: 'default folder of a new account; {id} is replaced' },
  { key: 'claudeBin', type: 'string', default: '', description: 'the claude executable (empty: claude on PATH; CTK_CLAUDE_BIN wins)' },
  { key: 'loginTimeoutMinutes', type: 'number', default: 10, min: 1, max: 120, description: 'how long one guided login may take' },
  { key: 'refreshConcurrency', type: 'integer', default: 4, min: 1, max: 16, description: 'accounts refreshed at once with --method oauth' },
  { key: 'watch.interval', type: 'duration', default: '30m', description: 'default interval of ctk watch' },
  { key: 'notify.desktop', type: 'boolean', default: true, description: 'desktop notifications from ctk watch' },
  { key: 'notify.webhookUrl', type: 'url', default: '', description: 'webhook that ctk watch posts alerts to (empty: none)' },
  { key: 'notify.webhookFormat', type: 'enum', default: 'json', values: ['json', 'slack', 'ntfy'], description: 'body format of the webhook' },
  { key: 'pin.guard', type: 'enum', default: 'warn', values: ['off', 'warn', 'strict'], description: 'when the account in use is not the folder\'s pin (ctk pin): off, warn, or strict (ctk run refuses; --force overrides)' },
];

export function findSetting(key: string): SettingDef | undefined {
  return SETTINGS.find((s) => s.key === key);
}

export function settingKeysHint(): string {
  return SETTINGS.map((s) => s.key).join(', ');
}

/** Turns the text typed after `ctk config set <key>` into a value, or throws a one-line reason. */
export function parseSettingValue(def: SettingDef, text: string): unknown {
  const t = text.trim();
  switch (def.type) {
    case 'number':
    case 'integer': {
      if (!/^-?\d+(\.\d+)?$/.test(t)) throw new Error(`${def.key} takes a number (got "${text}")`);
      const n = Number(t);
      if (def.type === 'integer' && !Number.isInteger(n)) throw new Error(`${def.key} takes a whole number (got "${text}")`);
      if (def.min !== undefined && n < def.min) throw new Error(`${def.key} must be at least ${def.min} (got ${n})`);
      if (def.max !== undefined && n > def.max) throw new Error(`${def.key} must be at most ${def.max} (got ${n})`);
      return n;
    }
    case 'boolean':
      if (/^(true|yes|on|1)$/i.test(t)) return true;
      if (/^(false|no|off|0)$/i.test(t)) return false;
      throw new Error(`${def.key} takes true or false (got "${text}")`);
    case 'enum':
      if (!def.values!.includes(t)) throw new Error(`${def.key} takes one of ${def.values!.join(', ')} (got "${text}")`);
      return t;
    case 'url':
      if (t === '') return '';
      try {
        const u = new URL(t);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
      } catch {
        throw new Error(`${def.key} takes an http(s) URL (got "${text}")`);
      }
      return t;
    case 'duration':
      if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(t)) throw new Error(`${def.key} takes a duration such as 45s, 15m or 1h (got "${text}")`);
      return t;
    case 'pattern':
      if (!t.includes('{id}')) throw new Error(`${def.key} must contain {id} (got "${text}")`);
      return t;
    default:
      return t;
  }
}

/** The JSON schema conf validates writes against (a second guard behind parseSettingValue). */
export function confSchema(): Record<string, unknown> {
  const leaf = (def: SettingDef): Record<string, unknown> => {
    switch (def.type) {
      case 'number':
        return { type: 'number', minimum: def.min, maximum: def.max };
      case 'integer':
        return { type: 'integer', minimum: def.min, maximum: def.max };
      case 'boolean':
        return { type: 'boolean' };
      case 'enum':
        return { enum: [...def.values!] };
      default:
        return { type: 'string' };
    }
  };
  const root: Record<string, any> = {
    accounts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'dir'],
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$' },
          dir: { type: 'string', minLength: 1 },
          label: { type: 'string' },
          email: { type: 'string' },
          accountUuid: { type: 'string' },
        },
      },
    },
    folderPins: {
      type: 'array',
      items: { type: 'object', required: ['dir', 'id'], properties: { dir: { type: 'string', minLength: 1 }, id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$' } } },
    },
  };
  for (const def of SETTINGS) {
    const parts = def.key.split('.');
    if (parts.length === 1) {
      root[def.key] = leaf(def);
    } else {
      const [group, name] = parts;
      root[group] ??= { type: 'object', properties: {} };
      root[group].properties[name] = leaf(def);
    }
  }
  return root;
}

export function getPath(obj: unknown, key: string): unknown {
  let cur: any = obj;
  for (const part of key.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[part];
  }
  return cur;
}
