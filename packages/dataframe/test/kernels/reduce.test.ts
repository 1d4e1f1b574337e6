import type { Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { DTypeError } from '../../src/expr/errors.js';
import { emptyTable } from '../../src/kernels/arrow/table.js';
import type { AggSpec } from '../../src/kernels/groupby/spec.js';
import { tableFromIpcBytes, tableToIpc } from '../../src/kernels/ipc.js';
import { reduceCombine, reduceFinalize, reducePartial } from '../../src/kernels/reduce.js';
import { type Row, rng, tableOf } from './helpers.js';
import { approx, refAgg } from './reference.js';

const r = rng(9);
const rows: Row[] = Array.from({ length: 3000 }, () => ({
  x: r() < 0.1 ? null : (r() - 0.3) * 1000,
  i: r() < 0.1 ? null : Math.floor(r() * 100) - 20,
  s: r() < 0.1 ? null : `w${Math.floor(r() * 70)}`,
  b: r() < 0.1 ? null : r() < 0.4,
  d: r() < 0.1 ? null : Date.UTC(2010, 0, 1) + Math.floor(r() * 1e5) * 86_400_000,
  nul: null,
}));
const types = { x: 'float64', i: 'int32', s: 'category', b: 'bool', d: 'date', nul: 'float64' } as const;
const table = tableOf(rows, types);

const AGGS: AggSpec[] = [
  { column: 'x', agg: 'count' },
  { column: 'x', agg: 'sum' },
  { column: 'x', agg: 'mean' },
  { column: 'x', agg: 'std' },
  { column: 'i', agg: 'var' },
  { column: 'i', agg: 'min' },
  { column: 'i', agg: 'max' },
  { column: 's', agg: 'min' },
  { column: 's', agg: 'nunique' },
  { column: 'i', agg: 'nunique' },
  { column: 'b', agg: 'sum' },
  { column: 'b', agg: 'mean' },
  // k above the row count: the sketch is exact (its error bound is tested in quantile-sketch.test.ts)
  { column: 'x', agg: 'median', k: 4096 },
  { column: 'i', agg: 'quantile', q: 0.25, k: 4096 },
  { column: 'nul', agg: 'sum' },
  { column: 'nul', agg: 'mean' },
  { column: 'nul', agg: 'max' },
  { agg: 'size' },
];

function expected(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of AGGS) {
    const name =
      a.agg === 'size' ? 'size' : a.agg === 'quantile' ? `${a.column}_q25` : `${a.column}_${a.agg}`;
    out[name] = approx(refAgg(rows, a.agg, a.column, a.q));
  }
  return out;
}

const round = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, approx(v)]));

function tree(parts: Table[], aggs: AggSpec[], fanIn = 3): Table {
  let level = parts.map((p) => tableFromIpcBytes(tableToIpc(reducePartial(p, aggs))));
  while (level.length > 1) {
    const next: Table[] = [];
    for (let i = 0; i < level.length; i += fanIn) next.push(reduceCombine(level.slice(i, i + fanIn), aggs));
    level = next;
  }
  return level[0];
}

describe('reductions', () => {
  it('match a row loop on one partition', () => {
    expect(round(reduceFinalize(reducePartial(table, AGGS), AGGS))).toEqual(expected());
  });

  it('match through a tree of partials and combines (with empty partitions)', () => {
    const cuts = [0, 0, 17, 500, 501, 1200, 2999, 3000];
    const parts = cuts.slice(1).map((c, k) => table.slice(cuts[k], c));
    expect(round(reduceFinalize(tree(parts, AGGS), AGGS))).toEqual(expected());
  });

  it('follow pandas on empty input: sum 0, count 0, mean/min/std null', () => {
    const e = reduceFinalize(reducePartial(emptyTable(table.schema), AGGS), AGGS);
    expect(e.x_sum).toBe(0);
    expect(e.x_count).toBe(0);
    expect(e.size).toBe(0);
    expect(e.x_mean).toBeNull();
    expect(e.x_std).toBeNull();
    expect(e.i_min).toBeNull();
    expect(e.x_median).toBeNull();
  });

  it('returns Dates for date min/max', () => {
    const aggs: AggSpec[] = [
      { column: 'd', agg: 'min' },
      { column: 'd', agg: 'max' },
    ];
    const out = reduceFinalize(reducePartial(table, aggs), aggs);
    const ds = rows.map((x) => x.d).filter((v) => v !== null) as number[];
    expect(out.d_min).toEqual(new Date(Math.min(...ds)));
    expect(out.d_max).toEqual(new Date(Math.max(...ds)));
  });

  it('variance is numerically stable for 1e9 + small values (Chan et al. combine)', () => {
    // values 1e9 + small: Σx² − (Σx)²/n would cancel catastrophically
    const small = Array.from({ length: 4000 }, (_, i) => ((i * 7919) % 1000) / 100);
    const big = small.map((v) => ({ v: 1e9 + v }));
    const mean = small.reduce((a, b) => a + b, 0) / small.length;
    const refVar = small.reduce((a, b) => a + (b - mean) ** 2, 0) / (small.length - 1);
    const t = tableOf(big, { v: 'float64' });
    const aggs: AggSpec[] = [
      { column: 'v', agg: 'var' },
      { column: 'v', agg: 'std' },
    ];
    const one = reduceFinalize(reducePartial(t, aggs), aggs);
    expect(Math.abs((one.v_var as number) - refVar) / refVar).toBeLessThan(1e-6);
    const parts = Array.from({ length: 14 }, (_, k) => t.slice(k * 300, Math.min(4000, (k + 1) * 300)));
    const many = reduceFinalize(tree(parts, aggs, 2), aggs);
    expect(Math.abs((many.v_var as number) - refVar) / refVar).toBeLessThan(1e-6);
    expect(Math.abs((many.v_std as number) - Math.sqrt(refVar)) / Math.sqrt(refVar)).toBeLessThan(1e-6);
    // the naive formula is far off here, which is why it is not used
    const n = big.length;
    const s = big.reduce((a, b) => a + b.v, 0);
    const ss = big.reduce((a, b) => a + b.v * b.v, 0);
    expect(Math.abs((ss - (s * s) / n) / (n - 1) - refVar) / refVar).toBeGreaterThan(1e-3);
  });

  it('ddof', () => {
    const t = tableOf([{ v: 1 }, { v: 2 }, { v: 3 }, { v: 4 }], { v: 'int32' });
    const aggs: AggSpec[] = [{ column: 'v', agg: 'var', ddof: 0 }];
    expect(reduceFinalize(reducePartial(t, aggs), aggs).v_var).toBeCloseTo(1.25, 12);
  });

  it('refuses non-numeric sums', () => {
    expect(() => reducePartial(table, [{ column: 's', agg: 'sum' }])).toThrow(DTypeError);
  });
});
