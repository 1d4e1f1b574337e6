/**
 * @tusk/schedulers — the `threads` and `processes` schedulers (core's one loop over a pool of
 * worker threads or child processes), the WorkerPool futures API on the same pool, value codecs,
 * the spillable result store (memory budget, spilling to disk), diagnostics (progress bar, profilers,
 * HTML report), shared-memory primitives for threads, and the configuration options they add.
 *
 * Importing this module registers both schedulers and the options (explicit calls at the bottom).
 */

import { registerConfigDefaults, registerScheduler, registerStoreFactory } from '@tusk/core';
import { registerBuiltinCodecs } from './codec/builtin.js';
import { schedulerConfigDefaults } from './config.js';
import { processesScheduler, threadsScheduler } from './schedulers.js';
import { registerStoreConfig } from './store/config.js';
import { openRunStore } from './store/with-store.js';

// For executors outside this package (@tusk/distributed) as well: registerBuiltinCodecs, the
// protocol types and JobFlags, the wire codecs (encodeNode, encodeValue / decodeValue, valueSink,
// serializeError / deserializeError) and the worker-side Runner with its WorkerPort.
export { registerBuiltinCodecs } from './codec/builtin.js';
export type { ValueCodec } from './codec/registry.js';
export { getCodec, registerCodec } from './codec/registry.js';
export type { RunSettings } from './config.js';
export { schedulerConfigDefaults } from './config.js';
export type { Usage } from './diagnostics/process-usage.js';
export { UsageMeter } from './diagnostics/process-usage.js';
export type { Profile, ProfileOptions } from './diagnostics/profile.js';
export { profile } from './diagnostics/profile.js';
export type { RunRecord, TaskRecord, TaskSummary } from './diagnostics/profiler.js';
export { Profiler, summarizeTasks } from './diagnostics/profiler.js';
export type { ProgressBarOptions, ProgressStream } from './diagnostics/progress-bar.js';
export { ProgressBar } from './diagnostics/progress-bar.js';
export type { GraphInput } from './diagnostics/report/graph-svg.js';
export type { ReportOptions } from './diagnostics/report/write-report.js';
export { renderReport, writeReport } from './diagnostics/report/write-report.js';
export type { ResourceProfilerOptions, ResourceSample } from './diagnostics/resource-profiler.js';
export { ResourceProfiler } from './diagnostics/resource-profiler.js';
export { PoolClosedError, TaskTimeoutError, WorkerCrashedError } from './errors.js';
export type { PoolExecutorOptions } from './executor.js';
export { PoolExecutor } from './executor.js';
export { asCompleted } from './futures/as-completed.js';
export type { Future, FutureState } from './futures/future.js';
export type { CallOptions, MapOptions, Settled, WorkerPoolOptions } from './futures/worker-pool.js';
export { WorkerPool } from './futures/worker-pool.js';
export { shutdownSchedulers } from './pool/shared.js';
export { allPortable, assertPortable } from './portable.js';
export type {
  FromWorker,
  ResultsMessage,
  RunMessage,
  ToWorker,
  WireError,
  WireFunction,
  WireJob,
  WireNode,
  WorkerKind,
} from './protocol.js';
export { JobFlags } from './protocol.js';
export { processesScheduler, threadsScheduler } from './schedulers.js';
export type {
  Acquirable,
  QueueOptions,
  ScalarOf,
  SharedDtype,
  SharedForm,
  SharedKind,
  SharedPrimitive,
  SharedTypedArray,
  TypedArrayOf,
  WaitOptions,
} from './shared/index.js';
export {
  assertNoShared,
  Barrier,
  BrokenBarrierError,
  Event,
  encodeShared,
  Held,
  isSharedForm,
  isSharedPrimitive,
  Lock,
  MessageTooLargeError,
  Queue,
  QueueClosedError,
  reviveShared,
  Semaphore,
  SHARED,
  SharedArray,
  SharedMemoryUnavailableError,
  SharedUsageError,
  SharedValue,
  sharedCodec,
  WaitTimeoutError,
} from './shared/index.js';
export type { SpillCodec, SpillPayload } from './store/codecs.js';
export { registerSpillCodec } from './store/codecs.js';
export type { ResolvedStoreOptions, StoreOptions } from './store/config.js';
export { registerStoreConfig, resolveStoreOptions } from './store/config.js';
export type { SpillOperation } from './store/errors.js';
export { SpillError } from './store/errors.js';
export type { SizeofClass, SizeofFn, SizeofPredicate } from './store/sizeof.js';
export { registerSizeof, sizeof } from './store/sizeof.js';
export type { SpillStoreStats } from './store/store.js';
export { SpillableStore } from './store/store.js';
export { createSpillableStore, openRunStore, withSpillableStore } from './store/with-store.js';
export { deserializeError, serializeError } from './wire/errors.js';
export { encodeNode } from './wire/nodes.js';
export type { ValueSink } from './wire/values.js';
export { decodeValue, encodeValue, keptBytesOf, valueSink } from './wire/values.js';
export type { WorkerPort } from './worker/port.js';
export { Runner } from './worker/runner.js';

registerConfigDefaults(schedulerConfigDefaults);
registerStoreConfig();
registerStoreFactory(openRunStore);
registerBuiltinCodecs();
registerScheduler(threadsScheduler);
registerScheduler(processesScheduler);
