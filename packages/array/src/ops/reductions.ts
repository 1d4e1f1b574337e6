/**
 * Reductions as tree reductions (Dask's `reduction` / `partial_reduce`): sum prod mean min max std
 * var any all argmin argmax, over all axes or some, with `keepdims`. One partial task per block
 * reduces it to a state (kernels/reduce.ts); then, level by level, groups of up to `splitEvery`
 * neighbouring states along the reduced axes are combined (split evenly over the axes: 4 over two
 * axes is 2 × 2) until one state is left per output block, which `reduceFinalize` turns into the
 * result. Memory stays O(splitEvery × depth) states when run in static order.
 *
 *     b00 b01 b02 b03 b04        partial  p00 … p04
 *       └──┬──┴──┬─┘  │         combine  c0 = (p00..p03), c1 = (p04)
 *          c0        c1          combine  c = (c0, c1) → finalize → result
 */

import { Ref, task } from '@tusk/core';
import { ChunkedArray } from '../chunked-array.js';
import { blockIndices, chunkOffsets } from '../chunks.js';
import { type DType, floatResult, sumResult } from '../dtype.js';
import { ArrayError } from '../errors.js';
import { arrayLayer, kernel, keyOf, layerName } from '../graph/build.js';
import { type ReduceOp, reduceCombine, reduceFinalize, reducePartial } from '../kernels/reduce.js';
import { normalizeAxes, normalizeAxis } from './axes.js';

/** Options of the reductions. */
export interface ReductionOptions {
  /** Axis or axes to reduce (default: all). */
  axis?: number | readonly number[];
  /** Keep the reduced axes with length 1 (default false). */
  keepdims?: boolean;
  /** Fan-in of each combine step (default 4). */
  splitEvery?: number;
}

const DEFAULT_SPLIT = 4;

function resultDType(op: ReduceOp, d: DType): DType {
  switch (op) {
    case 'sum':
    case 'prod':
      return sumResult(d);
    case 'mean':
    case 'var':
    case 'std':
      return floatResult(d);
    case 'any':
    case 'all':
      return 'bool';
    case 'argmin':
    case 'argmax':
      return 'int32';
    default:
      return d;
  }
}

