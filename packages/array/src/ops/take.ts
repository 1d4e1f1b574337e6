/**
 * Integer and boolean indexing along one axis (`take`): the indices are known when the array is
 * built (a JS array or typed array of integers, negative counting from the end, or a boolean mask as
 * long as the axis). The result along that axis is cut into blocks as large as the input's largest
 * block there; each output block gathers its elements from the input blocks that hold them.
 */

import { Ref, task } from '@tusk/core';
import { ChunkedArray } from '../chunked-array.js';
import { chunkOffsets, regularChunks } from '../chunks.js';
import { IndexError } from '../errors.js';
import { arrayLayer, gridNodes, kernel, keyOf, layerName } from '../graph/build.js';
import { gather } from '../kernels/gather.js';
import { takeBlock } from '../kernels/structure.js';
import { normalizeAxis } from './axes.js';

/**
 * The elements at `indices` along `axis` (or where the boolean mask `indices` is true).
 *
 * @example
 * arange(10, { chunks: 3 }).take([9, 0, -1]); // [9, 0, 9]
 * arange(4).take([true, false, true, false]); // [0, 2]
 */
export function take(
  x: ChunkedArray,
  indices: ArrayLike<number> | readonly boolean[],
  axis = 0,
): ChunkedArray {
  const ax = normalizeAxis('take', axis, x.ndim);
  const n = x.shape[ax];
  let list: number[];
  const arr = Array.from(indices as ArrayLike<number | boolean>);
  if (arr.length > 0 && arr.every((v) => typeof v === 'boolean')) {
    if (arr.length !== n) {
      throw new IndexError(
        'take',
        indices,
        `a boolean mask must have the axis's length ${n}, got ${arr.length}.`,
      );
    }
    list = [];
    arr.forEach((v, i) => {
      if (v) list.push(i);
    });
  } else {
    list = arr.map((v) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < -n || v >= n) {
        throw new IndexError('take', v, `index ${String(v)} is out of bounds for axis ${ax} of length ${n}.`);
      }
      return v < 0 ? v + n : v;
    });
  }
  const off = chunkOffsets(x.chunks[ax]);
  const blockOf = (i: number) => {
    let lo = 0;
    let hi = x.chunks[ax].length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (off[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const outAxisChunks = regularChunks(list.length, Math.max(1, ...x.chunks[ax]));
  const outOff = chunkOffsets(outAxisChunks);
  const chunks = x.chunks.map((c, a) => (a === ax ? outAxisChunks : [...c]));
  const name = layerName('take', x.name, ax, list);
  const takeRef = kernel(takeBlock);
  const gatherRef = kernel(gather);
  const nodes: ReturnType<typeof task>[] = [];
  const layerNodes = gridNodes(name, chunks, (idx, key) => {
    const k = idx[ax];
    const sel = list.slice(outOff[k], outOff[k + 1]);
    // Runs of consecutive selected indices that fall in the same input block.
    const runs: { b: number; local: number[]; at: number }[] = [];
    sel.forEach((g, p) => {
      const b = blockOf(g);
      const last = runs[runs.length - 1];
      if (last && last.b === b) last.local.push(g - off[b]);
      else runs.push({ b, local: [g - off[b]], at: p });
    });
    const shape = idx.map((i, a) => chunks[a][i]);
    if (runs.length === 0) return task(key, gatherRef, [[], shape, x.dtype]);
    const src = (b: number) =>
      keyOf(
        x.name,
        idx.map((i, a) => (a === ax ? b : i)),
      );
    if (runs.length === 1) return task(key, takeRef, [new Ref(src(runs[0].b)), ax, runs[0].local]);
    const pieces = runs.map((r, j) => {
      const pk = keyOf(`${name}-part`, [...idx, j]);
      nodes.push(task(pk, takeRef, [new Ref(src(r.b)), ax, r.local]));
      const box = shape.map((s, a) => (a === ax ? r.local.length : s));
      return [new Ref(pk), shape.map(() => 0), shape.map((_, a) => (a === ax ? r.at : 0)), box];
    });
    return task(key, gatherRef, [pieces, shape, x.dtype]);
  });
  const shape = x.shape.map((s, a) => (a === ax ? list.length : s));
  return new ChunkedArray(
    name,
    arrayLayer(name, [...nodes, ...layerNodes], [x.__tusk_layer()]),
    shape,
    chunks,
    x.dtype,
  );
}
