/**
 * concatenate and stack. Along the joined axis the result's blocks are the inputs' blocks, one after
 * another (aliases: nothing is copied); along the other axes the inputs must have equal lengths and
 * are rechunked to the first input's chunks when they differ. Inputs of different dtypes are cast to
 * their promoted dtype. `stack` inserts a new axis in each input first.
 */

import { alias } from '@tusk/core';
import { ChunkedArray } from '../chunked-array.js';
import { sameChunks } from '../chunks.js';
import { promoteTypes } from '../dtype.js';
import { ArrayError, ShapeError } from '../errors.js';
import { arrayLayer, gridNodes, keyOf, layerName } from '../graph/build.js';
import { astype } from './astype.js';
import { normalizeAxis } from './axes.js';
import { rechunkTo } from './rechunk.js';
import { expandDims } from './reshape.js';

/**
 * Join arrays along an existing axis.
 *
 * @example
 * concatenate([ones([2, 3]), zeros([4, 3])], 0).shape; // [6, 3]
 */
export function concatenate(arrays: readonly ChunkedArray[], axis = 0): ChunkedArray {
  if (arrays.length === 0) throw new ArrayError('concatenate: needs at least one array.');
  const first = arrays[0];
  if (first.ndim === 0)
    throw new ShapeError('concatenate', [first.shape], '0-d arrays cannot be concatenated; use stack');
  const ax = normalizeAxis('concatenate', axis, first.ndim);
  for (const x of arrays) {
    const ok = x.ndim === first.ndim && x.shape.every((n, a) => a === ax || n === first.shape[a]);
    if (!ok) {
      throw new ShapeError(
        'concatenate',
        arrays.map((y) => y.shape),
        `all arrays must have the same shape except along axis ${ax}`,
      );
    }
  }
  const dtype = arrays.map((x) => x.dtype).reduce(promoteTypes);
  const inputs = arrays.map((x) => {
    const want = x.chunks.map((c, a) => (a === ax ? c : first.chunks[a]));
    const y = sameChunks(x.chunks, want) ? x : rechunkTo(x, want);
    return astype(y, dtype);
  });
  const chunks = first.chunks.map((c, a) => (a === ax ? inputs.flatMap((x) => [...x.chunks[ax]]) : [...c]));
  const owner: [number, number][] = [];
  inputs.forEach((x, k) => {
    x.chunks[ax].forEach((_, b) => {
      owner.push([k, b]);
    });
  });
  const name = layerName(
    'concatenate',
    inputs.map((x) => x.name),
    ax,
  );
  const nodes = gridNodes(name, chunks, (idx, key) => {
    const [k, b] = owner[idx[ax]];
    return alias(
      key,
      keyOf(
        inputs[k].name,
        idx.map((i, a) => (a === ax ? b : i)),
      ),
    );
  });
  const shape = first.shape.map((n, a) => (a === ax ? inputs.reduce((p, x) => p + x.shape[ax], 0) : n));
  return new ChunkedArray(
    name,
    arrayLayer(
      name,
      nodes,
      inputs.map((x) => x.__tusk_layer()),
    ),
    shape,
    chunks,
    dtype,
  );
}

/**
 * Join arrays of one shape along a new axis.
 *
 * @example
 * stack([ones([3]), zeros([3])], 1).shape; // [3, 2]
 */
export function stack(arrays: readonly ChunkedArray[], axis = 0): ChunkedArray {
  if (arrays.length === 0) throw new ArrayError('stack: needs at least one array.');
  const first = arrays[0];
  for (const x of arrays) {
    if (x.ndim !== first.ndim || x.shape.some((n, a) => n !== first.shape[a])) {
      throw new ShapeError(
        'stack',
        arrays.map((y) => y.shape),
        'all arrays must have the same shape',
      );
    }
  }
  const ax = normalizeAxis('stack', axis, first.ndim + 1);
  return concatenate(
    arrays.map((x) => expandDims(x, ax)),
    ax,
  );
}
