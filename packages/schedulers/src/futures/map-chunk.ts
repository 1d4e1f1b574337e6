/**
 * The kernel behind WorkerPool.map / starmap: runs on a worker, applies one function to a chunk
 * of items (as multiprocessing.Pool's chunksize does) and returns the values plus, per failed
 * item, its index and error. Fail-fast maps stop a chunk at its first failure; settling maps run
 * every item. An async function's items run concurrently within the chunk.
 */

import { defineTasks, isPromiseLike, loadedFunction, loadFunction, moduleRef } from '@tusk/core';
import type { WireError } from '../protocol.js';
import { serializeError } from '../wire/errors.js';

/** What a chunk returns. */
export interface ChunkResult {
  readonly values: unknown[];
  /** `[item index within the chunk, error]`, in index order. */
  readonly errors: [number, WireError][];
}

type Fn = (...args: any[]) => unknown;

function runChunk(
  fn: Fn,
  items: readonly unknown[],
  star: boolean,
  settle: boolean,
): ChunkResult | Promise<ChunkResult> {
  const values = new Array(items.length);
  const errors: [number, WireError][] = [];
  let pending: Promise<void>[] | undefined;
  for (let i = 0; i < items.length; i++) {
    let v: unknown;
    try {
      v = star ? fn(...(items[i] as unknown[])) : fn(items[i]);
    } catch (err) {
      errors.push([i, serializeError(err)]);
      if (settle) continue;
      break;
    }
    if (isPromiseLike(v)) {
      pending ??= [];
      pending.push(
        Promise.resolve(v).then(
          (x) => {
            values[i] = x;
          },
          (err) => {
            errors.push([i, serializeError(err)]);
          },
        ),
      );
    } else values[i] = v;
  }
  if (pending === undefined) return { values, errors };
  return Promise.all(pending).then(() => ({ values, errors: errors.sort((a, b) => a[0] - b[0]) }));
}

/** Apply the export `exportName` of `module` to each item (spread when `star`). */
export function mapChunk(
  module: string,
  exportName: string,
  items: readonly unknown[],
  star: boolean,
  settle: boolean,
): ChunkResult | Promise<ChunkResult> {
  const ref = moduleRef(module, exportName);
  const fn = loadedFunction(ref);
  if (fn !== undefined) return runChunk(fn, items, star, settle);
  return loadFunction(ref).then((f) => runChunk(f, items, star, settle));
}

defineTasks(import.meta.url, { mapChunk });
