/**
 * Short human-readable numbers for diagnostics: durations (`850 ms`, `12.3 s`, `4m 05s`, `1h 02m`)
 * and counts with thousands separators (`10,000`). Byte sizes come from core's `formatBytes`.
 * Formatting is deterministic (no locale), so the same run prints the same text everywhere.
 */

/**
 * A duration in milliseconds as short text: below 1 s in ms, below a minute in seconds (one
 * decimal), then minutes and seconds, then hours and minutes. Negative or non-finite: '?'.
 *
 * @example
 * formatDuration(0.25); // '0.25 ms'
 * formatDuration(850); // '850 ms'
 * formatDuration(12_345); // '12.3 s'
 * formatDuration(245_000); // '4m 05s'
 * formatDuration(3_720_000); // '1h 02m'
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 59.95) return `${s.toFixed(1)} s`;
  const totalS = Math.round(s);
  if (totalS < 3600) return `${Math.floor(totalS / 60)}m ${String(totalS % 60).padStart(2, '0')}s`;
  const totalM = Math.round(totalS / 60);
  return `${Math.floor(totalM / 60)}h ${String(totalM % 60).padStart(2, '0')}m`;
}

/**
 * A whole number with `,` between thousands (no locale: the same text in every environment).
 *
 * @example
 * formatCount(1234567); // '1,234,567'
 */
export function formatCount(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  return `${n < 0 ? '-' : ''}${s.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/**
 * Tasks per second as short text (three significant digits at most).
 *
 * @example
 * formatRate(1234.5); // '1,235/s'
 * formatRate(2.345); // '2.35/s'
 */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) return '?/s';
  if (perSecond >= 100) return `${formatCount(perSecond)}/s`;
  return `${Number(perSecond.toPrecision(3))}/s`;
}
