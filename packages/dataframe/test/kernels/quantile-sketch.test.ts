import type { Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { AggSpec } from '../../src/kernels/groupby/spec.js';
import { compactSorted, mergePoints, pointSink, querySketch } from '../../src/kernels/quantile-sketch.js';
import { reduceCombine, reduceFinalize, reducePartial } from '../../src/kernels/reduce.js';
import { rng, tableOf } from './helpers.js';
import { exactQuantile } from './reference.js';

const QS = [0, 0.01, 0.05, 0.1, 0.25, 0.333, 0.5, 0.75, 0.9, 0.95, 0.99, 1];

/** Rank interval [#values < x, #values <= x] of x in sorted data. */
function rankOf(sorted: Float64Array, x: number): [number, number] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (sorted[m] < x) lo = m + 1;
    else hi = m;
  }
  let e = lo;
  while (e < sorted.length && sorted[e] <= x) e++;
  return [lo, e];
}

/** Distance from the target rank q·(W−1) to the rank interval of x. */
function rankError(sorted: Float64Array, x: number, q: number): number {
  const target = q * (sorted.length - 1);
  const [lo, hi] = rankOf(sorted, x);
  if (target < lo) return lo - target;
  if (target > hi) return target - hi;
  return 0;
}

describe('quantile sketch', () => {
  it('is exact (pandas linear) while there are at most k values', () => {
    const r = rng(1);
    const vals = Array.from({ length: 700 }, () => Math.floor(r() * 50));
    const t = tableOf(
      vals.map((v) => ({ v })),
      { v: 'int32' },
    );
    const sorted = [...vals].sort((a, b) => a - b);
    for (const q of QS) {
      const aggs: AggSpec[] = [{ column: 'v', agg: 'quantile', q }];
      const parts = [t.slice(0, 100), t.slice(100, 400), t.slice(400)];
      const state = reduceCombine(
        parts.map((p) => reducePartial(p, aggs)),
        aggs,
      );
      expect(reduceFinalize(state, aggs)[Object.keys(reduceFinalize(state, aggs))[0]]).toBeCloseTo(
        exactQuantile(sorted, q)!,
        9,
      );
    }
  });

  it('keeps the stated rank-error bound through a tree of compactions', () => {
    const r = rng(2);
    const W = 200_000;
    const K = 256;
    const P = 16;
    const fanIn = 4; // depth d = 2 above the partials
    // skewed data with many duplicates
    const vals = Float64Array.from({ length: W }, () => Math.round(Math.exp(r() * 6) * 10) / 10);
    const t = tableOf(
      Array.from(vals, (v) => ({ v })),
      { v: 'float64' },
    );
    const sorted = Float64Array.from(vals).sort();
    let worst = 0;
    for (const q of QS) {
      const aggs: AggSpec[] = [{ column: 'v', agg: 'quantile', q, k: K }];
      let level: Table[] = Array.from({ length: P }, (_, k) =>
        reducePartial(t.slice((k * W) / P, ((k + 1) * W) / P), aggs),
      );
      let depth = 0;
      while (level.length > 1) {
        const next: Table[] = [];
        for (let i = 0; i < level.length; i += fanIn)
          next.push(reduceCombine(level.slice(i, i + fanIn), aggs));
        level = next;
        depth++;
      }
      const x = Object.values(reduceFinalize(level[0], aggs))[0] as number;
      const err = rankError(sorted, x, q);
      const bound = ((2 * depth + 3) * W) / K + 2 * P; // the bound stated in quantile-sketch.ts
      expect(err).toBeLessThanOrEqual(bound);
      worst = Math.max(worst, err / W);
    }
    // in practice far inside the bound ((2·2+3)/256 ≈ 2.7%)
    expect(worst).toBeLessThan(0.01);
  });

  it('building blocks: compaction, merging and the query', () => {
    const out = pointSink(4);
    compactSorted(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8), 0, 8, 4, out);
    expect(Array.from(out.values.subarray(0, out.size))).toEqual([2, 4, 6, 8]);
    expect(Array.from(out.weights.subarray(0, out.size))).toEqual([2, 2, 2, 2]);
    const merged = pointSink(6);
    mergePoints([5, 1, 3, 2, 4, 6], [1, 1, 1, 1, 1, 1], 3, merged);
    expect(merged.size).toBeLessThanOrEqual(3);
    expect(Array.from(merged.weights.subarray(0, merged.size)).reduce((a, b) => a + b, 0)).toBe(6);
    expect(querySketch([1, 2, 3, 4], [1, 1, 1, 1], 0, 4, 0.5)).toBe(2.5);
    expect(querySketch([], [], 0, 0, 0.5)).toBeNull();
  });
});
