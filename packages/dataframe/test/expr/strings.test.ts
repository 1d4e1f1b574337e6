import type { Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { col, type Expr } from '../../src/expr/builder.js';
import { compileExpr } from '../../src/expr/compile.js';
import { plain, tableOf } from '../kernels/helpers.js';

function run(table: Table, e: Expr): unknown[] {
  const v = compileExpr(e, table.schema).evaluate(table);
  return Array.from({ length: table.numRows }, (_, i) => plain(v.get(i)));
}

const VALUES = [
  'Straße',
  'ÉCOLE',
  'abc',
  '',
  'naïve',
  '日本語テキスト',
  '😀x😀',
  null,
  'MiXeD Case 123',
  'abcabc',
  'ab',
];
const rows = VALUES.map((s) => ({ s }));
const plainT = tableOf(rows, { s: 'string' });
const dictT = tableOf(rows, { s: 'category' });
const cp = (s: string) => [...s];

describe.each([
  ['plain strings', plainT],
  ['categories', dictT],
])('string functions on %s', (_, t) => {
  const map = <T>(f: (s: string) => T) => VALUES.map((s) => (s === null ? null : f(s)));

  it('lower / upper', () => {
    expect(run(t, col('s').lower())).toEqual(map((s) => s.toLowerCase()));
    expect(run(t, col('s').upper())).toEqual(map((s) => s.toUpperCase()));
  });

  it('contains / startsWith / endsWith (literal, byte-exact for UTF-8)', () => {
    for (const p of ['ab', 'c', '', 'ß', '😀', 'テキ', 'zzz']) {
      expect(run(t, col('s').contains(p))).toEqual(map((s) => s.includes(p)));
      expect(run(t, col('s').startsWith(p))).toEqual(map((s) => s.startsWith(p)));
      expect(run(t, col('s').endsWith(p))).toEqual(map((s) => s.endsWith(p)));
    }
  });

  it('length counts code points', () => {
    expect(run(t, col('s').length())).toEqual(map((s) => cp(s).length));
  });

  it('slice by code points with negative indices', () => {
    for (const [a, b] of [
      [0, 2],
      [1, undefined],
      [-2, undefined],
      [1, -1],
      [-3, -1],
      [2, 1],
      [0, 100],
    ] as [number, number | undefined][]) {
      expect(run(t, col('s').slice(a, b))).toEqual(map((s) => cp(s).slice(a, b).join('')));
    }
  });

  it('chains on the result of a string function', () => {
    expect(run(t, col('s').lower().contains('é'))).toEqual(map((s) => s.toLowerCase().includes('é')));
    expect(run(t, col('s').upper().eq('ABC'))).toEqual(map((s) => s.toUpperCase() === 'ABC'));
  });
});

describe('dictionary fast paths', () => {
  it('keeps a category a category through lower/upper/slice', () => {
    expect(compileExpr(col('s').lower(), dictT.schema).dtype).toBe('category');
    const out = compileExpr(col('s').slice(0, 1), dictT.schema).evaluate(dictT);
    expect(String(out.type)).toContain('Dictionary');
  });
});
