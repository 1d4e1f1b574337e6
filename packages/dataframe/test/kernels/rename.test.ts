import { describe, expect, it } from 'vitest';
import { ColumnNotFoundError, InvalidArgumentError } from '../../src/expr/errors.js';
import { rename } from '../../src/kernels/rename.js';
import { rowsOf, tableOf } from './helpers.js';

describe('rename', () => {
  it('renames by mapping and refuses clashes', () => {
    const t = tableOf([{ a: 1, b: 'x' }], { a: 'int32', b: 'category' });
    expect(rowsOf(rename(t, { a: 'z' }))).toEqual([{ z: 1, b: 'x' }]);
    expect(rename(t, { a: 'b', b: 'a' }).schema.names).toEqual(['b', 'a']);
    expect(() => rename(t, { a: 'b' })).toThrow(InvalidArgumentError);
    expect(() => rename(t, { q: 'r' })).toThrow(ColumnNotFoundError);
  });
});
