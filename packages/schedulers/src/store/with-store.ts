/**
 * Opening a spillable store for one run and always closing it: `createSpillableStore` is the public
 * edge (validates options against the configuration, then builds the store), `withSpillableStore`
 * wraps a run so the spill directory is removed however the run ends, and `openRunStore` is the
 * factory core's schedulers call through their store registry (see the package index).
 */

import type { ResultStore } from '@tusk/core';
import { resolveStoreOptions, type StoreOptions } from './config.js';
import { SpillableStore } from './store.js';

const STORE_KEYS = ['memoryLimit', 'memoryTarget', 'memoryPause', 'spillDir', 'rssIntervalMs'] as const;

/** The store options among a run's options (RunOptions carry the whole configuration, and more). */
function pickStoreOptions(options: Readonly<Record<string, unknown>>): StoreOptions {
  const out: Record<string, unknown> = {};
  for (const k of STORE_KEYS) if (options[k] !== undefined) out[k] = options[k];
  return out as StoreOptions;
}

/**
 * A spillable store for one run, from the configuration and `options` (which win). Close it when
 * the run ends (or use withSpillableStore).
 *
 * @example
 * using store = createSpillableStore({ memoryLimit: '64MB' });
 * await runGraph(graph, keys, new SynchronousExecutor(), { store });
 */
export function createSpillableStore(
  options: StoreOptions | Readonly<Record<string, unknown>> = {},
): SpillableStore {
  return new SpillableStore(resolveStoreOptions(pickStoreOptions(options as Record<string, unknown>)));
}

/**
 * Run `run` with a fresh spillable store and close it afterwards — after success, failure or
 * cancellation alike — so no spill file outlives the run. `options` may be a scheduler's RunOptions.
 *
 * @example
 * const out = await withSpillableStore({ memoryLimit: '64MB' }, (store) =>
 *   runGraph(graph, keys, new SynchronousExecutor(), { store }),
 * );
 */
export async function withSpillableStore<R>(
  options: StoreOptions | Readonly<Record<string, unknown>>,
  run: (store: SpillableStore) => R | Promise<R>,
): Promise<R> {
  const store = createSpillableStore(options);
  try {
    return await run(store);
  } finally {
    store.close();
  }
}

/**
 * A run's store and how to dispose of it (the shape core's store registry takes).
 *
 * @example
 * const { store, close } = openRunStore({ memoryLimit: '1GB' });
 */
export interface RunStore {
  readonly store: ResultStore;
  close(): void;
}

/**
 * Store factory for core's registry: a spillable store from a run's options.
 *
 * @example
 * registerStoreFactory(openRunStore); // in @tusk/schedulers' index
 */
export function openRunStore(options: Readonly<Record<string, unknown>>): RunStore {
  const store = createSpillableStore(options);
  return { store, close: () => store.close() };
}
