/**
 * What every column builder offers the engines and the table assembly: a row count, nulls, and the
 * finished Arrow `Data`. Typed appends (`append`, `appendString`, `appendBytes`, ...) are per builder.
 * Also `trimmed`, the rule for handing a grown buffer to Arrow (view when nearly full, else copy).
 */

import type { Data, DataType } from 'apache-arrow';

/** A growable Arrow column. */
export interface ColumnBuilder {
  readonly length: number;
  appendNull(): void;
  /** Make room for `rows` rows in total (an estimate; appends still grow as needed). */
  reserve(rows: number): void;
  /** The column as one Arrow Data of `type` (the builder must not be used afterwards). */
  finish(type: DataType): Data;
}

/** Typed arrays the builders grow. */
export type GrowableArray = Uint8Array | Int32Array | Uint32Array | Float64Array | BigInt64Array;

/**
 * The first `length` elements of `array`: a view when the spare capacity is small, else a copy
 * (so a partition does not keep up to twice its memory alive).
 *
 * @example
 * trimmed(new Float64Array(1000), 10).buffer.byteLength; // 80 (copied)
 */
export function trimmed<T extends GrowableArray>(array: T, length: number): T {
  return (array.length - length > length / 4 ? array.slice(0, length) : array.subarray(0, length)) as T;
}

/**
 * A copy of `array` with room for at least `min` elements (capacity doubles).
 *
 * @example
 * grown(new Int32Array(4), 5).length; // 8
 */
export function grown<T extends GrowableArray>(array: T, min: number): T {
  const Ctor = array.constructor as new (n: number) => T;
  const next = new Ctor(Math.max(min, array.length * 2, 256));
  next.set(array as never);
  return next;
}
