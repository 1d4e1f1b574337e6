/**
 * Blocks: the value of one chunk, as it crosses to workers and spills. A block is a plain object
 * `{ shape, dtype, data }` whose `data` is a row-major typed array of `prod(shape)` elements, so the
 * schedulers carry it as they carry any plain object (its typed array moves by transfer) and the
 * store spills it as raw bytes (see codecs.ts). Helpers here import nothing of the graph.
 */

import { allocate, type DType, type TypedArray } from './dtype.js';

/** One chunk's value. */
export interface Block {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly data: TypedArray;
}

/** Number of elements of `shape`. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Row-major strides (in elements) of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = s;
    s *= shape[i];
  }
  return st;
}

/** A block over `data` (not copied). */
export function makeBlock(shape: readonly number[], dtype: DType, data: TypedArray): Block {
  return { shape: [...shape], dtype, data };
}

/** A zero-filled block. */
export function zerosBlock(shape: readonly number[], dtype: DType): Block {
  return { shape: [...shape], dtype, data: allocate(dtype, sizeOf(shape)) };
}

/** Is `v` a block (brand-free duck check: plain object with shape array, dtype string, typed data)? */
export function isBlock(v: unknown): v is Block {
  if (typeof v !== 'object' || v === null) return false;
  const b = v as Block;
  return (
    typeof b.dtype === 'string' &&
    globalThis.Array.isArray(b.shape) &&
    ArrayBuffer.isView(b.data) &&
    'shape' in b
  );
}

/**
 * Copy the box `box` (a shape) from `src` starting at `srcStart` into `dst` starting at `dstStart`.
 * Innermost runs are copied with `set` (a memcpy); the outer axes are walked with an odometer.
 */
export function copyBox(
  src: Block,
  srcStart: readonly number[],
  dst: Block,
  dstStart: readonly number[],
  box: readonly number[],
): void {
  const nd = box.length;
  if (sizeOf(box) === 0) return;
  if (nd === 0) {
    dst.data[0] = src.data[0];
    return;
  }
  const ss = stridesOf(src.shape);
  const ds = stridesOf(dst.shape);
  const run = box[nd - 1];
  const idx = new Array<number>(nd - 1).fill(0);
  const sameType = src.data.constructor === dst.data.constructor;
  for (;;) {
    let so = srcStart[nd - 1];
    let dO = dstStart[nd - 1];
    for (let a = 0; a < nd - 1; a++) {
      so += (srcStart[a] + idx[a]) * ss[a];
      dO += (dstStart[a] + idx[a]) * ds[a];
    }
    if (sameType) dst.data.set(src.data.subarray(so, so + run), dO);
    else for (let i = 0; i < run; i++) dst.data[dO + i] = src.data[so + i];
    let a = nd - 2;
    while (a >= 0) {
      if (++idx[a] < box[a]) break;
      idx[a] = 0;
      a--;
    }
    if (a < 0) return;
  }
}
