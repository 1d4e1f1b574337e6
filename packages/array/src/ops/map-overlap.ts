/**
 * mapOverlap: apply a block function to blocks that see `depth` cells of their neighbours (Dask's
 * `map_overlap`), for stencils and filters. Three layers: `overlap` extends every block by its halo
 * (with the boundary rule at the array's edges), `mapBlocks` applies the function to the extended
 * blocks (it must return a block of the same shape), and `trimOverlap` cuts the halo off again, so
 * the result has the input's chunks. Several arrays are aligned first (as for elementwise
 * operations) and extended alike.
 */

import type { Block } from '../block.js';
import type { ChunkedArray } from '../chunked-array.js';
import type { DType } from '../dtype.js';
import { ArrayError } from '../errors.js';
import { alignArrays } from './broadcast.js';
import { mapBlocks } from './map-blocks.js';
import { type BoundaryInput, type DepthInput, overlap, overlapSpec, trimOverlap } from './overlap.js';

/** Options of mapOverlap. */
export interface MapOverlapOptions {
  /** Halo width per axis (a number for every axis, one per axis, or `{ axis: depth }`). */
  depth: DepthInput;
  /** What lies beyond the edges: 'reflect' | 'periodic' | 'nearest' | a constant | 'none' (default). */
  boundary?: BoundaryInput;
  /** Cut the halo off the results (default true); false returns the extended blocks. */
  trim?: boolean;
  /** Result dtype (default: the first array's). */
  dtype?: DType;
  /** Extra arguments passed after the blocks. */
  args?: readonly unknown[];
  /** Key prefix (default: the function's name). */
  name?: string;
}

/**
 * Apply `fn` to every block together with its halo, then trim the halo.
 *
 * @example
 * // stencils.ts: export function laplace1d(b) { … }  defineTasks(import.meta.url, { laplace1d });
 * mapOverlap(laplace1d, [x], { depth: 1, boundary: 'reflect' });
 */
export function mapOverlap(
  fn: (...blocks: any[]) => Block | Promise<Block>,
  arrays: readonly ChunkedArray[],
  options: MapOverlapOptions,
): ChunkedArray {
  if (arrays.length === 0) throw new ArrayError('mapOverlap: give at least one array.');
  if (options?.depth === undefined)
    throw new ArrayError('mapOverlap: give { depth } (cells of halo per axis, e.g. { depth: 1 }).');
  const { shape, arrays: aligned } = alignArrays('mapOverlap', arrays);
  const full = aligned.map((x) => {
    if (x.ndim !== shape.length || x.shape.some((n, a) => n !== shape[a])) {
      throw new ArrayError(
        `mapOverlap: all arrays must have the shape (${shape.join(', ')}); broadcast them first.`,
      );
    }
    return x;
  });
  const spec = overlapSpec('mapOverlap', full[0], options.depth, options.boundary ?? 'none');
  const extended = full.map((x) => overlap(x, spec.depth, spec.boundary));
  const y = mapBlocks(fn, extended, { dtype: options.dtype, args: options.args, name: options.name });
  return options.trim === false ? y : trimOverlap(y, full[0], spec);
}
