import { describe, expect, it } from 'vitest';
import { col, lit } from '../../src/expr/builder.js';
import { ColumnNotFoundError, DTypeError } from '../../src/expr/errors.js';
import { emptyTable } from '../../src/kernels/arrow/table.js';
import { filter } from '../../src/kernels/filter.js';
import { type Row, rng, rowsOf, tableOf, typeNames } from './helpers.js';

const r = rng(3);
const CATS = ['a', 'b', 'c', 'd'];
const rows: Row[] = Array.from({ length: 400 }, (_, i) => ({
  x: r() < 0.1 ? null : Math.floor(r() * 10),
  f: r() < 0.1 ? null : r() * 4 - 2,
  cat: r() < 0.1 ? null : CATS[Math.floor(r() * 4)],
  s: r() < 0.1 ? null : `s${Math.floor(r() * 30)}`,
  b: r() < 0.1 ? null : r() < 0.5,
  d: r() < 0.1 ? null : Date.UTC(2020, 0, 1 + Math.floor(r() * 60)),
  l: i * 2 ** 33,
}));
const types = {
  x: 'int32',
  f: 'float64',
  cat: 'category',
  s: 'string',
  b: 'bool',
  d: 'date',
  l: 'int64',
} as const;
const t = tableOf(rows, types);

describe('filter', () => {
  it('keeps only rows where the predicate is true (null drops)', () => {
    const e = col('x')
      .gt(3)
      .and(col('cat').isIn(['a', 'b']));
    const ref = rows.filter(
      (x) => x.x !== null && (x.x as number) > 3 && x.cat !== null && ['a', 'b'].includes(x.cat as string),
    );
    expect(rowsOf(filter(t, e))).toEqual(ref);
  });

  it('gathers every column type, nulls included', () => {
    const e = col('s').startsWith('s1').or(col('b')).or(col('d').ge('2020-02-15'));
    const ref = rows.filter((x) => {
      const a = x.s === null ? null : (x.s as string).startsWith('s1');
      const b = x.b as boolean | null;
      const c = x.d === null ? null : (x.d as number) >= Date.UTC(2020, 1, 15);
      return a === true || b === true || c === true;
    });
    expect(rowsOf(filter(t, e))).toEqual(ref);
  });

  it('accepts the plain AST (as a worker receives it)', () => {
    const node = structuredClone(col('f').lt(0).node);
    expect(rowsOf(filter(t, node))).toEqual(rows.filter((x) => x.f !== null && (x.f as number) < 0));
  });

  it('all-true, all-false and empty tables', () => {
    expect(filter(t, lit(true)).numRows).toBe(rows.length);
    expect(filter(t, col('x').isNull().or(col('x').isNotNull())).numRows).toBe(rows.length);
    const none = filter(t, col('x').gt(100));
    expect(none.numRows).toBe(0);
    expect(typeNames(none)).toEqual(typeNames(t));
    const e = filter(emptyTable(t.schema), col('x').gt(1));
    expect(typeNames(e)).toEqual(typeNames(t));
  });

  it('rejects non-boolean predicates and missing columns', () => {
    expect(() => filter(t, col('x').add(1))).toThrow(DTypeError);
    expect(() => filter(t, col('x').add(1))).toThrow(/filter expects a boolean expression, got a int32/);
    expect(() => filter(t, col('zz').gt(1))).toThrow(ColumnNotFoundError);
  });
});
