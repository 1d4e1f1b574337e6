/**
 * The three computations of the memory benchmark, built with `delayed` over Float64Array chunks,
 * each of which needs out-of-core execution once its data outgrows the memory limit:
 *
 *   persist    every chunk is made, then a barrier that needs all of them (the sum of their lengths),
 *              then each chunk is consumed with the barrier: all n chunks are alive at once, as after
 *              `persist()` of a chunked array.
 *   transpose  an all-to-all rechunk, rows to columns: output j concatenates piece j of every input,
 *              so no output can exist before every input does (n inputs, n × n pieces, n outputs, each
 *              output summed with a position weight so its layout is checked, not only its contents).
 *   tree       the chunks are added elementwise, pairwise up a binary tree, and the root is summed.
 *
 * bench/peers/dask_memory.py builds the same graphs with dask.delayed; truth.js computes the answers
 * with plain loops.
 */

import { delayed } from '@tusk/core';
import {
  addChunks,
  chunkLength,
  concatPieces,
  cutPiece,
  makeChunk,
  sumAfter,
  sumChunk,
  total,
  weightedSum,
} from './kernels.js';

/** The computations, by name. */
export const SHAPES = ['persist', 'transpose', 'tree'];

/** Number of tasks each shape has for n chunks (for the table). */
export function taskCount(shape, n) {
  if (shape === 'persist') return 3 * n + 2;
  if (shape === 'transpose') return n + n * n + 2 * n + 1;
  return 2 * n - 1 + 1;
}

function chunks(n, length) {
  return Array.from({ length: n }, (_, i) => delayed(makeChunk)(i, length));
}

function persist(n, length) {
  const xs = chunks(n, length);
  const barrier = delayed(total)(...xs.map((x) => delayed(chunkLength)(x)));
  return delayed(total)(...xs.map((x) => delayed(sumAfter)(x, barrier)));
}

function transpose(n, length) {
  const xs = chunks(n, length);
  const pieces = xs.map((x) => Array.from({ length: n }, (_, j) => delayed(cutPiece)(x, j, n)));
  const outputs = Array.from({ length: n }, (_, j) => delayed(concatPieces)(...pieces.map((row) => row[j])));
  return delayed(total)(...outputs.map((o) => delayed(weightedSum)(o)));
}

function tree(n, length) {
  let level = chunks(n, length);
  while (level.length > 1) {
    const next = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? delayed(addChunks)(level[i], level[i + 1]) : level[i]);
    }
    level = next;
  }
  return delayed(sumChunk)(level[0]);
}

/** The lazy computation `shape` over n chunks of `length` float64 elements. */
export function build(shape, n, length) {
  if (shape === 'persist') return persist(n, length);
  if (shape === 'transpose') return transpose(n, length);
  if (shape === 'tree') return tree(n, length);
  throw new Error(`Unknown memory-benchmark shape '${shape}' (known: ${SHAPES.join(', ')}).`);
}
