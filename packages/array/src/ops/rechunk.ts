/**
 * rechunk: the same array cut into other blocks. Each output block gathers the boxes of the input
 * blocks it overlaps (kernels/gather.ts) — one task per output block, reading only its inputs, so
 * peak memory stays a few blocks. (Dask plans staged rechunks for very different chunkings; this is
 * the single-stage plan.) An output chunking equal to the input's returns the input itself.
 */

import { Ref, task } from '@tusk/core';
import { ChunkedArray } from '../chunked-array.js';
import {
  blockShape,
  type Chunks,
  type ChunksInput,
  chunkOffsets,
  normalizeChunks,
  sameChunks,
} from '../chunks.js';
import { arrayLayer, gridNodes, kernel, keyOf, layerName } from '../graph/build.js';
import { gather } from '../kernels/gather.js';

/** New chunks: as `normalizeChunks` takes them. */
export type RechunkInput = ChunksInput;

/** For each output block along one axis: the [input block, start in it, start in output, length] runs. */
export function axisPlan(
  from: readonly number[],
  to: readonly number[],
): [number, number, number, number][][] {
  const fo = chunkOffsets(from);
  const plan: [number, number, number, number][][] = [];
  let pos = 0;
  let b = 0;
  for (const size of to) {
    const runs: [number, number, number, number][] = [];
    let done = 0;
    while (done < size) {
      while (fo[b + 1] <= pos && b < from.length - 1) b++;
      const take = Math.min(size - done, fo[b + 1] - pos);
      runs.push([b, pos - fo[b], done, take]);
      done += take;
      pos += take;
    }
    if (size === 0) runs.push([0, 0, 0, 0]);
    plan.push(runs);
  }
  return plan;
}

/** Rechunk to normalised chunks (trusted). */
export function rechunkTo(x: ChunkedArray, chunks: Chunks): ChunkedArray {
  if (sameChunks(x.chunks, chunks)) return x;
  const plans = chunks.map((c, a) => axisPlan(x.chunks[a], c));
  const name = layerName('rechunk', x.name, chunks);
  const ref = kernel(gather);
  const nodes = gridNodes(name, chunks, (idx, key) => {
    let pieces: unknown[][] = [[[], [], [], []]];
    for (let a = 0; a < idx.length; a++) {
      const next: unknown[][] = [];
      for (const p of pieces) {
        for (const [b, s, d, n] of plans[a][idx[a]]) {
          next.push([
            [...(p[0] as number[]), b],
            [...(p[1] as number[]), s],
            [...(p[2] as number[]), d],
            [...(p[3] as number[]), n],
          ]);
        }
      }
      pieces = next;
    }
    const args = pieces.map(([b, s, d, n]) => [new Ref(keyOf(x.name, b as number[])), s, d, n]);
    return task(key, ref, [args, blockShape(chunks, idx), x.dtype]);
  });
  return new ChunkedArray(name, arrayLayer(name, nodes, [x.__tusk_layer()]), x.shape, chunks, x.dtype);
}

/**
 * The array cut into other blocks.
 *
 * @example
 * zeros([10, 10], { chunks: 5 }).rechunk([2, -1]).chunks; // [[2, 2, 2, 2, 2], [10]]
 */
export function rechunk(x: ChunkedArray, chunks: RechunkInput): ChunkedArray {
  return rechunkTo(x, normalizeChunks(chunks, x.shape, x.dtype, 'rechunk'));
}
