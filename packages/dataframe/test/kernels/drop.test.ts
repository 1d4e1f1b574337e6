import { describe, expect, it } from 'vitest';
import { ColumnNotFoundError } from '../../src/expr/errors.js';
import { drop } from '../../src/kernels/drop.js';
import { rowsOf, tableOf } from './helpers.js';

describe('drop', () => {
  it('removes columns and keeps the rest in order', () => {
    const t = tableOf([{ a: 1, b: 'x', c: 2.5 }], { a: 'int32', b: 'string', c: 'float64' });
    expect(rowsOf(drop(t, ['b']))).toEqual([{ a: 1, c: 2.5 }]);
    expect(drop(t, 'a').schema.names).toEqual(['b', 'c']);
    expect(() => drop(t, ['nope'])).toThrow(ColumnNotFoundError);
  });
});
