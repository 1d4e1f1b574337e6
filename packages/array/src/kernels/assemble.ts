/**
 * `assemble`: one block from a nested grid of blocks (as `compute()` finalizes an array, and as
 * rechunk and concatenate join pieces). The grid is nested JS arrays, one level per axis; offsets
 * come from the blocks' own shapes. A grid of one block returns that block as it is.
 */

import { defineTasks } from '@tusk/core';
import { type Block, copyBox, zerosBlock } from '../block.js';
import type { DType } from '../dtype.js';

function flatten(grid: unknown, nd: number, idx: number[], out: [number[], Block][]): void {
  if (idx.length === nd) {
    out.push([idx, grid as Block]);
    return;
  }
  (grid as unknown[]).forEach((g, i) => {
    flatten(g, nd, [...idx, i], out);
  });
}

/**
 * Join a nested grid of blocks into one block of `shape`.
 *
 * @example
 * const a = { shape: [1, 2], dtype: 'float64', data: Float64Array.of(1, 2) };
 * const b = { shape: [1, 2], dtype: 'float64', data: Float64Array.of(3, 4) };
 * assemble([[a], [b]], [2, 2], 'float64').data; // [1, 2, 3, 4]
 */
export function assemble(grid: Block | readonly unknown[], shape: readonly number[], dtype: DType): Block {
  const nd = shape.length;
  const pieces: [number[], Block][] = [];
  flatten(grid, nd, [], pieces);
  if (pieces.length === 1 && pieces[0][1].dtype === dtype) {
    const b = pieces[0][1];
    return b.shape.length === nd ? b : { shape: [...shape], dtype, data: b.data };
  }
  // Offsets per axis from the shapes of the blocks along it.
  const offsets: number[][] = shape.map(() => [0]);
  for (const [idx, b] of pieces) {
    for (let a = 0; a < nd; a++) {
      const others = idx.every((v, j) => j === a || v === 0);
      if (others) offsets[a][idx[a] + 1] = offsets[a][idx[a]] + b.shape[a];
    }
  }
  const out = zerosBlock(shape, dtype);
  for (const [idx, b] of pieces) {
    copyBox(
      b,
      new Array(nd).fill(0),
      out,
      idx.map((i, a) => offsets[a][i]),
      b.shape,
    );
  }
  return out;
}

defineTasks(import.meta.url, { assemble });
