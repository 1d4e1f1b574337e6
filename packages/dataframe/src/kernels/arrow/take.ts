/**
 * `takeData`: gather rows of an Arrow chunk by index — the primitive under filter, sort, join, shuffle
 * and groupby. Index -1 yields a null row (outer joins). Works on every layout the kernels meet: null,
 * bool (bits), fixed-width values of any width (copied as 32/16/8-bit words, so int64 and float bit
 * patterns move untouched), Utf8/Binary (offsets + bytes), dictionaries (indices; the dictionary is
 * shared, not copied), lists and structs. The output type object is the input's (dictionary ids kept).
 * Reference: Arrow compute "take"; arquero's reify.
 */

import { type Data, type DataType, makeData, Type } from 'apache-arrow';
import { DTypeError } from '../../expr/errors.js';
import { bitmapOf, getBit } from './bitmap.js';

/**
 * Rows `indices[0 .. count)` of `data` (an index of -1 gives null).
 *
 * @example
 * takeData(vectorFromArray([10, 20, 30]).data[0], Int32Array.of(2, -1, 0)); // [30, null, 10]
 */
export function takeData<T extends DataType>(
  data: Data<T>,
  indices: Int32Array,
  count = indices.length,
): Data<T> {
  const type = data.type;
  const n = count;
  // validity
  let mask: Uint8Array | null = null;
  const srcNulls = data.nullCount > 0 && data.type.typeId !== Type.Null;
  let anyMissing = false;
  for (let i = 0; i < n; i++) {
    if (indices[i] < 0) {
      anyMissing = true;
      break;
    }
  }
  if (srcNulls || anyMissing) {
    mask = new Uint8Array(n);
    const bits = data.nullBitmap;
    const off = data.offset;
    if (srcNulls && bits?.length) {
      for (let i = 0; i < n; i++) {
        const j = indices[i];
        mask[i] = j < 0 ? 0 : getBit(bits, off + j);
      }
    } else {
      for (let i = 0; i < n; i++) mask[i] = indices[i] < 0 ? 0 : 1;
    }
  }
  const [nullBitmap, nullCount] = bitmapOf(mask, n);

  switch (type.typeId) {
    case Type.Null:
      return makeData({ type: type as any, length: n }) as Data<T>;
    case Type.Bool: {
      const src = data.values as Uint8Array;
      const off = data.offset;
      const out = new Uint8Array((n + 7) >> 3);
      for (let i = 0; i < n; i++) {
        const j = indices[i];
        if (j >= 0 && getBit(src, off + j)) out[i >> 3] |= 1 << (i & 7);
      }
      return makeData({ type: type as any, length: n, nullCount, nullBitmap, data: out }) as Data<T>;
    }
    case Type.Utf8:
    case Type.Binary: {
      const offsets = data.valueOffsets as Int32Array;
      const bytes = data.values as Uint8Array;
      // one pass over the (random) source offsets: remember where each row starts
      const outOffsets = new Int32Array(n + 1);
      const starts = new Int32Array(n);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const j = indices[i];
        if (j >= 0) {
          const s = offsets[j];
          starts[i] = s;
          total += offsets[j + 1] - s;
        }
        outOffsets[i + 1] = total;
      }
      const out = new Uint8Array(total);
      for (let i = 0; i < n; i++) {
        let p = outOffsets[i];
        const len = outOffsets[i + 1] - p;
        if (len === 0) continue;
        const s = starts[i];
        if (len < 24) for (let k = s; k < s + len; k++) out[p++] = bytes[k];
        else out.set(bytes.subarray(s, s + len), p);
      }
      return makeData({
        type: type as any,
        length: n,
        nullCount,
        nullBitmap,
        valueOffsets: outOffsets,
        data: out,
      }) as Data<T>;
    }
    case Type.Dictionary: {
      const out = data.values
        ? takeWords(data.values as unknown as ArrayBufferView, 1, indices, n)
        : new Int32Array(n);
      return makeData({
        type: type as any,
        length: n,
        nullCount,
        nullBitmap,
        data: out as any,
        dictionary: data.dictionary,
      }) as Data<T>;
    }
    case Type.List: {
      const offsets = data.valueOffsets as Int32Array;
      const outOffsets = new Int32Array(n + 1);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const j = indices[i];
        if (j >= 0) total += offsets[j + 1] - offsets[j];
        outOffsets[i + 1] = total;
      }
      const childIdx = new Int32Array(total);
      let p = 0;
      for (let i = 0; i < n; i++) {
        const j = indices[i];
        if (j < 0) continue;
        for (let k = offsets[j]; k < offsets[j + 1]; k++) childIdx[p++] = k;
      }
      const child = takeData(data.children[0], childIdx);
      return makeData({
        type: type as any,
        length: n,
        nullCount,
        nullBitmap,
        valueOffsets: outOffsets,
        child,
      }) as Data<T>;
    }
    case Type.Struct: {
      const children = data.children.map((c) => takeData(c, indices, n));
      return makeData({ type: type as any, length: n, nullCount, nullBitmap, children }) as Data<T>;
    }
    case Type.Int:
    case Type.Float:
    case Type.Date:
    case Type.Timestamp:
    case Type.Time:
    case Type.Duration:
    case Type.Interval:
    case Type.Decimal:
    case Type.FixedSizeBinary: {
      const bpe = (type as unknown as { ArrayType: { BYTES_PER_ELEMENT: number } }).ArrayType
        .BYTES_PER_ELEMENT;
      const out = data.values
        ? takeWords(data.values as unknown as ArrayBufferView, data.stride, indices, n)
        : new Uint8Array(n * bpe * data.stride);
      return makeData({ type: type as any, length: n, nullCount, nullBitmap, data: out as any }) as Data<T>;
    }
    default:
      throw new DTypeError(`take: Arrow type ${type} is not supported.`);
  }
}

