/**
 * The `threads` and `processes` schedulers: core's one loop (`runGraph`) over a PoolExecutor.
 * Each run uses the shared pool for its kind and worker count (or the WorkerPool passed as
 * `pool`), with `retries`, `timeout`, `spoolThreshold` and `moveInputs` from the configuration
 * and the call. `canRun` is true when every function can cross to a worker, so 'auto' picks
 * threads only then.
 */

import { availableParallelism } from 'node:os';
import { ConfigError, runGraph, type Scheduler, withRunStore } from '@tusk/core';
import { checkWorkers, runSettings } from './config.js';
import { PoolExecutor } from './executor.js';
import { poolOf, WorkerPool } from './futures/worker-pool.js';
import type { Pool } from './pool/pool.js';
import { sharedPool } from './pool/shared.js';
import { allPortable } from './portable.js';
import type { WorkerKind } from './protocol.js';

function choosePool(kind: WorkerKind, options: Record<string, unknown>, spoolThreshold: number): Pool {
  const given = options.pool;
  if (given !== undefined) {
    if (!(given instanceof WorkerPool)) {
      throw new ConfigError(
        'pool',
        'The `pool` option takes a WorkerPool (new WorkerPool({ kind, workers })).',
      );
    }
    if (given.kind !== kind) {
      throw new ConfigError(
        'pool',
        `The ${kind} scheduler cannot run on a ${given.kind} WorkerPool; pass scheduler: '${given.kind}'.`,
      );
    }
    return poolOf(given);
  }
  return sharedPool(kind, checkWorkers(options.workers, availableParallelism()), spoolThreshold);
}

function poolScheduler(kind: WorkerKind): Scheduler {
  return {
    name: kind,
    canRun: (graph) => allPortable(graph.nodes.values()),
    async run(graph, keys, options) {
      const settings = runSettings(options);
      const pool = choosePool(kind, options, settings.spoolThreshold);
      const executor = new PoolExecutor(pool, { keys, ...settings });
      return withRunStore(options, (store) =>
        runGraph(graph, keys, executor, { callbacks: options.callbacks, signal: options.signal, store }),
      );
    },
  };
}

/**
 * Runs tasks on a pool of worker threads (functions must be module exports).
 *
 * @example
 * await x.compute({ scheduler: 'threads', workers: 4 });
 */
export const threadsScheduler: Scheduler = poolScheduler('threads');

/**
 * Runs tasks on a pool of child processes (functions must be module exports).
 *
 * @example
 * await x.compute({ scheduler: 'processes', retries: 2, timeout: 60_000 });
 */
export const processesScheduler: Scheduler = poolScheduler('processes');
