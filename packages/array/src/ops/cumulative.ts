/**
 * cumsum / cumprod along an axis (Dask's `cumreduction`). Each block gets its own running sums
 * (`cumBlock`); the last slice of each block along the axis is its total; a chain of carries adds
 * the totals of the blocks before it; each output block is its running sums combined with its carry
 * (broadcast along the axis). Without an axis the array is flattened first (as NumPy), its rows made whole blocks.
 *
 *     cum0        cum1          cum2
 *      │ last0 ──▶ │ + carry1 ──▶ │ + carry2 (= carry1 + last1)
 *     out0       out1          out2
 */

import { alias, type GraphNode, Ref, task } from '@tusk/core';
import { ChunkedArray } from '../chunked-array.js';
import { blockIndices } from '../chunks.js';
import { sumResult } from '../dtype.js';
import { arrayLayer, kernel, keyOf, layerName } from '../graph/build.js';
import { elementwise } from '../kernels/elementwise.js';
import type { Expr } from '../kernels/expr.js';
import { cumBlock, sliceBlock } from '../kernels/structure.js';
import { normalizeAxis } from './axes.js';
import { rechunkTo } from './rechunk.js';
import { reshape } from './reshape.js';

function cumulative(x: ChunkedArray, op: 'sum' | 'prod', axis: number | undefined): ChunkedArray {
  const prefix = op === 'sum' ? 'cumsum' : 'cumprod';
  if (axis === undefined) {
    // Flattening needs whole rows: keep the first axis's blocks, make the others one block each.
    if (x.ndim !== 1)
      x = reshape(
        rechunkTo(
          x,
          x.chunks.map((c, a) => (a === 0 ? c : [x.shape[a]])),
        ),
        [-1],
      );
    axis = 0;
  }
  const ax = normalizeAxis(prefix, axis, x.ndim);
  const dtype = sumResult(x.dtype);
  const name = layerName(prefix, x.name, ax);
  const cumRef = kernel(cumBlock);
  const sliceRef = kernel(sliceBlock);
  const ewRef = kernel(elementwise);
  const expr: Expr = {
    k: 'op',
    op: op === 'sum' ? 'add' : 'mul',
    dtype,
    args: [
      { k: 'in', i: 0 },
      { k: 'in', i: 1 },
    ],
  };
  const nodes: GraphNode[] = [];
  const grid = x.numblocks;
  for (const idx of blockIndices(grid)) {
    const cum = keyOf(`${name}-block`, idx);
    nodes.push(task(cum, cumRef, [new Ref(keyOf(x.name, idx)), ax, op]));
    const shape = idx.map((i, a) => x.chunks[a][i]);
    const start = shape.map((n, a) => (a === ax ? n - 1 : 0));
    const count = shape.map((n, a) => (a === ax ? 1 : n));
    nodes.push(
      task(keyOf(`${name}-last`, idx), sliceRef, [new Ref(cum), start, shape.map(() => 1), count, []]),
    );
    const k = idx[ax];
    const prev = (j: number) => idx.map((v, a) => (a === ax ? j : v));
    if (k === 0) nodes.push(alias(keyOf(name, idx), cum));
    else {
      // carry_k = carry_{k-1} ∘ last_{k-1}; carry_1 = last_0.
      const carry = keyOf(`${name}-carry`, idx);
      if (k === 1) nodes.push(alias(carry, keyOf(`${name}-last`, prev(0))));
      else
        nodes.push(
          task(carry, ewRef, [
            expr,
            new Ref(keyOf(`${name}-carry`, prev(k - 1))),
            new Ref(keyOf(`${name}-last`, prev(k - 1))),
          ]),
        );
      nodes.push(task(keyOf(name, idx), ewRef, [expr, new Ref(cum), new Ref(carry)]));
    }
  }
  return new ChunkedArray(name, arrayLayer(name, nodes, [x.__tusk_layer()]), x.shape, x.chunks, dtype);
}

/**
 * Running sums along `axis` (flattened when no axis is given).
 *
 * @example
 * (await arange(5, { chunks: 2 }).cumsum().compute()).toArray(); // [0, 1, 3, 6, 10]
 */
export function cumsum(x: ChunkedArray, axis?: number): ChunkedArray {
  return cumulative(x, 'sum', axis);
}

/** Running products along `axis` (flattened when no axis is given). */
export function cumprod(x: ChunkedArray, axis?: number): ChunkedArray {
  return cumulative(x, 'prod', axis);
}
