/**
 * Structure kernels: cut, reorder or relabel one block — strided slices, transposes, reshapes
 * (a relabel of the same row-major data, marked cheap so it runs in the scheduler's thread),
 * gathers along one axis (integer indexing), and cumulative sums / products along an axis.
 */

import { defineTasks, functionRef } from '@tusk/core';
import { type Block, sizeOf, stridesOf } from '../block.js';
import { allocate, allocateOutput, type DType, sumResult } from '../dtype.js';

/**
 * Elements `start[a] + i * step[a]` for `i < count[a]` along each axis; axes listed in `drop` (each of
 * count 1) are removed from the result's shape.
 *
 * @example
 * const b = { shape: [5], dtype: 'int32', data: Int32Array.of(0, 1, 2, 3, 4) };
 * sliceBlock(b, [4], [-2], [3], []).data; // [4, 2, 0]
 */
export function sliceBlock(
  b: Block,
  start: readonly number[],
  step: readonly number[],
  count: readonly number[],
  drop: readonly number[],
): Block {
  const nd = b.shape.length;
  const n = sizeOf(count);
  const out = allocate(b.dtype, n);
  const shape = count.filter((_, a) => !drop.includes(a));
  if (n === 0) return { shape, dtype: b.dtype, data: out };
  if (nd === 0) {
    out[0] = b.data[0];
    return { shape, dtype: b.dtype, data: out };
  }
  const st = stridesOf(b.shape);
  const last = nd - 1;
  const inner = count[last];
  const innerStep = step[last] * st[last];
  const idx = new Array<number>(nd).fill(0);
  for (let o = 0; o < n; o += inner) {
    let s = start[last];
    for (let a = 0; a < last; a++) s += (start[a] + idx[a] * step[a]) * st[a];
    if (innerStep === 1) out.set(b.data.subarray(s, s + inner), o);
    else for (let i = 0; i < inner; i++) out[o + i] = b.data[s + i * innerStep];
    for (let a = last - 1; a >= 0; a--) {
      if (++idx[a] < count[a]) break;
      idx[a] = 0;
    }
  }
  return { shape, dtype: b.dtype, data: out };
}

/** The block with its axes permuted: output axis a is input axis `perm[a]`. */
export function transposeBlock(b: Block, perm: readonly number[]): Block {
  const nd = b.shape.length;
  const shape = perm.map((p) => b.shape[p]);
  const n = b.data.length;
  const out = allocateOutput(b.dtype, n);
  const src = b.data;
  if (nd === 2 && perm[0] === 1) {
    // Tiled 2-D transpose: both sides stay in cache.
    const [r, c] = b.shape;
    const T = 64;
    for (let i0 = 0; i0 < r; i0 += T) {
      const i1 = Math.min(r, i0 + T);
      for (let j0 = 0; j0 < c; j0 += T) {
        const j1 = Math.min(c, j0 + T);
        for (let i = i0; i < i1; i++) {
          const row = i * c;
          for (let j = j0; j < j1; j++) out[j * r + i] = src[row + j];
        }
      }
    }
    return { shape, dtype: b.dtype, data: out };
  }
  const ist = stridesOf(b.shape);
  const pst = perm.map((p) => ist[p]);
  const idx = new Array<number>(nd).fill(0);
  for (let o = 0; o < n; o++) {
    let s = 0;
    for (let a = 0; a < nd; a++) s += idx[a] * pst[a];
    out[o] = src[s];
    for (let a = nd - 1; a >= 0; a--) {
      if (++idx[a] < shape[a]) break;
      idx[a] = 0;
    }
  }
  return { shape, dtype: b.dtype, data: out };
}

/** The same data with another shape of the same size (no copy). */
export function reshapeBlock(b: Block, shape: readonly number[]): Block {
  if (sizeOf(shape) !== b.data.length) {
    throw new Error(`reshapeBlock: ${b.data.length} elements cannot take the shape (${shape.join(', ')}).`);
  }
  return { shape: [...shape], dtype: b.dtype, data: b.data };
}

/** Elements at `indices` (local to the block) along `axis`. */
export function takeBlock(b: Block, axis: number, indices: readonly number[]): Block {
  const shape = [...b.shape];
  shape[axis] = indices.length;
  const inner = b.shape.slice(axis + 1).reduce((p, q) => p * q, 1);
  const outer = b.shape.slice(0, axis).reduce((p, q) => p * q, 1);
  const len = b.shape[axis];
  const out = allocate(b.dtype, sizeOf(shape));
  let o = 0;
  for (let p = 0; p < outer; p++) {
    for (const i of indices) {
      const s = (p * len + i) * inner;
      out.set(b.data.subarray(s, s + inner), o);
      o += inner;
    }
  }
  return { shape, dtype: b.dtype, data: out };
}

/** Running sums (`op` 'sum') or products ('prod') along `axis`; integers accumulate in float64. */
export function cumBlock(b: Block, axis: number, op: 'sum' | 'prod'): Block {
  const dtype: DType = sumResult(b.dtype);
  const out = allocate(dtype, b.data.length);
  const inner = b.shape.slice(axis + 1).reduce((p, q) => p * q, 1);
  const outer = b.shape.slice(0, axis).reduce((p, q) => p * q, 1);
  const len = b.shape[axis];
  const src = b.data;
  for (let p = 0; p < outer; p++) {
    const base = p * len * inner;
    for (let j = 0; j < inner; j++) {
      let acc = op === 'sum' ? 0 : 1;
      for (let i = 0; i < len; i++) {
        const k = base + i * inner + j;
        acc = op === 'sum' ? acc + src[k] : acc * src[k];
        out[k] = acc;
      }
    }
  }
  return { shape: [...b.shape], dtype, data: out };
}

defineTasks(import.meta.url, { sliceBlock, transposeBlock, reshapeBlock, takeBlock, cumBlock });
functionRef(reshapeBlock, { module: import.meta.url, cheap: true });
