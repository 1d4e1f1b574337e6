/**
 * The result-store slot: where a run keeps its finished values. Without a registration the loop uses
 * a plain Map. @tusk/schedulers registers its spillable store here (byte accounting against
 * `memoryLimit`, spilling to disk), so that every scheduler — core's synchronous one included, which
 * cannot import @tusk/schedulers — opens one per run once that package is imported, the same way
 * importing it makes 'threads' and 'processes' available. One slot; registering twice is refused.
 */

import { RegistryError } from '../errors.js';
import type { ResultStore } from './loop.js';

/** A run's store and how to dispose of it (remove its spill files). */
export interface RunStore {
  readonly store: ResultStore;
  close(): void | Promise<void>;
}

/** Opens the store of one run from the run's options (the configuration merged with the call's). */
export type StoreFactory = (options: Readonly<Record<string, unknown>>) => RunStore;

let factory: StoreFactory | undefined;

/**
 * Register the factory every scheduler opens its run's store with (refuses a second one).
 *
 * @example
 * registerStoreFactory(openRunStore); // @tusk/schedulers' index
 */
export function registerStoreFactory(f: StoreFactory): void {
  if (factory !== undefined) throw new RegistryError('A result-store factory is already registered.');
  factory = f;
}

/**
 * Run `run` with the registered store (undefined: the loop's own Map), and close the store however
 * the run ends.
 *
 * @example
 * run: (graph, keys, options) =>
 *   withRunStore(options, (store) => runGraph(graph, keys, new SynchronousExecutor(), { ...options, store })),
 */
export async function withRunStore<R>(
  options: Readonly<Record<string, unknown>>,
  run: (store: ResultStore | undefined) => Promise<R>,
): Promise<R> {
  if (factory === undefined) return run(undefined);
  const opened = factory(options);
  try {
    return await run(opened.store);
  } finally {
    await opened.close();
  }
}
