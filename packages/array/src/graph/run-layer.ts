/**
 * runLayer: compute one layer whose single key is a side effect's completion (a file written block
 * by block, a user's store), as a one-key collection optimised like an array (blockwise fusion), so
 * the blocks it reads are fused into the tasks that write them.
 */

import { COLLECTION, type ComputeOptions, compute, type Layer, type TuskCollection } from '@tusk/core';
import { fuseElementwise } from './fuse-elementwise.js';

/** Compute `layer` for its key `key`; resolves to that key's value. */
export async function runLayer(layer: Layer, key: string, options: ComputeOptions = {}): Promise<number> {
  const done: TuskCollection<number> = {
    [COLLECTION]: true,
    __tusk_layer: () => layer,
    __tusk_keys: () => key,
    __tusk_finalize: (v) => v as number,
    __tusk_rebuild: () => done,
    __tusk_optimize: fuseElementwise,
  };
  const [v] = await compute(done, options);
  return v as number;
}
