/**
 * matmul / dot / tensordot: blockwise products, then a tree sum (Dask's `tensordot` plan). The
 * contracted axes of both inputs are first cut alike (rechunked to their common refinement); then for
 * every output block and every block position along the contracted axes there is one product task
 * (`tensordotBlock`), and the products of one output block are added by the reduction kernels in
 * groups of `splitEvery` (default 4), the last step casting to the result dtype.
 *
 *     C(i,j) = Σ_l A(i,l) · B(l,j):   A(i,0)B(0,j)  A(i,1)B(1,j)  …  ─▶ sum tree ─▶ C(i,j)
 */

import { type GraphNode, type Key, Ref, task } from '@tusk/core';
import { ChunkedArray } from '../chunked-array.js';
import { blockIndices } from '../chunks.js';
import { promoteTypes } from '../dtype.js';
import { ArrayError, ShapeError } from '../errors.js';
import { arrayLayer, kernel, keyOf, layerName } from '../graph/build.js';
import { reduceCombine, reduceFinalize } from '../kernels/reduce.js';
import { tensordotBlock } from '../kernels/tensordot.js';
import { normalizeAxis } from './axes.js';
import { alignArrays } from './broadcast.js';
import { rechunkTo } from './rechunk.js';

/**
 * Contract `a` over `axes[0]` with `b` over `axes[1]` (or the last `axes` axes of a with the first of
 * b, when `axes` is a number).
 *
 * @example
 * tensordot(ones([2, 3, 4]), ones([4, 3, 5]), [[1, 2], [1, 0]]).shape; // [2, 5]
 */
