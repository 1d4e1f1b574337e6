import { describe, expect, it } from 'vitest';
import { concatData, emptyData } from '../../../src/kernels/arrow/concat.js';
import { columnsOf, makeTable } from '../../../src/kernels/arrow/table.js';
import { rowsOf, tableOf } from '../helpers.js';

describe('concatData', () => {
  it('unifies string dictionaries, keeping each value once', () => {
    const a = tableOf([{ c: 'x' }, { c: null }, { c: 'y' }], { c: 'category' });
    const b = tableOf([{ c: 'z' }, { c: 'x' }], { c: 'category' });
    const d = concatData([columnsOf(a)[0], columnsOf(b)[0].slice(1, 0), columnsOf(b)[0]]);
    expect(d.dictionary!.toArray()).toEqual(['x', 'y', 'z']);
    expect(rowsOf(makeTable(a.schema.fields, [d]))).toEqual([
      { c: 'x' },
      { c: null },
      { c: 'y' },
      { c: 'z' },
      { c: 'x' },
    ]);
  });

  it('makes empty chunks of any type', () => {
    const t = tableOf([{ c: 'x', s: 'y', f: 1 }], { c: 'category', s: 'string', f: 'float64' });
    for (const f of t.schema.fields) expect(emptyData(f.type).length).toBe(0);
  });
});
