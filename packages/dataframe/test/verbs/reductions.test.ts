/**
 * Reductions of frames and Series as tree reductions over many partitions: len, count, sum, mean,
 * min, max, std, var, nunique, quantile (approximate: checked against the sketch's stated rank-error
 * bound, kernels/quantile-sketch.ts) and describe — against plain loops over the generated rows.
 */

import { Table, vectorFromArray } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { assertFrameEqual, col, fromArrow } from '../../src/index.js';
import { columnValues, type Row, rng, rowsOf } from '../helpers/data.js';
import { makeDataset } from '../helpers/dataset.js';
import { aggregateRows, exactQuantile, numbers } from '../helpers/reference.js';

const ds = makeDataset({ n: 3000, seed: 21, files: 3, blocksize: 2048 });
const { rows, df } = ds;
afterAll(ds.cleanup);

const SYNC = { scheduler: 'synchronous' } as const;
const NUMERIC = ['id', 'k2', 'x', 'y'];

/** Expect a ≈ b to 1e-9 relative. */
function close(a: unknown, b: unknown): void {
  expect(typeof a).toBe('number');
  expect(Math.abs((a as number) - (b as number))).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(b as number)),
  );
}

/**
 * The sketch's bound (quantile-sketch.ts): the answer's true rank is within (2d + 3)·W/K + 2P of
 * q·(W − 1), for depth d, W values, K = 1024 points, P partitions. Checks the answer's rank range
 * in the sorted data overlaps that window.
 */
function withinSketchBound(
  values: readonly number[],
  q: number,
  answer: number,
  partitions: number,
  depth: number,
) {
  const sorted = [...values].sort((a, b) => a - b);
  const W = sorted.length;
  const bound = ((2 * depth + 3) * W) / 1024 + 2 * partitions;
  const target = q * (W - 1);
  let below = 0;
  let atOrBelow = 0;
  for (const v of sorted) {
    if (v < answer) below++;
    if (v <= answer) atOrBelow++;
  }
  // The answer lies between the values of ranks below-1 .. atOrBelow; its rank interval must reach the target window.
  expect(atOrBelow - 1).toBeGreaterThanOrEqual(target - bound - 1);
  expect(below).toBeLessThanOrEqual(target + bound + 1);
  expect(answer).toBeGreaterThanOrEqual(sorted[0]);
  expect(answer).toBeLessThanOrEqual(sorted[W - 1]);
}

/** Depth of the combine tree over p partitions with fan-in 8 (partials are depth 0). */
function treeDepth(p: number): number {
  let d = 0;
  do {
    p = Math.ceil(p / 8);
    d++;
  } while (p > 1);
  return d;
}

describe('frame reductions', () => {
  it('len counts every row of every partition', async () => {
    expect(df.npartitions).toBeGreaterThan(40);
    expect(await df.len().compute(SYNC)).toBe(rows.length);
    expect(await df.filter(col('k2').eq(0)).len().compute(SYNC)).toBe(rows.filter((r) => r.k2 === 0).length);
  });

  it('count gives the non-null count of every column', async () => {
    const got = await df.count().compute(SYNC);
    const expected = Object.fromEntries(df.columns.map((c) => [c, aggregateRows(rows, 'count', c)]));
    expect(got).toEqual(expected);
  });

  it('sum, mean, std and var cover the numeric columns', async () => {
    for (const agg of ['sum', 'mean', 'std', 'var'] as const) {
      const got = await df[agg]().compute(SYNC);
      expect(Object.keys(got).sort()).toEqual([...NUMERIC].sort());
      for (const c of NUMERIC) close(got[c], aggregateRows(rows, agg, c));
    }
  });

  it('min and max cover numeric and date columns (dates as Date)', async () => {
    const min = await df.min().compute(SYNC);
    const max = await df.max().compute(SYNC);
    for (const c of NUMERIC) {
      expect(min[c]).toBe(aggregateRows(rows, 'min', c));
      expect(max[c]).toBe(aggregateRows(rows, 'max', c));
    }
    expect(min.day).toEqual(new Date(aggregateRows(rows, 'min', 'day') as number));
    expect(max.day).toEqual(new Date(aggregateRows(rows, 'max', 'day') as number));
  });

  it('nunique counts distinct non-null values of every column', async () => {
    const got = await df.nunique().compute(SYNC);
    for (const c of df.columns) expect(got[c]).toBe(aggregateRows(rows, 'nunique', c));
  });

  it('quantile of every numeric column lies within the sketch bound', async () => {
    const got = await df.quantile(0.3).compute(SYNC);
    const d = treeDepth(df.npartitions);
    for (const c of NUMERIC) withinSketchBound(numbers(rows, c), 0.3, got[c] as number, df.npartitions, d);
  });

  it('reductions of a frame with no rows: counts and sums 0, means null', async () => {
    const empty = df.filter(col('y').gt(10_000));
    expect(await empty.len().compute(SYNC)).toBe(0);
    expect((await empty.count().compute(SYNC)).x).toBe(0);
    expect((await empty.sum().compute(SYNC)).x).toBe(0);
    expect((await empty.mean().compute(SYNC)).x).toBeNull();
    expect((await empty.max().compute(SYNC)).y).toBeNull();
  });
});