/** Build the tree reduction of `op` over `axes` (trusted: axes normalised). */
export function reduction(
  x: ChunkedArray,
  op: ReduceOp,
  axes: readonly number[],
  keepdims: boolean,
  splitEvery = DEFAULT_SPLIT,
  ddof = 0,
): ChunkedArray {
  if (!(Number.isInteger(splitEvery) && splitEvery >= 2)) {
    throw new ArrayError(`${op}: splitEvery must be an integer ≥ 2, got ${splitEvery}.`);
  }
  if (
    (op === 'min' || op === 'max' || op === 'argmin' || op === 'argmax') &&
    axes.some((a) => x.shape[a] === 0)
  ) {
    throw new ArrayError(
      `${op}: cannot reduce over an axis of length 0 (the result has no identity); check the shape.`,
    );
  }
  const nd = x.ndim;
  const dtype = resultDType(op, x.dtype);
  const name = layerName(op, x.name, axes, keepdims, splitEvery, ddof);
  const nodes = [];
  const partial = kernel(reducePartial);
  const combine = kernel(reduceCombine);
  const offsets = x.chunks.map(chunkOffsets);
  let grid = x.numblocks;
  let level = `${name}-partial`;
  for (const idx of blockIndices(grid)) {
    const args: unknown[] = [new Ref(keyOf(x.name, idx)), op, axes];
    if (op === 'argmin' || op === 'argmax')
      args.push(
        idx.map((i, a) => offsets[a][i]),
        [...x.shape],
      );
    nodes.push(task(keyOf(level, idx), partial, args));
  }
  const multi = axes.filter((a) => grid[a] > 1).length;
  const split = Math.max(2, Math.floor(splitEvery ** (1 / Math.max(1, multi)) + 1e-9));
  for (let depth = 0; axes.some((a) => grid[a] > 1); depth++) {
    const next = grid.map((g, a) => (axes.includes(a) ? Math.ceil(g / split) : g));
    const nextLevel = `${name}-combine${depth}`;
    for (const idx of blockIndices(next)) {
      const lo = idx.map((i, a) => (axes.includes(a) ? i * split : i));
      const hi = idx.map((i, a) => (axes.includes(a) ? Math.min(grid[a], (i + 1) * split) : i + 1));
      const group: Ref[] = [];
      for (const rel of blockIndices(hi.map((h, a) => h - lo[a]))) {
        group.push(
          new Ref(
            keyOf(
              level,
              rel.map((r, a) => r + lo[a]),
            ),
          ),
        );
      }
      nodes.push(task(keyOf(nextLevel, idx), combine, [group, op]));
    }
    grid = next;
    level = nextLevel;
  }
  const finalize = kernel(reduceFinalize);
  const outChunks: number[][] = [];
  for (let a = 0; a < nd; a++) {
    if (!axes.includes(a)) outChunks.push([...x.chunks[a]]);
    else if (keepdims) outChunks.push([1]);
  }
  for (const idx of blockIndices(grid)) {
    const outIdx = idx.filter((_, a) => keepdims || !axes.includes(a));
    const outShape = outIdx.map((i, a) => outChunks[a][i]);
    nodes.push(task(keyOf(name, outIdx), finalize, [new Ref(keyOf(level, idx)), op, outShape, dtype, ddof]));
  }
  const shape = x.shape.flatMap((n, a) => (axes.includes(a) ? (keepdims ? [1] : []) : [n]));
  return new ChunkedArray(name, arrayLayer(name, nodes, [x.__tusk_layer()]), shape, outChunks, dtype);
}

function make(op: ReduceOp) {
  return (x: ChunkedArray, options: ReductionOptions & { ddof?: number } = {}): ChunkedArray =>
    reduction(
      x,
      op,
      normalizeAxes(op, options.axis, x.ndim),
      options.keepdims ?? false,
      options.splitEvery,
      options.ddof ?? 0,
    );
}

/**
 * Sum over `axis` (default all). Integers and bools sum to float64.
 *
 * @example
 * (await ones([4, 6], { chunks: 2 }).sum({ axis: 0 }).compute()).toArray(); // [4, 4, 4, 4, 4, 4]
 */
export const sum = make('sum');
/** Product over `axis`. */
export const prod = make('prod');
/** Mean over `axis`. */
export const mean = make('mean');
/** Minimum over `axis` (NaN wins). */
export const min = make('min');
/** Maximum over `axis` (NaN wins). */
export const max = make('max');
/** Standard deviation over `axis` (`ddof` 0 by default, as NumPy). */
export const std = make('std');
/** Variance over `axis` (`ddof` 0 by default, as NumPy). */
export const variance = make('var');
/** Whether any value is non-zero. */
export const any = make('any');
/** Whether every value is non-zero. */
export const all = make('all');

function arg(op: 'argmin' | 'argmax') {
  return (x: ChunkedArray, options: { axis?: number; splitEvery?: number } = {}): ChunkedArray => {
    const axes =
      options.axis === undefined
        ? Array.from({ length: x.ndim }, (_, i) => i)
        : [normalizeAxis(op, options.axis, x.ndim)];
    // Over all axes of an n-d array the index is flat (as NumPy's argmin without axis).
    const flatAll = options.axis === undefined && x.ndim !== 1;
    return reduction(x, op, flatAll ? [...axes, ...[]] : axes, false, options.splitEvery);
  };
}

/** Index of the minimum along `axis` (default: flat index over the whole array). */
export const argmin = arg('argmin');
/** Index of the maximum along `axis` (default: flat index over the whole array). */
export const argmax = arg('argmax');