export function tensordot(
  a: ChunkedArray,
  b: ChunkedArray,
  axes: number | readonly [readonly number[], readonly number[]] = 2,
  options: { splitEvery?: number } = {},
): ChunkedArray {
  let axA: number[];
  let axB: number[];
  if (typeof axes === 'number') {
    if (!(Number.isInteger(axes) && axes >= 0 && axes <= a.ndim && axes <= b.ndim)) {
      throw new ArrayError(
        `tensordot: axes=${axes} must be an integer between 0 and both arrays' dimensions.`,
      );
    }
    axA = Array.from({ length: axes }, (_, i) => a.ndim - axes + i);
    axB = Array.from({ length: axes }, (_, i) => i);
  } else {
    axA = axes[0].map((x) => normalizeAxis('tensordot', x, a.ndim));
    axB = axes[1].map((x) => normalizeAxis('tensordot', x, b.ndim));
  }
  if (axA.length !== axB.length || new Set(axA).size !== axA.length || new Set(axB).size !== axB.length) {
    throw new ArrayError('tensordot: give the same number of distinct axes for both arrays.');
  }
  axA.forEach((x, i) => {
    if (a.shape[x] !== b.shape[axB[i]]) {
      throw new ShapeError(
        'tensordot',
        [a.shape, b.shape],
        `contracted axis ${x} of the first array has length ${a.shape[x]} but axis ${axB[i]} of the second has ${b.shape[axB[i]]}`,
      );
    }
  });
  // Cut each pair of contracted axes alike.
  const wantA = a.chunks.map((c) => [...c]);
  const wantB = b.chunks.map((c) => [...c]);
  axA.forEach((x, i) => {
    const pair = alignArrays('tensordot', [
      vector(a.shape[x], a.chunks[x], a),
      vector(b.shape[axB[i]], b.chunks[axB[i]], b),
    ]);
    wantA[x] = [...pair.chunks[0]];
    wantB[axB[i]] = [...pair.chunks[0]];
  });
  a = rechunkTo(a, wantA);
  b = rechunkTo(b, wantB);
  const freeA = a.shape.map((_, i) => i).filter((i) => !axA.includes(i));
  const freeB = b.shape.map((_, i) => i).filter((i) => !axB.includes(i));
  const outChunks = [...freeA.map((i) => [...a.chunks[i]]), ...freeB.map((i) => [...b.chunks[i]])];
  const dtype = promoteTypes(a.dtype, b.dtype);
  const splitEvery = options.splitEvery ?? 4;
  if (!(Number.isInteger(splitEvery) && splitEvery >= 2)) {
    throw new ArrayError(`tensordot: splitEvery must be an integer ≥ 2, got ${splitEvery}.`);
  }
  const name = layerName('tensordot', a.name, b.name, axA, axB, splitEvery);
  const prodRef = kernel(tensordotBlock);
  const combineRef = kernel(reduceCombine);
  const finalRef = kernel(reduceFinalize);
  const contracted = axA.map((x) => a.chunks[x].length);
  const nodes: GraphNode[] = [];
  for (const out of blockIndices(outChunks.map((c) => c.length))) {
    const ia = out.slice(0, freeA.length);
    const ib = out.slice(freeA.length);
    let level: Key[] = [];
    let l = 0;
    for (const c of blockIndices(contracted)) {
      const idxA = a.shape.map(() => 0);
      freeA.forEach((ax, i) => {
        idxA[ax] = ia[i];
      });
      axA.forEach((ax, i) => {
        idxA[ax] = c[i];
      });
      const idxB = b.shape.map(() => 0);
      freeB.forEach((ax, i) => {
        idxB[ax] = ib[i];
      });
      axB.forEach((ax, i) => {
        idxB[ax] = c[i];
      });
      const key = keyOf(`${name}-product`, [...out, l++]);
      nodes.push(task(key, prodRef, [new Ref(keyOf(a.name, idxA)), new Ref(keyOf(b.name, idxB)), axA, axB]));
      level.push(key);
    }
    for (let depth = 0; level.length > 1; depth++) {
      const next: Key[] = [];
      for (let g = 0; g < level.length; g += splitEvery) {
        const key = keyOf(`${name}-sum${depth}`, [...out, next.length]);
        nodes.push(task(key, combineRef, [level.slice(g, g + splitEvery).map((k) => new Ref(k)), 'sum']));
        next.push(key);
      }
      level = next;
    }
    const shape = out.map((i, ax) => outChunks[ax][i]);
    nodes.push(task(keyOf(name, out), finalRef, [new Ref(level[0]), 'sum', shape, dtype]));
  }
  const shape = [...freeA.map((i) => a.shape[i]), ...freeB.map((i) => b.shape[i])];
  return new ChunkedArray(
    name,
    arrayLayer(name, nodes, [a.__tusk_layer(), b.__tusk_layer()]),
    shape,
    outChunks,
    dtype,
  );
}

/** A stand-in 1-D array with the given chunks (only its metadata is read by alignArrays). */
function vector(n: number, chunks: readonly number[], like: ChunkedArray): ChunkedArray {
  return new ChunkedArray(like.name, like.__tusk_layer(), [n], [chunks], like.dtype);
}

/**
 * Matrix product of 2-D arrays (1-D operands are treated as vectors, as NumPy's `dot`).
 *
 * @example
 * matmul(ones([4, 3], { chunks: 2 }), ones([3, 5], { chunks: 2 })).shape; // [4, 5]
 */
export function matmul(a: ChunkedArray, b: ChunkedArray): ChunkedArray {
  if (a.ndim < 1 || a.ndim > 2 || b.ndim < 1 || b.ndim > 2) {
    throw new ShapeError(
      'matmul',
      [a.shape, b.shape],
      'matmul takes 1-D or 2-D arrays; use tensordot for more axes',
    );
  }
  const ka = a.ndim - 1;
  const kb = b.ndim === 1 ? 0 : 0;
  if (a.shape[ka] !== b.shape[kb]) {
    throw new ShapeError(
      'matmul',
      [a.shape, b.shape],
      `the inner lengths differ (${a.shape[ka]} and ${b.shape[kb]}); the first array's columns must match the second's rows`,
    );
  }
  return tensordot(a, b, [[ka], [kb]]);
}

/** The same as matmul (NumPy's `dot` for 1-D and 2-D arrays). */
export const dot = matmul;
