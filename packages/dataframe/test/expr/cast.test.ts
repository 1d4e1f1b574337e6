import type { Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { col, type Expr } from '../../src/expr/builder.js';
import { compileExpr } from '../../src/expr/compile.js';
import { OverflowError } from '../../src/expr/errors.js';
import { plain, tableOf } from '../kernels/helpers.js';

function run(table: Table, e: Expr): unknown[] {
  const v = compileExpr(e, table.schema).evaluate(table);
  return Array.from({ length: table.numRows }, (_, i) => plain(v.get(i)));
}

describe('cast', () => {
  it('float → int truncates toward zero; NaN becomes null; out of range throws', () => {
    const t = tableOf([{ x: 2.7 }, { x: -2.7 }, { x: Number.NaN }, { x: null }, { x: 1e3 }], {
      x: 'float64',
    });
    expect(run(t, col('x').cast('int32'))).toEqual([2, -2, null, null, 1000]);
    expect(run(t, col('x').cast('int64'))).toEqual([2, -2, null, null, 1000]);
    expect(() => run(t, col('x').cast('int8'))).toThrow(OverflowError);
    expect(run(t, col('x').cast('bool'))).toEqual([true, true, null, null, true]);
  });

  it('int ↔ float ↔ bool', () => {
    const t = tableOf(
      [
        { i: 0, b: true },
        { i: -5, b: false },
        { i: null, b: null },
      ],
      { i: 'int32', b: 'bool' },
    );
    expect(run(t, col('i').cast('float32'))).toEqual([0, -5, null]);
    expect(run(t, col('b').cast('int8'))).toEqual([1, 0, null]);
    expect(run(t, col('i').cast('bool'))).toEqual([false, true, null]);
  });

  it('string → numbers, bools and dates (unparseable → null)', () => {
    const vals = ['12', ' 7 ', 'x', '', '3.9', '-0.5', 'true', 'FALSE', '1', '2024-01-31', null];
    for (const kind of ['string', 'category'] as const) {
      const t = tableOf(
        vals.map((s) => ({ s })),
        { s: kind },
      );
      expect(run(t, col('s').cast('int32'))).toEqual([
        12,
        7,
        null,
        null,
        3,
        -0 || 0,
        null,
        null,
        1,
        null,
        null,
      ]);
      expect(run(t, col('s').cast('float64'))).toEqual([
        12,
        7,
        null,
        null,
        3.9,
        -0.5,
        null,
        null,
        1,
        null,
        null,
      ]);
      expect(run(t, col('s').cast('bool'))).toEqual([
        null,
        null,
        null,
        null,
        null,
        null,
        true,
        false,
        true,
        null,
        null,
      ]);
      expect(run(t, col('s').cast('date'))).toEqual(
        vals.map((s) => (s === '2024-01-31' ? Date.UTC(2024, 0, 31) : null)),
      );
    }
  });

  it('anything → string', () => {
    const t = tableOf(
      [
        { i: 3, f: 1.5, b: true, d: Date.UTC(2020, 4, 6), ts: Date.UTC(2020, 4, 6, 7, 8, 9) },
        { i: null, f: null, b: false, d: null, ts: null },
      ],
      { i: 'int32', f: 'float64', b: 'bool', d: 'date', ts: 'timestamp[ms]' },
    );
    expect(run(t, col('i').cast('string'))).toEqual(['3', null]);
    expect(run(t, col('f').cast('string'))).toEqual(['1.5', null]);
    expect(run(t, col('b').cast('string'))).toEqual(['true', 'false']);
    expect(run(t, col('d').cast('string'))).toEqual(['2020-05-06', null]);
    expect(run(t, col('ts').cast('string'))).toEqual(['2020-05-06T07:08:09.000Z', null]);
    expect(run(t, col('i').cast('category'))).toEqual(['3', null]);
  });

  it('string ↔ category round trip', () => {
    const vals = ['b', 'a', null, 'b', 'c'];
    const t = tableOf(
      vals.map((s) => ({ s })),
      { s: 'string' },
    );
    const asCat = compileExpr(col('s').cast('category'), t.schema);
    expect(asCat.dtype).toBe('category');
    expect(run(t, col('s').cast('category'))).toEqual(vals);
    expect(run(t, col('s').cast('category').cast('string'))).toEqual(vals);
  });

  it('between temporal units and to numbers', () => {
    const m = Date.UTC(1969, 11, 31, 23, 0, 0); // before the epoch: floor, not truncation
    const t = tableOf([{ ts: m }, { ts: null }], { ts: 'timestamp[ms]' });
    expect(run(t, col('ts').cast('date'))).toEqual([Date.UTC(1969, 11, 31), null]);
    expect(run(t, col('ts').cast('timestamp[s]'))).toEqual([m, null]);
    expect(run(t, col('ts').cast('int64'))).toEqual([m, null]);
    const d = tableOf([{ d: Date.UTC(2001, 0, 1) }], { d: 'date' });
    expect(run(d, col('d').cast('timestamp[ms]'))).toEqual([Date.UTC(2001, 0, 1)]);
    expect(run(d, col('d').cast('int32'))).toEqual([Date.UTC(2001, 0, 1) / 86_400_000]);
  });
});
