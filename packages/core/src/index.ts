/**
 * @tusk/core — the task spec, keys and tokenize, the graph, `delayed`, the collection protocol,
 * compute/persist, optimisation passes, static ordering, the scheduler loop with the synchronous
 * executor, DOT output, configuration and typed errors.
 */

import { registerScheduler } from './schedule/scheduler.js';
import { synchronousScheduler } from './schedule/synchronous.js';

export type { KeyTree, TuskCollection } from './collection.js';
export { COLLECTION, flattenKeys, isCollection, mapKeys } from './collection.js';
export type { Computed, ComputedAll, ComputeOptions } from './compute.js';
export { compute, persist, prepareRun } from './compute.js';
export type { ConfigOverrides, OptimizeConfig, TuskConfig } from './config.js';
export {
  getConfig,
  mergeConfig,
  registerConfigDefaults,
  resetConfig,
  setConfig,
  withConfig,
} from './config.js';
export type { DelayedFunction, DelayedOptions, MaybeDelayed } from './delayed.js';
export { Delayed, delayed, isDelayed } from './delayed.js';
export type { DotOptions } from './dot/to-dot.js';
export { toDot } from './dot/to-dot.js';
export type { VisualizeOptions } from './dot/visualize.js';
export { toSvg, visualize } from './dot/visualize.js';
export {
  CancelledError,
  ConfigError,
  CycleError,
  FunctionReferenceError,
  KeyNotFoundError,
  MissingDependencyError,
  RegistryError,
  TaskError,
  TuskError,
  UnknownSchedulerError,
} from './errors.js';
export { executeNode, isPromiseLike, loadNodeFunctions } from './execute.js';
export type { FunctionRef } from './function-ref.js';
export {
  defineTasks,
  describeValue,
  functionRef,
  isPortable,
  loadedFunction,
  loadFunction,
  moduleRef,
  registeredRef,
} from './function-ref.js';
export type { CompiledGraph } from './graph/compile.js';
export { compileGraph } from './graph/compile.js';
export { collectLayers, Layer } from './graph/layer.js';
export type { GraphologyGraph } from './graph/task-graph.js';
export { TaskGraph } from './graph/task-graph.js';
export { getitem, identity } from './kernels.js';
export type { Key, KeyParts } from './key.js';
export { blockKey, keyPrefix, keyPrefixOf, makeKey, parseKey } from './key.js';
export { cull } from './optimize/cull.js';
export type { FuseOptions } from './optimize/fuse.js';
export { fuse } from './optimize/fuse.js';
export type { InlineOptions } from './optimize/inline.js';
export { inline, isCheapConstant } from './optimize/inline.js';
export { optimize } from './optimize/optimize.js';
export { order } from './order.js';
export type {
  Callbacks,
  RunFinishInfo,
  RunStartInfo,
  TaskFinishInfo,
  TaskStartInfo,
} from './schedule/callbacks.js';
export { emit } from './schedule/callbacks.js';
export type {
  Executor,
  ExecutorContext,
  LoopOptions,
  ResultStore,
  StoreStats,
  TaskTiming,
  WorkItem,
} from './schedule/loop.js';
export { runGraph } from './schedule/loop.js';
export type { RunOptions, Scheduler } from './schedule/scheduler.js';
export { getScheduler, registerScheduler, resolveScheduler, schedulerNames } from './schedule/scheduler.js';
export type { RunStore, StoreFactory } from './schedule/store-registry.js';
export { registerStoreFactory, withRunStore } from './schedule/store-registry.js';
export { SynchronousExecutor, synchronousScheduler } from './schedule/synchronous.js';
export { formatBytes, parseSize } from './size.js';
export type { Alias, DataNode, Fused, GraphNode, Task } from './task.js';
export {
  alias,
  collectRefs,
  dataNode,
  fused,
  isPlainContainer,
  isRef,
  nodeFunctionName,
  Ref,
  substitute,
  task,
} from './task.js';
export { TOKENIZE, tokenize, uniqueToken } from './tokenize.js';

registerScheduler(synchronousScheduler);
