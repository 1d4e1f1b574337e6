import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatRate } from '../../src/diagnostics/format.js';

describe('format', () => {
  it('writes durations short, in the unit that reads best', () => {
    expect(formatDuration(0.25)).toBe('0.25 ms');
    expect(formatDuration(4.56)).toBe('4.6 ms');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(59_990)).toBe('1m 00s');
    expect(formatDuration(245_000)).toBe('4m 05s');
    expect(formatDuration(3_720_000)).toBe('1h 02m');
    expect(formatDuration(-1)).toBe('?');
    expect(formatDuration(Number.NaN)).toBe('?');
  });

  it('writes counts with thousands separators and rates with three digits', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(-12_000)).toBe('-12,000');
    expect(formatRate(1234.5)).toBe('1,235/s');
    expect(formatRate(2.345)).toBe('2.35/s');
    expect(formatRate(Number.POSITIVE_INFINITY)).toBe('?/s');
  });
});
