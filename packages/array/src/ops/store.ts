/**
 * store: compute an array and write it block by block into a target (Dask's `store`), never holding
 * the whole array. A target is a `.npy` path (written as `toNpy` does: a temporary file filled in
 * place, renamed when complete) or `{ write, args }`, where `write(block, start, shape, ...args)` is
 * called once per block as soon as that block is computed — `start` is the block's position in the
 * array, `shape` the whole array's shape — and the block is released after it. A portable `write`
 * (a named export registered with defineTasks) runs on the workers of any scheduler; a closure runs
 * on the synchronous scheduler only. The writes of different blocks may run at the same time, in
 * any order.
 */

import {
  type ComputeOptions,
  functionRef,
  isPortable,
  Layer,
  moduleRef,
  Ref,
  type Task,
  task,
} from '@tusk/core';
import type { Block } from '../block.js';
import type { ChunkedArray } from '../chunked-array.js';
import { blockIndices, chunkOffsets } from '../chunks.js';
import { ArrayError } from '../errors.js';
import { kernel, keyOf, layerName } from '../graph/build.js';
import { runLayer } from '../graph/run-layer.js';
import { storeBlock, storeDone } from '../kernels/store-block.js';
import { toNpy } from './npy.js';

/** A target written through a function. */
export interface StoreTarget {
  /** Called once per block with the block, its start in the array, the array's shape and `args`. */
  write: (block: Block, start: number[], shape: number[], ...args: any[]) => unknown;
  /** Extra arguments passed after the shape (e.g. a path or a handle name). */
  args?: readonly unknown[];
}

/**
 * Compute `x` and write it into `target` block by block.
 *
 * @example
 * await store(x, 'x.npy');
 * await store(x, { write: writeRaw, args: ['x.f64'] }); // writeRaw registered with defineTasks
 */
export async function store(
  x: ChunkedArray,
  target: string | StoreTarget,
  options: ComputeOptions = {},
): Promise<void> {
  if (typeof target === 'string') {
    if (!target.endsWith('.npy')) {
      throw new ArrayError(
        `store: a path target must end in .npy, got '${target}'; for other formats give { write } (a function per block).`,
      );
    }
    return toNpy(x, target, options);
  }
  if (typeof target !== 'object' || target === null || typeof target.write !== 'function') {
    throw new ArrayError('store: the target must be a .npy path or { write(block, start, shape, ...args) }.');
  }
  const ref = functionRef(target.write);
  const portable = isPortable(ref);
  const args = target.args ?? [];
  const name = layerName(
    'store',
    x.name,
    ref.module ? `${ref.module}#${ref.exportName}` : target.write,
    args,
  );
  const offsets = x.chunks.map(chunkOffsets);
  const nodes: Task[] = [];
  const written: Ref[] = [];
  for (const idx of blockIndices(x.numblocks)) {
    const key = keyOf(`${name}-write`, idx);
    const block = new Ref(keyOf(x.name, idx));
    const start = idx.map((i, a) => offsets[a][i]);
    nodes.push(
      portable
        ? task(key, kernel(storeBlock), [
            { ...moduleRef(ref.module!, ref.exportName!, ref.name) },
            block,
            start,
            [...x.shape],
            args,
          ])
        : task(key, ref, [block, start, [...x.shape], ...args]),
    );
    written.push(new Ref(key));
  }
  nodes.push(task(name, kernel(storeDone), [written]));
  const layer = new Layer(name, nodes, [x.__tusk_layer()], 'array');
  await runLayer(layer, name, options);
}
