/**
 * Task bodies of `store`: `storeBlock` hands one computed block to the user's portable write
 * function (imported on first use in each worker) together with where it goes; `storeDone` waits for
 * every write and counts them. Nothing here holds more than one block.
 */

import { defineTasks, type FunctionRef, loadFunction } from '@tusk/core';
import type { Block } from '../block.js';

/** Call `write(block, start, shape, ...args)`; returns the number of elements written. */
export async function storeBlock(
  write: FunctionRef,
  block: Block,
  start: readonly number[],
  shape: readonly number[],
  args: readonly unknown[],
): Promise<number> {
  const f = await loadFunction(write);
  await f(block, [...start], [...shape], ...args);
  return block.data.length;
}

/** The number of blocks written (runs after all of them). */
export function storeDone(written: readonly unknown[]): number {
  return written.length;
}

defineTasks(import.meta.url, { storeBlock, storeDone });
