import type { Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { ColumnNotFoundError, DTypeError, InvalidArgumentError } from '../../src/expr/errors.js';
import { emptyTable } from '../../src/kernels/arrow/table.js';
import type { AggSpec } from '../../src/kernels/groupby/spec.js';
import { groupby, groupbyCombine, groupbyFinalize, groupbyPartial } from '../../src/kernels/groupby.js';
import { tableFromIpcBytes, tableToIpc } from '../../src/kernels/ipc.js';
import { type Row, rng, rowsOf, tableOf, typeNames } from './helpers.js';
import { approx, groupRows, refAgg } from './reference.js';

const r = rng(42);
const KEYS = ['alpha', 'beta', 'gamma', 'delta', 'épsilon', ''];
const rows: Row[] = Array.from({ length: 2000 }, (_, i) => ({
  k: r() < 0.05 ? null : KEYS[Math.floor(r() * KEYS.length)],
  n: r() < 0.05 ? null : Math.floor(r() * 4),
  flag: r() < 0.05 ? null : r() < 0.3,
  x: r() < 0.1 ? null : Math.round((r() * 100 - 30) * 16) / 16,
  y: r() < 0.1 ? null : Math.floor(r() * 50),
  s: r() < 0.1 ? null : `v${Math.floor(r() * 40)}`,
  d: r() < 0.1 ? null : Date.UTC(2021, 0, 1 + Math.floor(r() * 300)),
  i: i,
}));
const types = {
  k: 'string',
  n: 'int32',
  flag: 'bool',
  x: 'float64',
  y: 'int32',
  s: 'string',
  d: 'date',
  i: 'int64',
} as const;
const plainT = tableOf(rows, types);
const dictT = tableOf(rows, { ...types, k: 'category', s: 'category' });

const AGGS: AggSpec[] = [
  { column: 'x', agg: 'count' },
  { agg: 'size' },
  { column: 'x', agg: 'sum' },
  { column: 'y', agg: 'sum' },
  { column: 'x', agg: 'mean' },
  { column: 'x', agg: 'var' },
  { column: 'y', agg: 'std' },
  { column: 'x', agg: 'min' },
  { column: 'y', agg: 'max' },
  { column: 's', agg: 'min' },
  { column: 's', agg: 'max' },
  { column: 'd', agg: 'max' },
  { column: 'x', agg: 'first' },
  { column: 's', agg: 'last' },
  { column: 's', agg: 'nunique' },
  { column: 'y', agg: 'nunique' },
  { column: 'x', agg: 'median' },
  { column: 'y', agg: 'quantile', q: 0.9 },
  { column: 'flag', agg: 'sum' },
];
const NAMES = AGGS.map(
  (a) =>
    a.name ?? (a.agg === 'size' ? 'size' : a.agg === 'quantile' ? `${a.column}_q90` : `${a.column}_${a.agg}`),
);

/** Reference result rows: keys then one value per agg, groups sorted by key (nulls last). */
function reference(keys: string[], keepNull = false, sort = true): Row[] {
  const out: Row[] = [];
  for (const g of groupRows(rows, keys, keepNull).values()) {
    const row: Row = {};
    for (const k of keys) row[k] = g[0][k];
    AGGS.forEach((a, j) => {
      row[NAMES[j]] = approx(refAgg(g, a.agg, a.column, a.q));
    });
    out.push(row);
  }
  if (sort) {
    const cmp = (a: unknown, b: unknown) =>
      a === b ? 0 : a === null ? 1 : b === null ? -1 : (a as any) < (b as any) ? -1 : 1;
    out.sort((a, b) => {
      for (const k of keys) {
        const c = cmp(a[k], b[k]);
        if (c) return c;
      }
      return 0;
    });
  }
  return out;
}

const rounded = (t: Table) =>
  rowsOf(t).map((x) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, approx(v)])));

function partitions(t: Table, cuts: number[]): Table[] {
  const out: Table[] = [];
  let prev = 0;
  for (const c of [...cuts, t.numRows]) {
    out.push(t.slice(prev, c));
    prev = c;
  }
  return out;
}

