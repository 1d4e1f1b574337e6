/**
 * Shared-memory synchronisation primitives for worker threads: Lock, Semaphore, Event, Barrier,
 * SharedValue, SharedArray and Queue over SharedArrayBuffer + Atomics, with the codec that carries
 * them across `postMessage` (encodeShared / reviveShared) and the guard for the processes scheduler
 * (assertNoShared). Async waits work on every thread and never block the event loop; `*Sync` forms
 * block and are for worker threads only. Reference: Python `threading`, `multiprocessing.Value/Array`.
 */

export { Barrier } from './barrier.js';
export { assertNoShared, encodeShared, reviveShared, sharedCodec } from './codec.js';
export type { ScalarOf, SharedDtype, SharedTypedArray, TypedArrayOf } from './dtype.js';
export {
  BrokenBarrierError,
  MessageTooLargeError,
  QueueClosedError,
  SharedMemoryUnavailableError,
  SharedUsageError,
  WaitTimeoutError,
} from './errors.js';
export { Event } from './event.js';
export type { Acquirable } from './guard.js';
export { Held } from './guard.js';
export { Lock } from './lock.js';
export type { QueueOptions } from './queue.js';
export { Queue } from './queue.js';
export { Semaphore } from './semaphore.js';
export { SharedArray } from './shared-array.js';
export type { SharedForm, SharedKind, SharedPrimitive } from './shared-form.js';
export { isSharedForm, isSharedPrimitive, SHARED } from './shared-form.js';
export { SharedValue } from './shared-value.js';
export type { WaitOptions } from './wait.js';
