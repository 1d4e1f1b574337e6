/**
 * `blockwiseApply`: the task body of `blockwise` with a portable function. Inputs arrive as blocks,
 * or as nested lists of blocks along contracted indices; an input marked for concatenation is first
 * joined into one block (`assemble`). The user's function is then called and its result checked
 * against the shape and dtype the array promised, so a wrong block fails where it is made.
 */

import { defineTasks, type FunctionRef, loadFunction } from '@tusk/core';
import { type Block, sizeOf } from '../block.js';
import type { DType } from '../dtype.js';
import { assemble } from './assemble.js';

/** How to join one input: the assembled shape and dtype, or null to pass it as it is. */
export type JoinSpec = readonly [readonly number[], DType] | null;

/** Join the inputs marked in `join`, call `fn(...inputs, ...args)` and check the result. */
export async function blockwiseApply(
  fn: FunctionRef,
  shape: readonly number[],
  dtype: DType,
  inputs: readonly unknown[],
  join: readonly JoinSpec[],
  args: readonly unknown[],
): Promise<Block> {
  const f = await loadFunction(fn);
  const ready = inputs.map((v, k) => {
    const j = join[k];
    return j ? assemble(v as readonly unknown[], j[0], j[1]) : v;
  });
  const out = (await f(...ready, ...args)) as Block;
  if (typeof out !== 'object' || out === null || !ArrayBuffer.isView(out.data)) {
    throw new TypeError(
      `blockwise: ${fn.name} must return a block {shape, dtype, data}; it returned ${typeof out}.`,
    );
  }
  if (out.dtype !== dtype || out.data.length !== sizeOf(shape)) {
    throw new TypeError(
      `blockwise: ${fn.name} returned ${out.data.length} elements of ${out.dtype}, but this block should hold ` +
        `(${shape.join(', ')}) of ${dtype}; pass { dtype } (and newAxes for new indices) to describe its result.`,
    );
  }
  return { shape: [...shape], dtype, data: out.data };
}

defineTasks(import.meta.url, { blockwiseApply });