/** A tree reduction with fan-in 2 over IPC (as workers would move the states). */
function treeReduce(parts: Table[], keys: string[], aggs: AggSpec[]): Table {
  let level = parts.map((p) => tableFromIpcBytes(tableToIpc(groupbyPartial(p, keys, aggs))));
  while (level.length > 1) {
    const next: Table[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(groupbyCombine(level.slice(i, i + 2), keys, aggs));
    level = next;
  }
  return groupbyFinalize(level[0], keys, aggs);
}

describe('groupby', () => {
  it.each([
    ['plain string key', plainT],
    ['category key', dictT],
  ])('every aggregation by one %s matches a row loop', (_, t) => {
    const out = groupby(t, ['k'], AGGS);
    expect(out.schema.names).toEqual(['k', ...NAMES]);
    expect(rounded(out)).toEqual(reference(['k']));
  });

  it('multi-column keys (string × int × bool)', () => {
    for (const t of [plainT, dictT])
      expect(rounded(groupby(t, ['k', 'n', 'flag'], AGGS))).toEqual(reference(['k', 'n', 'flag']));
  });

  it('keeps null keys as a group with dropna: false', () => {
    expect(rounded(groupby(dictT, ['k', 'n'], AGGS, { dropna: false }))).toEqual(reference(['k', 'n'], true));
  });

  it('first-appearance order with sort: false', () => {
    expect(rounded(groupby(plainT, ['k'], AGGS, { sort: false }))).toEqual(reference(['k'], false, false));
  });

  it('a tree of partial/combine over uneven partitions (and IPC) equals one pass', () => {
    for (const t of [plainT, dictT]) {
      const parts = partitions(t, [0, 1, 300, 301, 900, 1500, 1500]);
      expect(rounded(treeReduce(parts, ['k', 'flag'], AGGS))).toEqual(reference(['k', 'flag']));
    }
  });

  it('keeps input types for min/max/first/last and float64 for the rest', () => {
    const out = groupby(dictT, ['k'], AGGS);
    const types = Object.fromEntries(typeNames(out).map((s) => s.split(':')));
    expect(types.k).toBe('Dictionary<Utf8>');
    expect(types.y_max).toBe('Int32');
    expect(types.s_min).toBe('Dictionary<Utf8>');
    expect(types.d_max).toBe('Date32<DAY>');
    for (const n of ['size', 'x_count', 'y_sum', 'x_mean', 'y_std', 's_nunique', 'x_median'])
      expect(types[n]).toBe('Float64');
  });

  it('on an empty table gives no rows and the same schema (meta)', () => {
    const empty = groupby(emptyTable(dictT.schema), ['k', 'n'], AGGS);
    expect(empty.numRows).toBe(0);
    expect(typeNames(empty)).toEqual(typeNames(groupby(dictT, ['k', 'n'], AGGS)));
  });

  it('int64 and date keys', () => {
    const out = groupby(plainT, ['d'], [{ column: 'x', agg: 'sum' }]);
    expect(rounded(out)).toEqual(
      [...groupRows(rows, ['d']).values()]
        .map((g) => ({ d: g[0].d, x_sum: approx(refAgg(g, 'sum', 'x')) }))
        .sort((a, b) => (a.d as number) - (b.d as number)),
    );
    const byI = groupby(plainT.slice(0, 10), ['i'], [{ agg: 'size' }]);
    expect(rowsOf(byI)).toEqual(rows.slice(0, 10).map((x) => ({ i: x.i, size: 1 })));
  });

  it('names, custom names and errors', () => {
    expect(groupby(plainT, 'k', [{ column: 'x', agg: 'mean', name: 'avg' }]).schema.names).toEqual([
      'k',
      'avg',
    ]);
    expect(() => groupby(plainT, ['k'], [{ column: 's', agg: 'sum' }])).toThrow(DTypeError);
    expect(() => groupby(plainT, ['k'], [{ column: 's', agg: 'sum' }])).toThrow(/column 's' is string/);
    expect(() => groupby(plainT, ['k'], [{ column: 'x', agg: 'bogus' as never }])).toThrow(
      InvalidArgumentError,
    );
    expect(() => groupby(plainT, ['k'], [{ column: 'zz', agg: 'sum' }])).toThrow(ColumnNotFoundError);
    expect(() => groupby(plainT, ['zz'], [{ agg: 'size' }])).toThrow(ColumnNotFoundError);
    expect(() =>
      groupby(
        plainT,
        ['k'],
        [
          { column: 'x', agg: 'sum' },
          { column: 'x', agg: 'sum' },
        ],
      ),
    ).toThrow(/named 'x_sum'/);
  });
});
