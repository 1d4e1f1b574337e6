/**
 * transpose: permute the axes (reversed by default, as `.T`). Block (i, j) of the result is the
 * transpose of block (j, i) of the input; chunks are permuted the same way.
 */

import { Ref, task } from '@tusk/core';
import { ChunkedArray } from '../chunked-array.js';
import { ArrayError } from '../errors.js';
import { arrayLayer, gridNodes, kernel, keyOf, layerName } from '../graph/build.js';
import { transposeBlock } from '../kernels/structure.js';
import { normalizeAxis } from './axes.js';

/**
 * The array with axes permuted: result axis a is input axis `axes[a]`.
 *
 * @example
 * zeros([2, 3, 4]).transpose([2, 0, 1]).shape; // [4, 2, 3]
 */
export function transpose(x: ChunkedArray, axes?: readonly number[]): ChunkedArray {
  const nd = x.ndim;
  const perm = axes
    ? axes.map((a) => normalizeAxis('transpose', a, nd))
    : Array.from({ length: nd }, (_, i) => nd - 1 - i);
  if (perm.length !== nd || new Set(perm).size !== nd) {
    throw new ArrayError(
      `transpose: axes [${axes?.join(', ')}] must list each of the ${nd} axes exactly once.`,
    );
  }
  if (perm.every((p, i) => p === i)) return x;
  const chunks = perm.map((p) => x.chunks[p]);
  const name = layerName('transpose', x.name, perm);
  const ref = kernel(transposeBlock);
  const nodes = gridNodes(name, chunks, (idx, key) => {
    const src = new Array<number>(nd);
    for (let a = 0; a < nd; a++) src[perm[a]] = idx[a];
    return task(key, ref, [new Ref(keyOf(x.name, src)), perm]);
  });
  return new ChunkedArray(
    name,
    arrayLayer(name, nodes, [x.__tusk_layer()]),
    perm.map((p) => x.shape[p]),
    chunks,
    x.dtype,
  );
}
