/**
 * @tusk/distributed — the `distributed` scheduler: core's one scheduler loop drives `tusk-worker`
 * processes on any number of machines through BullMQ on Redis. Results stay on the remote side
 * (Redis, or a shared result directory when large) until the driver releases them.
 *
 * Importing this module registers the scheduler (explicit call at the bottom).
 *
 * @example
 * import '@tusk/distributed';
 * const total = await x.sum().compute({ scheduler: 'distributed', connection: 'redis://127.0.0.1:6379' });
 */

import { registerConfigDefaults, registerScheduler } from '@tusk/core';
import { distributedConfigDefaults } from './options.js';
import { distributedScheduler } from './scheduler.js';

export type { RedisConnection } from './connection.js';
export {
  ModuleNotAllowedError,
  RedisConnectionError,
  RemoteJobError,
  ResultStoreError,
} from './errors.js';
export type { DistributedConfig, DistributedOptions } from './options.js';
export { distributedConfigDefaults } from './options.js';
export type { SharedResultStore } from './result-store.js';
export { DirectoryResultStore } from './result-store.js';
export { distributedScheduler } from './scheduler.js';
export type { TaskWorkerOptions } from './worker/task-worker.js';
export { startWorker, TaskWorker } from './worker/task-worker.js';

registerConfigDefaults(distributedConfigDefaults);
registerScheduler(distributedScheduler);