/** Gather fixed-width elements (`stride` array elements per row) as raw words. */
function takeWords(values: ArrayBufferView, stride: number, indices: Int32Array, n: number): ArrayBufferView {
  const bpe = (values as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  const width = bpe * stride; // bytes per row
  if (width % 4 === 0) {
    const w = width / 4;
    const src = new Int32Array(values.buffer, values.byteOffset, Math.floor(values.byteLength / 4));
    const out = new Int32Array(n * w);
    if (w === 1) {
      for (let i = 0; i < n; i++) {
        const j = indices[i];
        if (j >= 0) out[i] = src[j];
      }
    } else if (w === 2) {
      for (let i = 0; i < n; i++) {
        const j = indices[i];
        if (j >= 0) {
          out[2 * i] = src[2 * j];
          out[2 * i + 1] = src[2 * j + 1];
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        const j = indices[i];
        if (j >= 0) for (let k = 0; k < w; k++) out[i * w + k] = src[j * w + k];
      }
    }
    return out;
  }
  if (width === 2) {
    const src = new Uint16Array(values.buffer, values.byteOffset, Math.floor(values.byteLength / 2));
    const out = new Uint16Array(n);
    for (let i = 0; i < n; i++) {
      const j = indices[i];
      if (j >= 0) out[i] = src[j];
    }
    return out;
  }
  const src = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(n * width);
  for (let i = 0; i < n; i++) {
    const j = indices[i];
    if (j >= 0) for (let k = 0; k < width; k++) out[i * width + k] = src[j * width + k];
  }
  return out;
}

/**
 * Rows `[start, start + length)` of a chunk as a zero-copy slice.
 *
 * @example
 * sliceData(data, 1, 2).length; // 2
 */
export function sliceData<T extends DataType>(data: Data<T>, start: number, length: number): Data<T> {
  if (start === 0 && length === data.length) return data;
  return data.slice(start, length);
}
