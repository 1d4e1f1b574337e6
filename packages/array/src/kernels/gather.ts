/**
 * `gather`: build one block out of boxes cut from other blocks (rechunk, and any layer whose output
 * blocks straddle input blocks). Each piece is `[block, srcStart, dstStart, box]`. It only copies
 * memory, so it is marked cheap: the scheduler runs it in its own thread rather than shipping the
 * pieces to a worker, which would cost a copy of its own.
 */

import { defineTasks, functionRef } from '@tusk/core';
import { type Block, copyBox, sizeOf, zerosBlock } from '../block.js';
import type { DType } from '../dtype.js';

/** One box to copy: from `block` at `srcStart`, to the output at `dstStart`, of shape `box`. */
export type Piece = readonly [Block, readonly number[], readonly number[], readonly number[]];

/**
 * A block of `shape` filled from `pieces`.
 *
 * @example
 * const a = { shape: [3], dtype: 'int32', data: Int32Array.of(1, 2, 3) };
 * gather([[a, [1], [0], [2]]], [2], 'int32').data; // [2, 3]
 */
export function gather(pieces: readonly Piece[], shape: readonly number[], dtype: DType): Block {
  if (pieces.length === 1) {
    const [b, s, , box] = pieces[0];
    // A whole block passes through unchanged.
    if (
      b.dtype === dtype &&
      sizeOf(box) === b.data.length &&
      s.every((v) => v === 0) &&
      box.length === b.shape.length
    )
      return { shape: [...shape], dtype, data: b.data };
  }
  const out = zerosBlock(shape, dtype);
  for (const [b, s, d, box] of pieces) copyBox(b, s, out, d, box);
  return out;
}

defineTasks(import.meta.url, { gather });
functionRef(gather, { module: import.meta.url, cheap: true });