describe('Series reductions', () => {
  it('count, sum, mean, min, max, std, var, nunique of one column', async () => {
    const x = df.col('x');
    expect(x.npartitions).toBe(df.npartitions);
    expect(x.dtype).toBe('Float64');
    for (const agg of ['count', 'sum', 'mean', 'min', 'max', 'std', 'var'] as const) {
      close(await x[agg]().compute(SYNC), aggregateRows(rows, agg, 'x'));
    }
    expect(await df.col('cat').nunique().compute(SYNC)).toBe(aggregateRows(rows, 'nunique', 'cat'));
    expect(await df.col('name').nunique().compute(SYNC)).toBe(aggregateRows(rows, 'nunique', 'name'));
    expect(await df.col('y').min().compute(SYNC)).toBe(aggregateRows(rows, 'min', 'y'));
  });

  it('std and var take ddof', async () => {
    const xs = numbers(rows, 'y');
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const ss = xs.reduce((a, b) => a + (b - mean) ** 2, 0);
    close(await df.col('y').var(0).compute(SYNC), ss / xs.length);
    close(await df.col('y').std(0).compute(SYNC), Math.sqrt(ss / xs.length));
  });

  it('compute gives the column as a vector; head gives its first values', async () => {
    const v = await df.col('y').compute(SYNC);
    expect(v.length).toBe(rows.length);
    expect(Array.from(v.toArray() as Int32Array)).toEqual(rows.map((r) => r.y));
    const h = await df.col('y').head(7, SYNC);
    expect(Array.from(h.toArray() as Int32Array)).toEqual(rows.slice(0, 7).map((r) => r.y));
  });

  it('quantile is exact while the data fits in the sketch, and within the bound beyond', async () => {
    // 900 values: every sketch holds them all, so the answer is pandas' linear quantile.
    const small = numbers(rows.slice(0, 900), 'x');
    const smallDf = fromArrow(new Table({ v: vectorFromArray(Float64Array.from(small)) }), {
      npartitions: 9,
    });
    for (const q of [0, 0.1, 0.5, 0.9, 1])
      close(await smallDf.col('v').quantile(q).compute(SYNC), exactQuantile(small, q));

    // 60 000 values over 24 partitions: compaction at every level.
    const r = rng(5);
    const big = Array.from({ length: 60_000 }, () => (r() < 0.5 ? r() * 10 : 100 + r() ** 3 * 1000));
    const bigDf = fromArrow(new Table({ v: vectorFromArray(Float64Array.from(big)) }), { npartitions: 24 });
    for (const q of [0.01, 0.25, 0.5, 0.75, 0.99]) {
      const got = (await bigDf.col('v').quantile(q).compute(SYNC)) as number;
      withinSketchBound(big, q, got, 24, treeDepth(24));
    }
  });

  it('valueCounts gives each value with its count, most frequent first', async () => {
    const vc = df.col('cat').valueCounts();
    expect(vc.npartitions).toBe(1);
    expect(vc.columns).toEqual(['cat', 'count']);
    const counts = new Map<string, number>();
    for (const r of rows)
      if (r.cat !== null) counts.set(r.cat as string, (counts.get(r.cat as string) ?? 0) + 1);
    // Ties keep first-appearance order (Map insertion order), as the kernel documents.
    const expected = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([cat, count]) => ({ cat, count }));
    await assertFrameEqual(vc, expected);
    const asc = await df.col('k2').valueCounts({ ascending: true }).compute(SYNC);
    const k2 = rowsOf(asc);
    for (let i = 1; i < k2.length; i++)
      expect(k2[i].count as number).toBeGreaterThanOrEqual(k2[i - 1].count as number);
    expect(k2.reduce((a, r) => a + (r.count as number), 0)).toBe(rows.length);
  });

  it('valueCounts with normalize gives proportions that sum to 1', async () => {
    const t = await df.col('k2').valueCounts({ normalize: true }).compute(SYNC);
    const total = columnValues(t, 'proportion').reduce((a: number, v) => a + (v as number), 0);
    expect(total).toBeCloseTo(1, 12);
    for (const r of rowsOf(t)) {
      close(r.proportion, rows.filter((x) => x.k2 === r.k2).length / rows.length);
    }
  });
});

describe('describe', () => {
  it('count, mean, std, min, quartiles and max of the numeric columns', async () => {
    const t = await df.describe().compute(SYNC);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['statistic', ...NUMERIC]);
    expect(columnValues(t, 'statistic')).toEqual(['count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max']);
    const d = treeDepth(df.npartitions);
    for (const c of NUMERIC) {
      const v = columnValues(t, c) as number[];
      expect(v[0]).toBe(aggregateRows(rows, 'count', c));
      close(v[1], aggregateRows(rows, 'mean', c));
      close(v[2], aggregateRows(rows, 'std', c));
      expect(v[3]).toBe(aggregateRows(rows, 'min', c));
      expect(v[7]).toBe(aggregateRows(rows, 'max', c));
      [0.25, 0.5, 0.75].forEach((q, k) => {
        withinSketchBound(numbers(rows, c), q, v[4 + k], df.npartitions, d);
      });
    }
  });

  it('is a one-row-per-statistic table even over a filtered frame', async () => {
    const sub = rows.filter((r: Row) => r.cat === 'c3');
    const t = await df.filter(col('cat').eq('c3')).select(['x']).describe().compute(SYNC);
    const v = columnValues(t, 'x') as number[];
    expect(v[0]).toBe(aggregateRows(sub, 'count', 'x'));
    close(v[1], aggregateRows(sub, 'mean', 'x'));
  });
});
