import { describe, expect, it } from 'vitest';
import { coveringTicks } from '../../../src/diagnostics/report/resource-chart.js';
import { niceTicks, timeLabel } from '../../../src/diagnostics/report/time-axis.js';

describe('axis ticks', () => {
  it('picks round steps of 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks(0, 1000, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(0, 7, 4)).toEqual([0, 2, 4, 6]);
    expect(niceTicks(0.1, 0.35, 5)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    expect(niceTicks(5, 5, 4)).toEqual([5]);
  });

  it('covers the maximum on value axes', () => {
    expect(coveringTicks(115, 4)).toEqual([0, 20, 40, 60, 80, 100, 120]);
    expect(coveringTicks(130, 3)).toEqual([0, 50, 100, 150]);
    expect(coveringTicks(100, 4)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(coveringTicks(0, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('labels a time axis in one unit', () => {
    expect(timeLabel(250, 50, 400)).toBe('250 ms');
    expect(timeLabel(0, 500, 3000)).toBe('0');
    expect(timeLabel(1500, 500, 3000)).toBe('1.5 s');
    expect(timeLabel(20_000, 5000, 40_000)).toBe('20 s');
    expect(timeLabel(1040, 20, 1100)).toBe('1.04 s');
  });
});
