import { describe, expect, it } from 'vitest';
import { nextExpiry, type QueueRow } from '../../../src/domain/routine.js';

const NOW = 1_800_000_000_000;
const H = 3_600_000;
const row = (id: string, state: QueueRow['state'], hoursLeft: number | null): QueueRow => ({
  id,
  state,
  msLeft: hoursLeft === null ? null : hoursLeft * H,
  expiresAt: hoursLeft === null ? null : NOW + hoursLeft * H,
});

describe('routine report view', () => {
  // Imported here so the pure-domain tests above stay free of table code.
  const row = (id: string, result: 'refreshed' | 'failed' | 'skipped', extra: Record<string, unknown> = {}) => ({
    id,
    label: null,
    email: `dev${id}@x.com`,
    method: 'login' as const,
    result,
    reason: result === 'refreshed' ? null : 'claude auth login exited with code 1',
    nextStep: result === 'refreshed' ? null : `try again: ctk refresh ${id} --method login`,
    oldExpiresAt: NOW + H,
    newExpiresAt: result === 'refreshed' ? NOW + 8 * H : null,
    lifespanMs: result === 'refreshed' ? 8 * H : null,
    signedInAs: null,
    wrongAccount: false,
    command: null,
    ...extra,
  });

  it('prints the table, the counts, the next expiry and one next step per account not done', async () => {
    const { renderRoutineReport } = await import('../../../src/ui/routine-view.js');
    const pc = (await import('picocolors')).default.createColors(false);
    const lines = renderRoutineReport(
      {
        command: 'evening',
        method: 'login',
        windowHours: 8,
        dryRun: false,
        stopped: false,
        results: [row('1', 'refreshed'), row('2', 'failed'), row('3', 'failed', { wrongAccount: true, nextStep: 'log in again as dev3@x.com' })],
        next: { id: '2', email: 'dev2@x.com', expiresAt: NOW + H, msLeft: H },
        needsAttention: [{ id: '9', state: 'invalid', error: 'not JSON' }],
        exitCode: 2,
      },
      pc,
      NOW,
    );
    const text = lines.join('\n');
    expect(text).toMatch(/1\s+dev1@x\.com\s+login\s+✔ refreshed/);
    expect(text).toMatch(/3\s+dev3@x\.com\s+login\s+✖ WRONG ACCOUNT/);
    expect(text).toContain('3 queued: 1 refreshed, 2 failed');
    expect(text).toMatch(/Next expiry: 2 \(dev2@x\.com\) at .*, in 1\.0 h/);
    expect(text).toContain('Not queued: 9 is invalid (not JSON)');
    expect(lines.slice(-3)).toEqual(['What to do:', '  2: try again: ctk refresh 2 --method login', '  3: log in again as dev3@x.com']);
  });

  it('a dry run lists the commands and says nothing changed', async () => {
    const { renderRoutineReport, routineJson } = await import('../../../src/ui/routine-view.js');
    const pc = (await import('picocolors')).default.createColors(false);
    const report = {
      command: 'refresh',
      method: 'auto' as const,
      windowHours: null,
      dryRun: true,
      stopped: false,
      results: [{ ...row('4', 'refreshed'), result: 'planned' as const, command: 'CLAUDE_CONFIG_DIR=/a/4 claude auth login' }],
      next: null,
      needsAttention: [],
      exitCode: 0,
    };
    expect(renderRoutineReport(report, pc, NOW)).toEqual([
      'Not executed: CLAUDE_CONFIG_DIR=/a/4 claude auth login',
      '',
      'Dry run: nothing was changed.',
    ]);
    expect(routineJson(report, NOW)).toMatchObject({
      schemaVersion: 1,
      generatedAt: new Date(NOW).toISOString(),
      summary: { queued: 1, refreshed: 0, failed: 0, skipped: 0, planned: 1 },
      nextExpiry: null,
    });
  });
});
