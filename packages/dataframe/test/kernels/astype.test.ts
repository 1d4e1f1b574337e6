import { describe, expect, it } from 'vitest';
import { ColumnNotFoundError, DTypeError } from '../../src/expr/errors.js';
import { astype } from '../../src/kernels/astype.js';
import { rowsOf, tableOf, typeNames } from './helpers.js';

describe('astype', () => {
  it('casts the named columns and leaves the others', () => {
    const t = tableOf(
      [
        { i: 1, s: '2.5', c: 'x' },
        { i: null, s: 'bad', c: null },
      ],
      { i: 'int32', s: 'string', c: 'category' },
    );
    const out = astype(t, { i: 'float64', s: 'float64', c: 'string' });
    expect(typeNames(out)).toEqual(['i:Float64', 's:Float64', 'c:Utf8']);
    expect(rowsOf(out)).toEqual([
      { i: 1, s: 2.5, c: 'x' },
      { i: null, s: null, c: null },
    ]);
    expect(() => astype(t, { q: 'int32' })).toThrow(ColumnNotFoundError);
    expect(() => astype(t, { i: 'decimal' as never })).toThrow(DTypeError);
  });
});
