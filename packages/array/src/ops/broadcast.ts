/**
 * Broadcasting and chunk alignment for operations over several arrays (NumPy's broadcasting rules;
 * Dask's `unify_chunks`). Shapes are aligned at their last axes; an axis of length 1 stretches to
 * the other's length; anything else must be equal. Along each output axis the arrays that are not
 * stretched must be cut the same way: when their chunks differ they are rechunked to the common
 * refinement (every boundary of either), so no block is copied more than needed.
 */

import type { ChunkedArray } from '../chunked-array.js';
import { type Chunks, chunkOffsets } from '../chunks.js';
import { ShapeError } from '../errors.js';
import { rechunkTo } from './rechunk.js';

/**
 * The broadcast of `shapes`.
 *
 * @example
 * broadcastShapes('add', [[3, 1], [4]]); // [3, 4]
 */
export function broadcastShapes(operation: string, shapes: readonly (readonly number[])[]): number[] {
  const nd = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    for (let a = 0; a < s.length; a++) {
      const o = nd - s.length + a;
      if (s[a] === 1) continue;
      if (out[o] !== 1 && out[o] !== s[a]) {
        throw new ShapeError(
          operation,
          shapes,
          `shapes cannot be broadcast together: axis ${o - nd} has lengths ${out[o]} and ${s[a]}; ` +
            'lengths must be equal or 1',
        );
      }
      out[o] = s[a];
    }
  }
  return out;
}

/** The common refinement of chunkings of one axis. */
export function refine(list: readonly (readonly number[])[]): number[] {
  const cuts = new Set<number>();
  for (const c of list) for (const o of chunkOffsets(c)) cuts.add(o);
  const sorted = [...cuts].sort((p, q) => p - q);
  const out: number[] = [];
  for (let i = 1; i < sorted.length; i++) out.push(sorted[i] - sorted[i - 1]);
  return out.length === 0 ? [0] : out;
}

/**
 * Broadcast arrays against each other: the output shape, its chunks, and the arrays rechunked so
 * that along every output axis the non-stretched ones share the output's chunks.
 */
export function alignArrays(
  operation: string,
  arrays: readonly ChunkedArray[],
): { shape: number[]; chunks: Chunks; arrays: ChunkedArray[] } {
  const shape = broadcastShapes(
    operation,
    arrays.map((x) => x.shape),
  );
  const nd = shape.length;
  const chunks: number[][] = [];
  for (let o = 0; o < nd; o++) {
    const list: (readonly number[])[] = [];
    for (const x of arrays) {
      const a = o - (nd - x.ndim);
      if (a >= 0 && x.shape[a] === shape[o]) list.push(x.chunks[a]);
    }
    const first = list[0] ?? [shape[o]];
    const same = list.every((c) => c.length === first.length && c.every((s, i) => s === first[i]));
    chunks.push(same ? [...first] : refine(list));
  }
  const aligned = arrays.map((x) => {
    const want = x.chunks.map((c, a) => {
      const o = nd - x.ndim + a;
      return x.shape[a] === shape[o] ? chunks[o] : c;
    });
    return rechunkTo(x, want);
  });
  return { shape, chunks, arrays: aligned };
}

/** The block of `x` that output block `idx` reads (stretched axes read block 0). */
export function inputBlockIndex(x: ChunkedArray, idx: readonly number[], shape: readonly number[]): number[] {
  const off = shape.length - x.ndim;
  return x.shape.map((n, a) => (n === shape[off + a] ? idx[off + a] : 0));
}
