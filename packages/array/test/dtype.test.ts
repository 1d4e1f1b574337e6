/** Dtype promotion: the table written in src/dtype.ts, checked entry by entry against NumPy's answers. */

import { describe, expect, it } from 'vitest';
import { promoteTypes, resultWithScalar } from '../src/index.js';

describe('promoteTypes', () => {
  // Expected values are NumPy 1.24's np.promote_types, except uint32 with signed (int64 there).
  const table: [string, string, string][] = [
    ['float64', 'float64', 'float64'],
    ['bool', 'int8', 'int8'],
    ['bool', 'float32', 'float32'],
    ['int8', 'int16', 'int16'],
    ['int16', 'int32', 'int32'],
    ['uint8', 'uint16', 'uint16'],
    ['uint8', 'int8', 'int16'],
    ['uint8', 'int16', 'int16'],
    ['uint16', 'int16', 'int32'],
    ['uint16', 'int8', 'int32'],
    ['uint32', 'int32', 'float64'],
    ['int16', 'float32', 'float32'],
    ['uint16', 'float32', 'float32'],
    ['int32', 'float32', 'float64'],
    ['float32', 'float64', 'float64'],
    ['uint8', 'float64', 'float64'],
  ];
  it.each(table)('%s with %s gives %s, in either order', (a, b, want) => {
    expect(promoteTypes(a as never, b as never)).toBe(want);
    expect(promoteTypes(b as never, a as never)).toBe(want);
  });

  it('treats JS numbers as weak scalars', () => {
    expect(resultWithScalar('int8', 3)).toBe('int8');
    expect(resultWithScalar('int8', 0.5)).toBe('float64');
    expect(resultWithScalar('float32', 0.5)).toBe('float32');
    expect(resultWithScalar('bool', 2)).toBe('int32');
    expect(resultWithScalar('uint8', true)).toBe('uint8');
  });
});
