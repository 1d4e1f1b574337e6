/**
 * astype: the same values in another dtype, as an elementwise `cast` (so it fuses with its
 * neighbours). Floats to integers truncate toward zero and wrap, NaN becomes 0; anything to bool
 * is "not zero" (NaN is true), as NumPy's `astype`.
 */

import type { ChunkedArray } from '../chunked-array.js';
import { type DType, isDType } from '../dtype.js';
import { DTypeError } from '../errors.js';
import { elementwiseOp } from './elementwise.js';

/**
 * `x` converted to `dtype` (the array itself when it already has it).
 *
 * @example
 * arange(3).astype('float32').dtype; // 'float32'
 */
export function astype(x: ChunkedArray, dtype: DType): ChunkedArray {
  if (!isDType(dtype)) throw new DTypeError('astype', dtype, `unknown dtype ${JSON.stringify(dtype)}.`);
  if (x.dtype === dtype) return x;
  return elementwiseOp('cast', [x], dtype);
}
