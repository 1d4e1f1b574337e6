import { describe, expect, it } from 'vitest';
import { dropna } from '../../src/kernels/dropna.js';
import { type Row, rng, rowsOf, tableOf } from './helpers.js';

const r = rng(5);
const rows: Row[] = Array.from({ length: 200 }, () => ({
  a: r() < 0.2 ? null : 1,
  b: r() < 0.2 ? null : 'x',
  c: r() < 0.2 ? null : 'k',
  f: r() < 0.2 ? Number.NaN : 1.5,
}));
const t = tableOf(rows, { a: 'int32', b: 'string', c: 'category', f: 'float64' });

describe('dropna', () => {
  it("how 'any' over all columns (NaN is a value, not null)", () => {
    expect(rowsOf(dropna(t))).toEqual(rows.filter((x) => x.a !== null && x.b !== null && x.c !== null));
  });

  it('subset and how all', () => {
    expect(rowsOf(dropna(t, { subset: ['a', 'c'] }))).toEqual(
      rows.filter((x) => x.a !== null && x.c !== null),
    );
    expect(rowsOf(dropna(t, { subset: ['a', 'b'], how: 'all' }))).toEqual(
      rows.filter((x) => x.a !== null || x.b !== null),
    );
    expect(dropna(t, { subset: ['f'] }).numRows).toBe(rows.length);
  });
});
