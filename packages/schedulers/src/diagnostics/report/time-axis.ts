/**
 * Axis ticks for the report's charts: "nice" round values (1, 2 or 5 times a power of ten) that
 * cover a range with about the number of ticks asked for, and short labels for times and sizes.
 * The page's script has the same algorithm for re-drawing the time axis after a zoom.
 *
 * Reference: Heckbert, "Nice numbers for graph labels", Graphics Gems (1990).
 */

/**
 * About `count` round tick values in [min, max].
 *
 * @example
 * niceTicks(0, 1000, 5); // [0, 200, 400, 600, 800, 1000]
 * niceTicks(0, 7, 4); // [0, 2, 4, 6]
 */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!(max > min) || count < 1) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  const step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}

/**
 * A time offset in ms as a label on an axis whose ticks are `step` apart and reach `last`: the whole
 * axis in ms when it stays below 1 s, else in seconds with as many decimals as the step needs.
 *
 * @example
 * timeLabel(0, 50, 400); // '0'
 * timeLabel(250, 50, 400); // '250 ms'
 * timeLabel(1500, 500, 3000); // '1.5 s'
 * timeLabel(20_000, 5000, 40_000); // '20 s'
 */
export function timeLabel(ms: number, step: number, last: number): string {
  if (ms === 0) return '0';
  if (Math.abs(last) < 1000) return `${Number(ms.toPrecision(6))} ms`;
  const decimals = step >= 1000 ? 0 : Math.min(3, Math.max(0, -Math.floor(Math.log10(step / 1000) + 1e-9)));
  return `${(ms / 1000).toFixed(decimals)} s`;
}
