/**
 * compute and persist: run one or more collections in a single graph.
 *
 * The collections' graphs are merged (keys they share run once), optimised (collection-specific
 * passes, then cull / inline / fuse), handed to the chosen scheduler, and each collection turns the
 * values of its keys into its result. Options come last, as Dask's keyword arguments do.
 */

import { flattenKeys, isCollection, type KeyTree, mapKeys, type TuskCollection } from './collection.js';
import {
  type ConfigOverrides,
  getConfig,
  mergeConfig,
  type OptimizeConfig,
  type TuskConfig,
} from './config.js';
import { Layer } from './graph/layer.js';
import { TaskGraph } from './graph/task-graph.js';
import type { Key } from './key.js';
import { optimize as optimizeGraph } from './optimize/optimize.js';
import type { Callbacks } from './schedule/callbacks.js';
import { resolveScheduler } from './schedule/scheduler.js';
import { dataNode } from './task.js';

export interface ComputeOptions {
  /** 'auto' (default: threads when every function can run on workers, else synchronous), 'synchronous', 'threads', 'processes', … */
  scheduler?: string;
  /** Workers for parallel schedulers (default os.availableParallelism()). */
  workers?: number;
  /** `false` skips every optimisation pass; an object switches passes one by one. */
  optimize?: boolean | Partial<OptimizeConfig>;
  /** Callbacks for this run, added to the configured ones. */
  callbacks?: readonly Callbacks[];
  /** Cancel the run. */
  signal?: AbortSignal;
  /** Scheduler-specific options. */
  [option: string]: unknown;
}

export type Computed<C> = C extends TuskCollection<infer T> ? T : C;
export type ComputedAll<C extends readonly unknown[]> = { -readonly [K in keyof C]: Computed<C[K]> };

const STANDARD = new Set(['scheduler', 'workers', 'optimize', 'callbacks', 'signal']);

function splitOptions(args: readonly unknown[]): { items: unknown[]; options: ComputeOptions } {
  const last = args[args.length - 1];
  if (
    args.length > 0 &&
    typeof last === 'object' &&
    last !== null &&
    !isCollection(last) &&
    Object.getPrototypeOf(last) === Object.prototype
  ) {
    return { items: args.slice(0, -1), options: last as ComputeOptions };
  }
  return { items: [...args], options: {} };
}

/** The graph, keys and settings one run will use (exposed for tests, DOT and diagnostics). */
export function prepareRun(
  collections: readonly TuskCollection[],
  options: ComputeOptions = {},
): { graph: TaskGraph; keys: Key[]; config: TuskConfig } {
  const current = getConfig() as TuskConfig;
  const configPart: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    if (k in current && k !== 'optimize' && k !== 'callbacks' && v !== undefined) configPart[k] = v;
  }
  let config = mergeConfig(current, configPart as ConfigOverrides);
  if (options.optimize !== undefined) {
    const o = options.optimize;
    const passes =
      o === false
        ? { cull: false, inline: false, fuse: false }
        : o === true
          ? {}
          : (o as Partial<OptimizeConfig>);
    config = mergeConfig(config, { optimize: passes });
  }
  let graph = TaskGraph.fromLayers(collections.map((c) => c.__tusk_layer()));
  const keys: Key[] = [];
  for (const c of collections) flattenKeys(c.__tusk_keys(), keys);
  if (options.optimize !== false) {
    const seen = new Set<unknown>();
    for (const c of collections) {
      const hook = c.__tusk_optimize;
      if (hook && !seen.has(hook)) {
        seen.add(hook);
        graph = hook.call(c, graph, keys);
      }
    }
    graph = optimizeGraph(graph, keys, config.optimize);
  }
  return { graph, keys, config };
}

async function run(
  collections: readonly TuskCollection[],
  options: ComputeOptions,
): Promise<ReadonlyMap<Key, unknown>> {
  const { graph, keys, config } = prepareRun(collections, options);
  const scheduler = resolveScheduler(config.scheduler, graph);
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) if (!(k in config) && !STANDARD.has(k)) extra[k] = v;
  return scheduler.run(graph, keys, {
    ...(config as unknown as Record<string, unknown>),
    ...extra,
    workers: config.workers,
    callbacks: [...config.callbacks, ...(options.callbacks ?? [])],
    signal: options.signal,
  });
}

/**
 * Compute several collections in one run; resolves to their results in order. Values that are not
 * collections are passed through. A trailing plain object is taken as options.
 *
 * @example
 * const [a, b] = await compute(x, y, { scheduler: 'synchronous' });
 */
export async function compute<C extends readonly unknown[]>(
  ...args: [...C] | [...C, ComputeOptions]
): Promise<ComputedAll<C>> {
  const { items, options } = splitOptions(args);
  const collections = items.filter(isCollection);
  const values = collections.length === 0 ? new Map() : await run(collections, options);
  return items.map((item) =>
    isCollection(item) ? item.__tusk_finalize(mapKeys(item.__tusk_keys(), values)) : item,
  ) as ComputedAll<C>;
}

/**
 * Compute collections and return new collections whose graphs hold the results, so later
 * computations start from them instead of recomputing.
 *
 * @example
 * const [p] = await persist(x); // p.compute() now runs no task of x
 */
export async function persist<C extends readonly unknown[]>(
  ...args: [...C] | [...C, ComputeOptions]
): Promise<C> {
  const { items, options } = splitOptions(args);
  const collections = items.filter(isCollection);
  const values = collections.length === 0 ? new Map() : await run(collections, options);
  return items.map((item) => {
    if (!isCollection(item)) return item;
    const keys = flattenKeys(item.__tusk_keys() as KeyTree);
    const layer = new Layer(
      `persisted-${item.__tusk_layer().name}`,
      keys.map((k) => dataNode(k, values.get(k))),
      [],
      item.__tusk_layer().kind,
    );
    return item.__tusk_rebuild(layer);
  }) as unknown as C;
}
