/**
 * Creation kernels: blocks made from a few numbers — a constant, a range, evenly spaced values, the
 * identity. The graph passes each block's own offset, so every block is computed independently.
 */

import { defineTasks } from '@tusk/core';
import { type Block, sizeOf } from '../block.js';
import { allocate, type DType } from '../dtype.js';

/**
 * A block filled with `value`.
 *
 * @example
 * fullBlock([2], 'int32', 7).data; // [7, 7]
 */
export function fullBlock(shape: readonly number[], dtype: DType, value: number): Block {
  const data = allocate(dtype, sizeOf(shape));
  if (value !== 0) data.fill(dtype === 'bool' ? (value ? 1 : 0) : value);
  return { shape: [...shape], dtype, data };
}

/** `start + (offset + i) * step` for i < n. */
export function rangeBlock(start: number, step: number, offset: number, n: number, dtype: DType): Block {
  const data = allocate(dtype, n);
  for (let i = 0; i < n; i++) data[i] = start + (offset + i) * step;
  return { shape: [n], dtype, data };
}

/** `n` values of linspace: `start + i * step`, the value at `last` being exactly `stop`. */
export function linspaceBlock(
  start: number,
  step: number,
  offset: number,
  n: number,
  dtype: DType,
  last: number,
  stop: number,
): Block {
  const data = allocate(dtype, n);
  for (let i = 0; i < n; i++) data[i] = offset + i === last ? stop : start + (offset + i) * step;
  return { shape: [n], dtype, data };
}

/** The block at (row0, col0) of an identity-like matrix with ones on diagonal `k`. */
export function eyeBlock(
  shape: readonly number[],
  dtype: DType,
  row0: number,
  col0: number,
  k: number,
): Block {
  const [r, c] = shape;
  const data = allocate(dtype, r * c);
  for (let i = 0; i < r; i++) {
    const j = row0 + i + k - col0;
    if (j >= 0 && j < c) data[i * c + j] = 1;
  }
  return { shape: [...shape], dtype, data };
}

/** A block of another value reinterpreted with `shape` (checks the size). */
export function asBlock(value: unknown, shape: readonly number[], dtype: DType): Block {
  const v = value as Block;
  if (typeof v !== 'object' || v === null || !ArrayBuffer.isView(v.data)) {
    throw new TypeError(`fromDelayed: the value is not a block {shape, dtype, data} or an NDArray.`);
  }
  if (v.data.length !== sizeOf(shape) || v.dtype !== dtype) {
    throw new TypeError(
      `fromDelayed: expected ${sizeOf(shape)} elements of ${dtype} (shape ${shape.join('×')}), got ${v.data.length} of ${v.dtype}.`,
    );
  }
  return { shape: [...shape], dtype, data: v.data };
}

defineTasks(import.meta.url, { fullBlock, rangeBlock, linspaceBlock, eyeBlock, asBlock });
