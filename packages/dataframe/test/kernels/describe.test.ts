import { expect, it, describe as suite } from 'vitest';
import { DTypeError } from '../../src/expr/errors.js';
import {
  describe,
  describeColumns,
  describeCombine,
  describeFinalize,
  describePartial,
} from '../../src/kernels/describe.js';
import { rowsOf, tableOf } from './helpers.js';
import { approx, refAgg } from './reference.js';

const rows = Array.from({ length: 101 }, (_, i) => ({
  a: i % 7 === 0 ? null : i,
  f: (i * 37) % 11,
  s: `k${i % 3}`,
}));
const t = tableOf(rows, { a: 'int32', f: 'float64', s: 'string' });

suite('describe', () => {
  it('gives pandas statistics for the numeric columns', () => {
    expect(describeColumns(t.schema)).toEqual(['a', 'f']);
    const out = describe(t);
    expect(out.schema.names).toEqual(['statistic', 'a', 'f']);
    const got = rowsOf(out).map((r) => ({ ...r, a: approx(r.a), f: approx(r.f) }));
    const stat = (c: string, s: string) =>
      approx(
        s === '25%' || s === '50%' || s === '75%'
          ? refAgg(rows, 'quantile', c, Number(s.slice(0, -1)) / 100)
          : refAgg(rows, s, c),
      );
    expect(got).toEqual(
      ['count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max'].map((s) => ({
        statistic: s,
        a: stat('a', s),
        f: stat('f', s),
      })),
    );
  });

  it('runs as a tree reduction', () => {
    const parts = [t.slice(0, 30), t.slice(30, 31), t.slice(31)];
    const state = describeCombine(
      parts.map((p) => describePartial(p, ['a'])),
      ['a'],
    );
    expect(rowsOf(describeFinalize(state, ['a']))).toEqual(rowsOf(describe(t, ['a'])));
    expect(() => describePartial(t, ['s'])).toThrow(DTypeError);
  });
});
