/**
 * Evaluated values inside the expression evaluator, and their conversion from/to Arrow chunks.
 *
 * While an expression runs, each node yields a `Val`:
 *   - `num`    numbers of a number-like dtype in a typed array (64-bit types as Float64Array;
 *              dates/timestamps in their own unit), plus a byte mask of validity (null = all valid);
 *   - `bool`   0/1 bytes plus validity;
 *   - `str`    a UTF-8 chunk (offsets + bytes) plus validity;
 *   - `dict`   dictionary indices plus the dictionary's UTF-8, plus validity (category columns:
 *              string functions and comparisons run once per dictionary entry, not per row);
 *   - `scalar` a literal not yet broadcast (ops special-case it instead of allocating a column).
 * A `src` chunk rides along when a value is an untouched input column, so `col('x')` costs nothing.
 */

import { type Data, type DataType, Dictionary, Int32, makeData, Type, Vector } from 'apache-arrow';
import { bitmapOf, packMask, unpackBits, validMask } from '../kernels/arrow/bitmap.js';
import { type NumArray, readNumbers, storageArray, workingArray } from '../kernels/arrow/numbers.js';
import { dictionaryUtf8, encodeUtf8, readUtf8, Utf8Builder, type Utf8Column } from '../kernels/arrow/utf8.js';
import { arrowType, type DType, isStringLike } from './dtype.js';

/** Validity as a byte per row (1 = valid), or null when every row is valid. */
export type Mask = Uint8Array | null;

/** Numbers of a number-like dtype. */
export interface NumVal {
  readonly k: 'num';
  readonly dtype: DType;
  readonly v: NumArray;
  readonly valid: Mask;
  readonly src?: Data;
}

/** Booleans as 0/1 bytes. */
export interface BoolVal {
  readonly k: 'bool';
  readonly v: Uint8Array;
  readonly valid: Mask;
  readonly src?: Data;
}

/** Plain strings. */
export interface StrVal {
  readonly k: 'str';
  readonly col: Utf8Column;
  readonly valid: Mask;
  readonly src?: Data;
}

/** Dictionary-encoded strings. */
export interface DictVal {
  readonly k: 'dict';
  readonly idx: NumArray;
  readonly dict: Utf8Column;
  readonly valid: Mask;
  /** The dictionary vector to reuse on output (when the dictionary is unchanged). */
  readonly dictVec?: Vector;
  readonly src?: Data;
}

/** A literal (not broadcast); temporal values are numbers in the dtype's unit. */
export interface ScalarVal {
  readonly k: 'scalar';
  readonly dtype: DType;
  readonly value: number | string | boolean | null;
}

/** Any evaluated value. */
export type Val = NumVal | BoolVal | StrVal | DictVal | ScalarVal;

/** Read an input column chunk of dtype `d` as a Val. */
export function readVal(data: Data, d: DType): Val {
  const valid = validMask(data);
  switch (d) {
    case 'null':
      return { k: 'scalar', dtype: 'null', value: null };
    case 'bool':
      return {
        k: 'bool',
        v: unpackBits(data.values as Uint8Array, data.offset, data.length),
        valid,
        src: data,
      };
    case 'string':
      return { k: 'str', col: readUtf8(data), valid, src: data };
    case 'category':
      return {
        k: 'dict',
        idx: readNumbers(data),
        dict: dictionaryUtf8(data),
        valid,
        dictVec: data.dictionary,
        src: data,
      };
    default:
      return { k: 'num', dtype: d, v: readNumbers(data), valid, src: data };
  }
}

/** A Utf8 column of one string per dictionary entry from JS strings. */
export function utf8Of(strings: readonly string[]): Utf8Column {
  const b = new Utf8Builder(strings.length);
  for (const s of strings) b.appendString(s);
  return readUtf8(b.finish());
}

