/**
 * mapBlocks: apply a user function to every block (Dask's `map_blocks`). The function receives the
 * blocks (`{shape, dtype, data}`) of the arrays at the same block position — broadcast and aligned as
 * for elementwise operations — followed by any `args`, and returns a block (or an NDArray). Give
 * `dtype` and `chunks` when the result differs from the first input's. To run on threads and
 * processes the function must be a named export registered with `defineTasks` (a closure runs on the
 * synchronous scheduler only, and the others refuse it before anything runs). Portable functions are
 * called through `applyBlocks`, which checks each result's shape and dtype against the metadata.
 */

import { functionRef, isPortable, moduleRef, Ref, task } from '@tusk/core';
import type { Block } from '../block.js';
import { ChunkedArray } from '../chunked-array.js';
import { blockShape, type Chunks, normalizeChunks } from '../chunks.js';
import type { DType } from '../dtype.js';
import { ArrayError } from '../errors.js';
import { arrayLayer, gridNodes, kernel, keyOf, layerName } from '../graph/build.js';
import { applyBlocks } from '../kernels/apply-blocks.js';
import { alignArrays, inputBlockIndex } from './broadcast.js';

/** Options of mapBlocks. */
export interface MapBlocksOptions {
  /** Result dtype (default: the first array's). */
  dtype?: DType;
  /** Result chunks (default: the aligned inputs' chunks); must have the same number of blocks per axis. */
  chunks?: readonly (readonly number[])[];
  /** Extra arguments passed after the blocks. */
  args?: readonly unknown[];
  /** Key prefix (default: the function's name). */
  name?: string;
}

/**
 * Apply `fn` block by block.
 *
 * @example
 * // blocks.ts: export function double(b) { return { ...b, data: b.data.map((v) => 2 * v) }; }
 * //            defineTasks(import.meta.url, { double });
 * mapBlocks(double, [x]);
 */
export function mapBlocks(
  fn: (...blocks: any[]) => Block | Promise<Block>,
  arrays: readonly ChunkedArray[],
  options: MapBlocksOptions = {},
): ChunkedArray {
  if (arrays.length === 0) throw new ArrayError('mapBlocks: give at least one array.');
  const ref = functionRef(fn);
  const { shape: inShape, chunks: aligned, arrays: inputs } = alignArrays('mapBlocks', arrays);
  const dtype = options.dtype ?? arrays[0].dtype;
  let chunks: Chunks = aligned;
  if (options.chunks) {
    const c = options.chunks;
    if (c.length !== aligned.length || c.some((cs, a) => cs.length !== aligned[a].length)) {
      throw new ArrayError(
        `mapBlocks: chunks must have ${aligned.length} axes with ${aligned.map((a) => a.length).join(', ')} blocks (one per input block).`,
      );
    }
    chunks = normalizeChunks(
      c,
      c.map((cs) => cs.reduce((p, q) => p + q, 0)),
      dtype,
      'mapBlocks',
    );
  }
  const args = options.args ?? [];
  const id = ref.module ? `${ref.module}#${ref.exportName}` : fn;
  const name = layerName(
    options.name ?? ref.name,
    id,
    inputs.map((x) => x.name),
    chunks,
    dtype,
    args,
  );
  const portable = isPortable(ref);
  const plain = portable ? moduleRef(ref.module!, ref.exportName!, ref.name) : undefined;
  const nodes = gridNodes(name, chunks, (idx, key) => {
    const refs = inputs.map((x) => new Ref(keyOf(x.name, inputBlockIndex(x, idx, inShape))));
    return portable
      ? task(key, kernel(applyBlocks), [{ ...plain }, blockShape(chunks, idx), dtype, refs, args])
      : task(key, ref, [...refs, ...args]);
  });
  const shape = chunks.map((c) => c.reduce((p, q) => p + q, 0));
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
