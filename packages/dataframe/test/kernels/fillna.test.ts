import { describe, expect, it } from 'vitest';
import { emptyTable } from '../../src/kernels/arrow/table.js';
import { fillna } from '../../src/kernels/fillna.js';
import { rowsOf, tableOf, typeNames } from './helpers.js';

const rows = [
  { i: 1, f: null, s: null, c: 'x', b: null, d: null },
  { i: null, f: 2.5, s: 'y', c: null, b: true, d: Date.UTC(2020, 0, 2) },
];
const types = { i: 'int32', f: 'float64', s: 'string', c: 'category', b: 'bool', d: 'date' } as const;
const t = tableOf(rows, types);

describe('fillna', () => {
  it('a number fills the numeric columns only', () => {
    expect(rowsOf(fillna(t, 0))).toEqual(rows.map((x) => ({ ...x, i: x.i ?? 0, f: x.f ?? 0 })));
  });

  it('a string fills string and category columns', () => {
    expect(rowsOf(fillna(t, '?'))).toEqual(rows.map((x) => ({ ...x, s: x.s ?? '?', c: x.c ?? '?' })));
  });

  it('a mapping fills per column; an int column filled with a fraction becomes float64', () => {
    const out = fillna(t, { i: 0.5, b: false, d: new Date(Date.UTC(1999, 11, 31)) });
    expect(rowsOf(out)).toEqual([
      { ...rows[0], b: false, d: Date.UTC(1999, 11, 31) },
      { ...rows[1], i: 0.5 },
    ]);
    expect(typeNames(out)[0]).toBe('i:Float64');
    // the output type does not depend on the data (meta)
    expect(typeNames(fillna(emptyTable(t.schema), { i: 0.5 }))).toEqual(typeNames(out));
  });
});
