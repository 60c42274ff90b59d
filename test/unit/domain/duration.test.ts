import { describe, expect, it } from 'vitest';
import { formatTimeLeft, parseDuration, parseHours } from '../../../src/domain/duration.js';

const H = 3_600_000;

describe('durations', () => {
  it('parses what people type', () => {
    expect(parseDuration('45s')).toBe(45_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('90')).toBe(90_000);
    expect(() => parseDuration('soon')).toThrow(/cannot read duration/);
    expect(() => parseDuration('5x')).toThrow();
  });
  it('parses hours and formats time left', () => {
    expect(parseHours('0.5')).toBe(0.5);
    expect(() => parseHours('-1')).toThrow(/number of hours/);
    expect(formatTimeLeft(7.2 * H)).toBe('7.2 h');
    expect(formatTimeLeft(45 * 60_000)).toBe('45 min');
    expect(formatTimeLeft(-1.5 * H)).toBe('-1.5 h');
    expect(formatTimeLeft(null)).toBe('—');
  });
});