function utf8Data(col: Utf8Column, n: number, valid: Mask): Data {
  const [nullBitmap, nullCount] = bitmapOf(valid, n);
  let { offsets, bytes } = col;
  if (offsets[0] !== 0) {
    const base = offsets[0];
    bytes = bytes.subarray(base, offsets[n]);
    offsets = offsets.map((o) => o - base);
  }
  return makeData({
    type: arrowType('string') as any,
    length: n,
    nullCount,
    nullBitmap,
    valueOffsets: offsets,
    data: bytes,
  });
}

/** The Arrow type a Val of dtype `d` is written as (an input chunk's own type when passing through). */
export function valType(val: Val, d: DType): DataType {
  if (val.k !== 'scalar' && val.src && val.src.type && sameDType(val, d)) return val.src.type;
  return arrowType(d);
}

function sameDType(val: Val, d: DType): boolean {
  switch (val.k) {
    case 'num':
      return val.dtype === d;
    case 'bool':
      return d === 'bool';
    case 'str':
      return d === 'string';
    case 'dict':
      return d === 'category';
    default:
      return false;
  }
}

/** Write a Val of dtype `d` and `n` rows as one Arrow chunk (broadcasting scalars). */
export function toData(val: Val, d: DType, n: number): Data {
  if (val.k !== 'scalar' && val.src && sameDType(val, d)) return val.src;
  switch (val.k) {
    case 'scalar':
      return broadcast(val, d, n);
    case 'num': {
      const [nullBitmap, nullCount] = bitmapOf(val.valid, n);
      const data = storageArray(d, val.v, n);
      return makeData({ type: arrowType(d) as any, length: n, nullCount, nullBitmap, data: data as any });
    }
    case 'bool': {
      const [nullBitmap, nullCount] = bitmapOf(val.valid, n);
      return makeData({
        type: arrowType('bool') as any,
        length: n,
        nullCount,
        nullBitmap,
        data: packMask(val.v, n),
      });
    }
    case 'str':
      return utf8Data(val.col, n, val.valid);
    case 'dict': {
      const [nullBitmap, nullCount] = bitmapOf(val.valid, n);
      const idx = val.idx instanceof Int32Array ? val.idx : Int32Array.from(val.idx);
      const dictionary = val.dictVec ?? new Vector([utf8Data(val.dict, val.dict.offsets.length - 1, null)]);
      const type =
        val.dictVec &&
        val.src &&
        val.src.type.typeId === Type.Dictionary &&
        (val.src.type as Dictionary).indices.bitWidth === 32
          ? val.src.type
          : new Dictionary(arrowType('string'), new Int32());
      return makeData({ type: type as any, length: n, nullCount, nullBitmap, data: idx, dictionary });
    }
  }
}

function broadcast(val: ScalarVal, d: DType, n: number): Data {
  if (val.value === null) {
    if (d === 'null') return makeData({ type: arrowType('null') as any, length: n });
    const mask = new Uint8Array(n);
    if (isStringLike(d)) {
      const b = new Utf8Builder(n, 0);
      for (let i = 0; i < n; i++) b.appendNull();
      const data = b.finish();
      if (d === 'string') return data;
      return toData({ k: 'dict', idx: new Int32Array(n), dict: utf8Of(['']), valid: mask }, 'category', n);
    }
    return toData(
      d === 'bool'
        ? { k: 'bool', v: mask, valid: mask }
        : { k: 'num', dtype: d, v: workingArray(d, n), valid: mask },
      d,
      n,
    );
  }
  if (d === 'string' || d === 'category') {
    const s = String(val.value);
    if (d === 'category')
      return toData({ k: 'dict', idx: new Int32Array(n), dict: utf8Of([s]), valid: null }, d, n);
    const enc = encodeUtf8(s);
    const bytes = new Uint8Array(enc.length * n);
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      bytes.set(enc, i * enc.length);
      offsets[i + 1] = (i + 1) * enc.length;
    }
    return utf8Data({ offsets, bytes }, n, null);
  }
  if (d === 'bool')
    return toData({ k: 'bool', v: new Uint8Array(n).fill(val.value ? 1 : 0), valid: null }, d, n);
  const v = workingArray(d, n);
  v.fill(Number(val.value));
  return toData({ k: 'num', dtype: d, v, valid: null }, d, n);
}
