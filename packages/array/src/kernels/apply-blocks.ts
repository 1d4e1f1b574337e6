/**
 * `applyBlocks`: call a user's block function (a portable reference: module URL + export name,
 * imported on first use in each worker) and check that what it returns is a block of the shape and
 * dtype the array promised, so a wrong result fails at that block with a clear message instead of
 * corrupting the assembled array.
 */

import { defineTasks, type FunctionRef, loadFunction } from '@tusk/core';
import { type Block, sizeOf } from '../block.js';
import type { DType } from '../dtype.js';

/** Run `fn(...blocks, ...args)` and check the result. */
export async function applyBlocks(
  fn: FunctionRef,
  shape: readonly number[],
  dtype: DType,
  blocks: readonly Block[],
  args: readonly unknown[],
): Promise<Block> {
  const f = await loadFunction(fn);
  const out = (await f(...blocks, ...args)) as Block;
  if (typeof out !== 'object' || out === null || !ArrayBuffer.isView(out.data)) {
    throw new TypeError(
      `mapBlocks: ${fn.name} must return a block {shape, dtype, data}; it returned ${typeof out}.`,
    );
  }
  if (out.dtype !== dtype || out.data.length !== sizeOf(shape)) {
    throw new TypeError(
      `mapBlocks: ${fn.name} returned ${out.data.length} elements of ${out.dtype}, but this block should hold ` +
        `(${shape.join(', ')}) of ${dtype}; pass { dtype, chunks } to mapBlocks to describe its result.`,
    );
  }
  return { shape: [...shape], dtype, data: out.data };
}

defineTasks(import.meta.url, { applyBlocks });
