import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchdPlist, launchdPlists, WATCH_LABEL, EVENING_LABEL } from '../../../src/schedule/launchd.js';
import type { BackendEnv, ScheduleSpec } from '../../../src/schedule/types.js';
import { ROOT } from '../../helpers.js';

const CLI = path.join(ROOT, 'dist', 'cli.js');

function spec(over: Partial<ScheduleSpec> = {}): ScheduleSpec {
  return {
    intervalMinutes: 30,
    evening: null,
    autoRefresh: false,
    node: process.execPath,
    cli: CLI,
    configDir: null,
    stateDir: '/home/jane/.config/ctk-nodejs/state',
    home: '/home/jane',
    ...over,
  };
}

const noRun: BackendEnv = { env: {}, uid: 501, runner: { run: () => ({ code: 0, stdout: '', stderr: '' }) } };

// ---- a small, strict XML reader for plists: matched tags, known entities, nothing else ----
type PlistValue = string | number | boolean | PlistValue[] | { [k: string]: PlistValue };
function parsePlist(xml: string): PlistValue {
  let body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  expect(body.startsWith('<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">')).toBe(true);
  body = body.replace(/^<!DOCTYPE[^>]*>\n/, '').replace(/<!--[\s\S]*?-->/g, '');
  const tokens = body.match(/<[^>]+>|[^<]+/g) ?? [];
  let i = 0;
  const text = (s: string) => {
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(s) || /[<>]/.test(s)) throw new Error(`bad character data: ${s}`);
    return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  };
  const skipWs = () => {
    while (i < tokens.length && !tokens[i].startsWith('<') && tokens[i].trim() === '') i++;
  };
  const closeTag = (name: string) => {
    skipWs();
    if (tokens[i++] !== `</${name}>`) throw new Error(`expected </${name}> at token ${i - 1}: ${tokens[i - 1]}`);
  };
  const leaf = (name: string) => {
    const t = tokens[i] !== undefined && !tokens[i].startsWith('<') ? text(tokens[i++]) : '';
    closeTag(name);
    return t;
  };
  const value = (): PlistValue => {
    skipWs();
    const tag = tokens[i++];
    if (tag === '<true/>') return true;
    if (tag === '<false/>') return false;
    if (tag === '<string>') return leaf('string');
    if (tag === '<integer>') {
      const t = leaf('integer');
      if (!/^-?\d+$/.test(t)) throw new Error(`bad integer ${t}`);
      return Number(t);
    }
    if (tag === '<array>') {
      const out: PlistValue[] = [];
      for (skipWs(); tokens[i] !== '</array>'; skipWs()) out.push(value());
      i++;
      return out;
    }
    if (tag === '<dict>') {
      const out: Record<string, PlistValue> = {};
      for (skipWs(); tokens[i] !== '</dict>'; skipWs()) {
        if (tokens[i++] !== '<key>') throw new Error(`expected <key>, got ${tokens[i - 1]}`);
        const k = leaf('key');
        if (k in out) throw new Error(`duplicate key ${k}`);
        out[k] = value();
      }
      i++;
      return out;
    }
    throw new Error(`unexpected ${tag}`);
  };
  skipWs();
  if (tokens[i++] !== '<plist version="1.0">') throw new Error('no <plist version="1.0">');
  const v = value();
  closeTag('plist');
  skipWs();
  if (i !== tokens.length) throw new Error('content after </plist>');
  return v;
}

describe('launchd plist', () => {
  it('is valid XML with the keys launchd needs', () => {
    const files = launchdPlists(spec({ configDir: '/Users/jane/ctk & co <x>', evening: { hour: 21, minute: 30 }, autoRefresh: true }), '/Users/jane/Library/LaunchAgents');
    expect(Object.keys(files)).toEqual([`/Users/jane/Library/LaunchAgents/${WATCH_LABEL}.plist`, `/Users/jane/Library/LaunchAgents/${EVENING_LABEL}.plist`]);
    const [watchXml, eveningXml] = Object.values(files);
    const w = parsePlist(watchXml) as Record<string, any>;
    expect(w).toEqual({
      Label: 'com.claude-token-kit.watch',
      ProgramArguments: [process.execPath, CLI, 'watch', '--once', '--auto-refresh'],
      EnvironmentVariables: { CTK_CONFIG_DIR: '/Users/jane/ctk & co <x>' },
      StartInterval: 1800,
      RunAtLoad: true,
      ProcessType: 'Background',
      StandardOutPath: '/home/jane/.config/ctk-nodejs/state/schedule.log',
      StandardErrorPath: '/home/jane/.config/ctk-nodejs/state/schedule.log',
    });
    const e = parsePlist(eveningXml) as Record<string, any>;
    expect(e.Label).toBe('com.claude-token-kit.evening');
    expect(e.ProgramArguments.slice(2)).toEqual(['evening', '--method', 'oauth', '--yes']);
    expect(e.StartCalendarInterval).toEqual({ Hour: 21, Minute: 30 });
    expect(e).not.toHaveProperty('StartInterval');
  });

  it('leaves EnvironmentVariables out when CTK_CONFIG_DIR is not set', () => {
    const p = parsePlist(launchdPlist({ label: 'x', argv: ['/n', '/c'], env: {}, every: 60, log: '/l' })) as Record<string, any>;
    expect(p).not.toHaveProperty('EnvironmentVariables');
    expect(() => parsePlist('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0"><dict><key>a</key><string>x & y</string></dict></plist>')).toThrow(/bad character/);
  });

  it('loads into the user GUI domain', async () => {
    const { launchdBackend } = await import('../../../src/schedule/launchd.js');
    const steps = launchdBackend.installPlan(spec(), { ...noRun, env: { CTK_LAUNCHAGENTS_DIR: '/LA', CTK_LAUNCHCTL: 'launchctl' } });
    expect(steps.map((s) => (s.kind === 'run' ? s.argv.join(' ') : `write ${(s as any).path}`))).toEqual([
      `write /LA/${WATCH_LABEL}.plist`,
      `launchctl bootout gui/501/${WATCH_LABEL}`,
      `launchctl bootstrap gui/501 /LA/${WATCH_LABEL}.plist`,
    ]);
  });
});
