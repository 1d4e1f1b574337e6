/**
 * Statistics for benchmark samples: median and spread (min–max), and paired ratios.
 *
 * The machine is shared and drifts, so the harness reports medians (robust to a few slow samples)
 * with the full min–max range beside them, and compares contenders by the ratio of samples taken in
 * the same round (see measure.js), which cancels most of the drift.
 */

/** Median of a list of numbers (mean of the two middle values for an even count). */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** `{ median, min, max, n }` of a list of numbers (NaN fields when empty). */
export function summarize(values) {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { median: median(values), min, max, n: values.length };
}

/** Median value per round of a `{ round, value }[]` series (a round may hold several samples). */
function perRound(series) {
  const rounds = new Map();
  for (const s of series) {
    const list = rounds.get(s.round);
    if (list) list.push(s.value);
    else rounds.set(s.round, [s.value]);
  }
  return new Map([...rounds].map(([r, vs]) => [r, median(vs)]));
}

/**
 * Ratios num/den of the samples taken in the same round (each round's median when a contender took
 * several), summarised. `num` and `den` are `{ round, value }[]`; rounds missing from either are skipped.
 */
export function pairedRatio(num, den) {
  const a = perRound(num);
  const b = perRound(den);
  const ratios = [];
  for (const [r, v] of a) {
    const d = b.get(r);
    if (d !== undefined && d > 0) ratios.push(v / d);
  }
  return summarize(ratios);
}
