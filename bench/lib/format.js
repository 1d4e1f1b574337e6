/**
 * Formatting numbers for benchmark tables: a few significant digits, a median with its spread,
 * ratios, and target marks. Every cell is a plain string so tables stay aligned in a terminal and
 * readable as Markdown.
 */

/** `x` with about three significant digits (`1.23`, `12.3`, `123`, `1,234`). */
export function num(x) {
  if (x === undefined || x === null || Number.isNaN(x)) return 'n/a';
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return '0';
  return x.toPrecision(2);
}

/** `median (min–max)` of a summary; `n/a` when there are no samples. */
export function spread(s, unit = '') {
  if (!s || s.n === 0) return 'n/a';
  if (s.n === 1) return `${num(s.median)}${unit}`;
  return `${num(s.median)}${unit} (${num(s.min)}–${num(s.max)})`;
}

/** A ratio summary as `9.8× (8.1–11)`. */
export function ratio(s) {
  return spread(s, '×');
}

/** `✓` or `✗` for a condition, `n/a` when it cannot be judged. */
export function mark(ok) {
  if (ok === undefined || ok === null) return 'n/a';
  return ok ? '✓' : '✗';
}

/** An integer with thousands separators. */
export function int(n) {
  return n.toLocaleString('en-US');
}
