/**
 * Number columns as plain typed arrays.
 *
 * Kernels read every number-like column (ints, floats, bool, dates, timestamps) as an array of
 * JavaScript numbers indexed from the chunk's first row. 8/16/32-bit ints and floats are zero-copy
 * views of the Arrow buffer; 64-bit ints (int64, uint64, date[ms], timestamps) are converted once to a
 * Float64Array by reading the buffer as int32 pairs (`hi * 2^32 + lo`), which is ~20× faster than going
 * through BigInt and exact up to 2^53. Writing goes the other way (`writeInt64`). Bool is unpacked to
 * 0/1 bytes.
 */

import { type Data, Type } from 'apache-arrow';
import type { DType } from '../../expr/dtype.js';
import { DTypeError } from '../../expr/errors.js';
import { unpackBits } from './bitmap.js';

/** A typed array of numbers (never BigInt64Array). */
export type NumArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array;

const TWO32 = 4294967296;

/**
 * The values of a number-like chunk as numbers, index 0 = first row of the chunk. Null slots hold
 * arbitrary values; read the validity separately.
 *
 * @example
 * readNumbers(vectorFromArray([1, 2], new Int32()).data[0]); // Int32Array [1, 2]
 */
export function readNumbers(data: Data): NumArray {
  const n = data.length;
  const t = data.type;
  if (!data.values && t.typeId !== Type.Null) {
    // a zero-length chunk made without buffers
    return new Float64Array(n);
  }
  switch (t.typeId) {
    case Type.Bool:
      return unpackBits(data.values as Uint8Array, data.offset, n);
    case Type.Null:
      return new Float64Array(n);
    case Type.Int:
    case Type.Date:
    case Type.Timestamp: {
      const v = data.values as unknown as ArrayLike<number> & {
        BYTES_PER_ELEMENT: number;
        buffer: ArrayBufferLike;
        byteOffset: number;
      };
      if (v.BYTES_PER_ELEMENT === 8) {
        const unsigned = t.typeId === Type.Int && !(t as unknown as { isSigned: boolean }).isSigned;
        return int64ToFloat64(new Int32Array(v.buffer, v.byteOffset, 2 * n), n, unsigned);
      }
      return (v as unknown as NumArray).subarray(0, n) as NumArray;
    }
    case Type.Float: {
      if ((t as unknown as { precision: number }).precision === 0) {
        throw new DTypeError('float16 columns are not supported; cast them to float32 when reading.');
      }
      return (data.values as Float64Array | Float32Array).subarray(0, n);
    }
    case Type.Dictionary:
      return (data.values as NumArray).subarray(0, n) as NumArray;
    default:
      throw new DTypeError(`Expected a number-like column, got Arrow type ${t}.`);
  }
}

/**
 * Convert `n` little-endian int64 values (given as 2n int32 words) to doubles.
 *
 * @example
 * int64ToFloat64(Int32Array.of(-1, -1), 1, false); // Float64Array [-1]
 */
export function int64ToFloat64(words: Int32Array, n: number, unsigned: boolean): Float64Array {
  const out = new Float64Array(n);
  if (unsigned) {
    for (let i = 0; i < n; i++) out[i] = (words[2 * i + 1] >>> 0) * TWO32 + (words[2 * i] >>> 0);
  } else {
    for (let i = 0; i < n; i++) out[i] = words[2 * i + 1] * TWO32 + (words[2 * i] >>> 0);
  }
  return out;
}

/**
 * Write integral doubles as little-endian 64-bit integers (a BigInt64Array over the same bytes).
 * Values must be integral; they are exact up to 2^53.
 *
 * @example
 * writeInt64(Float64Array.of(-2, 5), 2); // BigInt64Array [-2n, 5n]
 */
export function writeInt64(values: ArrayLike<number>, n: number): BigInt64Array {
  const words = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === 0 || Number.isNaN(v)) continue;
    const hi = Math.floor(v / TWO32);
    words[2 * i] = (v - hi * TWO32) | 0;
    words[2 * i + 1] = hi | 0;
  }
  return new BigInt64Array(words.buffer, 0, n);
}

/** The typed array constructor storing a number-like dtype in an Arrow buffer (64-bit types: Float64Array
 *  as the working form, converted by `storageArray`). */
export function workingArray(d: DType, n: number): NumArray {
  switch (d) {
    case 'int8':
      return new Int8Array(n);
    case 'int16':
      return new Int16Array(n);
    case 'int32':
    case 'date':
      return new Int32Array(n);
    case 'uint8':
    case 'bool':
      return new Uint8Array(n);
    case 'uint16':
      return new Uint16Array(n);
    case 'uint32':
      return new Uint32Array(n);
    case 'float32':
      return new Float32Array(n);
    default:
      return new Float64Array(n);
  }
}

/**
 * The Arrow storage buffer for a working array of dtype `d` (64-bit types are converted; others pass
 * through).
 *
 * @example
 * storageArray('int64', Float64Array.of(1), 1); // BigInt64Array [1n]
 */
export function storageArray(d: DType, values: NumArray, n: number): ArrayBufferView {
  switch (d) {
    case 'int64':
    case 'date[ms]':
    case 'timestamp[s]':
    case 'timestamp[ms]':
    case 'timestamp[us]':
    case 'timestamp[ns]':
      return writeInt64(values, n);
    case 'uint64':
      return new BigUint64Array(writeInt64(values, n).buffer, 0, n);
    default: {
      // the working array must be the storage type (e.g. Int32Array for 'int32' and 'date')
      const want = workingArray(d, 0).constructor as unknown as { from(a: ArrayLike<number>): NumArray };
      return values.constructor === (want as unknown) ? values : want.from(values.subarray(0, n));
    }
  }
}
