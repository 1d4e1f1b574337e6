/**
 * The collection protocol: what `compute`, `persist`, `toDot` and `delayed` need from a lazy
 * collection (Delayed, Array, DataFrame, or a user's own), in the manner of Dask's `__dask_graph__`
 * family. A collection holds its graph as layers, names its output keys, and turns the computed
 * values of those keys into the user's result.
 */

import type { Layer } from './graph/layer.js';
import type { TaskGraph } from './graph/task-graph.js';
import type { Key } from './key.js';

export const COLLECTION: unique symbol = Symbol.for('tusk.collection') as any;

/** Output keys: one key, or (nested) arrays of keys — e.g. the block grid of an array. */
export type KeyTree = Key | readonly KeyTree[];

export interface TuskCollection<T = unknown> {
  readonly [COLLECTION]: true;
  /** The last layer of this collection's graph (the rest is reachable through its dependencies). */
  __tusk_layer(): Layer;
  /** Output keys. */
  __tusk_keys(): KeyTree;
  /** Build the result from the computed values, arranged like `__tusk_keys()`. Runs in the caller's thread. */
  __tusk_finalize(values: unknown): T;
  /** The same collection over `layer`, whose nodes hold the already computed outputs (for persist). */
  __tusk_rebuild(layer: Layer): TuskCollection<T>;
  /** A collection-specific optimisation run before the generic passes (e.g. blockwise fusion). */
  __tusk_optimize?(graph: TaskGraph, keys: readonly Key[]): TaskGraph;
  /** A Delayed of the finalized result, so the collection can be an argument of a delayed call. */
  __tusk_toDelayed?(): TuskCollection<T> & { readonly key: Key };
}

/** Is `v` a Tusk collection? (brand check, safe across copies of the package) */
export function isCollection(v: unknown): v is TuskCollection {
  return typeof v === 'object' && v !== null && (v as any)[COLLECTION] === true;
}

/** All keys of a KeyTree, depth first. */
export function flattenKeys(tree: KeyTree, out: Key[] = []): Key[] {
  if (typeof tree === 'string') out.push(tree);
  else for (const t of tree) flattenKeys(t, out);
  return out;
}

/** Replace each key of `tree` by its value. */
export function mapKeys(tree: KeyTree, values: ReadonlyMap<Key, unknown>): unknown {
  if (typeof tree === 'string') return values.get(tree);
  return tree.map((t) => mapKeys(t, values));
}
