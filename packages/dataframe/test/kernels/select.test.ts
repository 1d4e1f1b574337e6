import { describe, expect, it } from 'vitest';
import { ColumnNotFoundError, InvalidArgumentError } from '../../src/expr/errors.js';
import { emptyTable } from '../../src/kernels/arrow/table.js';
import { select } from '../../src/kernels/select.js';
import { rowsOf, tableOf } from './helpers.js';

const rows = [
  { a: 1, b: 'x', c: true },
  { a: null, b: null, c: false },
];
const t = tableOf(rows, { a: 'int32', b: 'category', c: 'bool' });

describe('select', () => {
  it('keeps the named columns in the given order, sharing the chunks', () => {
    const out = select(t, ['c', 'a']);
    expect(out.schema.names).toEqual(['c', 'a']);
    expect(rowsOf(out)).toEqual(rows.map((r) => ({ c: r.c, a: r.a })));
    expect(out.getChild('a')!.data[0]).toBe(t.getChild('a')!.data[0]);
    expect(select(t, 'b').schema.names).toEqual(['b']);
  });

  it('works on an empty table and rejects bad names', () => {
    expect(select(emptyTable(t.schema), ['b']).numRows).toBe(0);
    expect(() => select(t, ['zz'])).toThrow(ColumnNotFoundError);
    expect(() => select(t, ['a', 'a'])).toThrow(InvalidArgumentError);
  });
});
