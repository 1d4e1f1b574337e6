import { describe, expect, it } from 'vitest';
import { concatTables } from '../../src/kernels/concat-tables.js';
import { quantileBoundaries, rangePartition, sampleForQuantiles } from '../../src/kernels/range-partition.js';
import { sortTable } from '../../src/kernels/sort.js';
import { type Row, rng, rowsOf, tableOf } from './helpers.js';

const r = rng(55);
const rows: Row[] = Array.from({ length: 1500 }, (_, i) => ({
  x: r() < 0.05 ? null : Math.floor(r() * 300),
  s: r() < 0.05 ? null : `s${String(Math.floor(r() * 90)).padStart(2, '0')}`,
  i,
}));

describe('distributed sort by range partitioning', () => {
  for (const [column, kind] of [
    ['x', 'int32'],
    ['x', 'float64'],
    ['s', 'string'],
    ['s', 'category'],
  ] as const) {
    for (const ascending of [true, false]) {
      it(`sample → boundaries → partition → local sort = global sort (${column} ${kind}, ${ascending ? 'asc' : 'desc'})`, () => {
        const t = tableOf(rows, {
          x: column === 'x' ? kind : 'int32',
          s: column === 's' ? kind : 'string',
          i: 'int32',
        });
        const inputs = [t.slice(0, 400), t.slice(400, 401), t.slice(401, 1000), t.slice(1000)];
        const samples = inputs.map((p) => sampleForQuantiles(p, column, 20));
        const bounds = quantileBoundaries(samples, 5);
        expect(bounds.length).toBeLessThanOrEqual(4);
        const pieces = inputs.map((p) => rangePartition(p, column, bounds, ascending));
        const outputs = pieces[0].map((_, j) =>
          sortTable(concatTables(pieces.map((ps) => ps[j])), column, ascending),
        );
        const glued = rowsOf(concatTables(outputs)).map((x) => x.i);
        expect(glued).toEqual(rowsOf(sortTable(t, column, ascending)).map((x) => x.i));
        // the partitions are reasonably balanced
        const sizes = outputs.map((o) => o.numRows);
        expect(Math.max(...sizes)).toBeLessThan(rows.length * 0.45);
      });
    }
  }

  it('samples evenly spaced ranks of the non-null values', () => {
    const t = tableOf(
      Array.from({ length: 10 }, (_, i) => ({ x: i === 3 ? null : 9 - i })),
      { x: 'int32' },
    );
    expect(sampleForQuantiles(t, 'x', 3)).toEqual({ values: [1, 4, 8], count: 9 });
    expect(sampleForQuantiles(t, 'x', 50).values).toEqual([0, 1, 2, 3, 4, 5, 7, 8, 9]);
    expect(quantileBoundaries([{ values: [1, 1, 1, 1], count: 4 }], 4)).toEqual([1]);
  });

  it('samples float64 values past nulls and NaN, as a plain sort of the valid values does', () => {
    const xs = Array.from({ length: 1000 }, (_, i) =>
      i % 97 === 0 ? null : i % 89 === 0 ? Number.NaN : Math.sin(i * 12.9898) * 1e3,
    );
    const t = tableOf(
      xs.map((x) => ({ x })),
      { x: 'float64' },
    );
    const valid = xs.filter((x): x is number => x !== null && !Number.isNaN(x)).sort((a, b) => a - b);
    const want = Array.from({ length: 16 }, (_, s) => valid[Math.floor(((s + 0.5) * valid.length) / 16)]);
    expect(sampleForQuantiles(t, 'x', 16)).toEqual({ values: want, count: valid.length });
    // A slice (an offset into the column's buffers) samples its own rows only.
    const part = t.slice(100, 400);
    const own = xs
      .slice(100, 400)
      .filter((x): x is number => x !== null && !Number.isNaN(x))
      .sort((a, b) => a - b);
    expect(sampleForQuantiles(part, 'x', 500)).toEqual({ values: own, count: own.length });
  });
});
