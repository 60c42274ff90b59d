import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cronBlock, cronInterval, cronQuote, stripCronBlock, withCronBlock, CRON_BEGIN, CRON_END } from '../../../src/schedule/cron.js';
import type { ScheduleSpec } from '../../../src/schedule/types.js';
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

describe('cron', () => {
  it('says every interval in cron fields, or refuses what cron cannot say', () => {
    expect(cronInterval(1)).toBe('* * * * *');
    expect(cronInterval(15)).toBe('*/15 * * * *');
    expect(cronInterval(60)).toBe('0 * * * *');
    expect(cronInterval(120)).toBe('0 */2 * * *');
    expect(cronInterval(1440)).toBe('0 0 * * *');
    expect(() => cronInterval(45)).toThrow(/cron cannot run a job exactly every 45 minutes/);
  });

  it('writes marked lines with quoted absolute paths and escaped %', () => {
    const block = cronBlock(spec({ configDir: "/home/jane/it's 100%", evening: { hour: 21, minute: 5 } }));
    const lines = block.trimEnd().split('\n');
    expect(lines[0]).toBe(CRON_BEGIN);
    expect(lines[1]).toBe(
      `*/30 * * * * CTK_CONFIG_DIR='/home/jane/it'\\''s 100\\%' '${process.execPath}' '${CLI}' 'watch' '--once' >> '/home/jane/.config/ctk-nodejs/state/schedule.log' 2>&1`,
    );
    expect(lines[2]).toMatch(/^5 21 \* \* \* .* 'evening' '--method' 'oauth' '--yes' >> /);
    expect(lines[3]).toBe(CRON_END);
    expect(cronQuote('50%')).toBe("'50\\%'");
  });

  it('replaces its own block and keeps the user’s lines', () => {
    const mine = '# my jobs\n0 5 * * * /usr/bin/backup\n';
    const once = withCronBlock(mine, spec());
    expect(once.startsWith(mine)).toBe(true);
    const twice = withCronBlock(once, spec({ intervalMinutes: 10 }));
    expect(twice.split(CRON_BEGIN)).toHaveLength(2);
    expect(twice).toContain('*/10 * * * *');
    expect(twice).not.toContain('*/30 * * * *');
    expect(stripCronBlock(twice)).toBe(mine);
    expect(stripCronBlock(cronBlock(spec()))).toBe('');
  });
});
