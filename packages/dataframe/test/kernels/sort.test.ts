import { describe, expect, it } from 'vitest';
import { ColumnNotFoundError, InvalidArgumentError } from '../../src/expr/errors.js';
import { emptyTable } from '../../src/kernels/arrow/table.js';
import { mergeSorted } from '../../src/kernels/merge-sorted.js';
import { sortTable } from '../../src/kernels/sort.js';
import { type Row, rng, rowsOf, tableOf, typeNames } from './helpers.js';

const r = rng(33);
const WORDS = ['pear', 'apple', 'Apple', 'äpple', 'zoo', '', 'appl', '😀', '\uffff'];
const rows: Row[] = Array.from({ length: 700 }, (_, i) => ({
  a: r() < 0.1 ? null : Math.floor(r() * 5) - 2, // many ties
  f:
    r() < 0.08
      ? null
      : r() < 0.05
        ? Number.NaN
        : [-0, 0, 1.5, -1e300, 1e-300, Number.POSITIVE_INFINITY, -3][Math.floor(r() * 7)],
  s: r() < 0.1 ? null : WORDS[Math.floor(r() * WORDS.length)],
  d: r() < 0.1 ? null : Date.UTC(1960 + Math.floor(r() * 80), 0, 1),
  b: r() < 0.1 ? null : r() < 0.5,
  l: r() < 0.1 ? null : Math.floor((r() - 0.5) * 2 ** 50),
  i,
}));
const types = {
  a: 'int32',
  f: 'float64',
  s: 'string',
  d: 'date',
  b: 'bool',
  l: 'int64',
  i: 'int32',
} as const;

/** Code-point comparison of strings. */
function cpCompare(x: string, y: string): number {
  const a = [...x].map((c) => c.codePointAt(0)!);
  const b = [...y].map((c) => c.codePointAt(0)!);
  for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] !== b[k]) return a[k] - b[k];
  return a.length - b.length;
}

/** Reference: stable sort; nulls last and NaN just before them, whatever the direction; -0 equals 0. */
function refSort(input: Row[], by: string[], asc: boolean[]): Row[] {
  const rank = (v: unknown) => (v === null ? 2 : typeof v === 'number' && Number.isNaN(v) ? 1 : 0);
  const cmp = (x: unknown, y: unknown): number => {
    if (typeof x === 'string') return cpCompare(x, y as string);
    const a = Number(x);
    const b = Number(y);
    return a < b ? -1 : a > b ? 1 : 0;
  };
  return input
    .map((x, i) => ({ x, i }))
    .sort((p, q) => {
      for (let k = 0; k < by.length; k++) {
        const u = p.x[by[k]];
        const v = q.x[by[k]];
        const ru = rank(u);
        const rv = rank(v);
        if (ru !== rv) return ru - rv;
        if (ru) continue;
        const c = cmp(u, v);
        if (c) return asc[k] ? c : -c;
      }
      return p.i - q.i;
    })
    .map((p) => p.x);
}

const ids = (rs: Row[]) => rs.map((x) => x.i);

describe('sortTable', () => {
  for (const kind of ['string', 'category'] as const) {
    const t = tableOf(rows, { ...types, s: kind });
    it(`single keys of every type, both directions (${kind} strings)`, () => {
      for (const c of ['a', 'f', 's', 'd', 'b', 'l']) {
        for (const asc of [true, false])
          expect(ids(rowsOf(sortTable(t, c, asc)))).toEqual(ids(refSort(rows, [c], [asc])));
      }
    });
    it(`several keys with mixed directions, stable on ties (${kind} strings)`, () => {
      for (const [by, asc] of [
        [
          ['a', 's'],
          [true, false],
        ],
        [
          ['s', 'a', 'f'],
          [false, true, true],
        ],
        [
          ['b', 'd'],
          [false, false],
        ],
      ] as [string[], boolean[]][]) {
        expect(ids(rowsOf(sortTable(t, by, asc)))).toEqual(ids(refSort(rows, by, asc)));
      }
    });
  }

  it('keeps schema on empty tables; validates arguments', () => {
    const t = tableOf(rows, types);
    expect(typeNames(sortTable(emptyTable(t.schema), 'a'))).toEqual(typeNames(t));
    expect(() => sortTable(t, 'zz')).toThrow(ColumnNotFoundError);
    expect(() => sortTable(t, ['a', 'b'], [true])).toThrow(InvalidArgumentError);
  });
});

describe('mergeSorted', () => {
  it('merges sorted tables stably (ties keep table order)', () => {
    const t = tableOf(rows, types);
    const parts = [t.slice(0, 100), t.slice(100, 101), t.slice(101, 400), t.slice(400)].map((p) =>
      sortTable(p, ['a', 's'], [true, false]),
    );
    const merged = mergeSorted(parts, ['a', 's'], [true, false]);
    const ref = refSort(
      parts.flatMap((p) => rowsOf(p)),
      ['a', 's'],
      [true, false],
    );
    expect(ids(rowsOf(merged))).toEqual(ids(ref));
  });
});
