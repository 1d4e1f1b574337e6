/**
 * The `distributed` scheduler: core's one loop (`runGraph`) over a DistributedExecutor, in a
 * RunSpace that namespaces the run on Redis and cleans it up however the run ends.
 */

import { runGraph, type Scheduler } from '@tusk/core';
import { allPortable, assertPortable } from '@tusk/schedulers';
import { DistributedExecutor } from './driver/executor.js';
import { RunSpace } from './driver/run-space.js';
import { distributedSettings } from './options.js';
import { DirectoryResultStore } from './result-store.js';

/** Most tasks in one job. */
const MAX_BATCH = 512;

/**
 * Runs tasks on `tusk-worker` processes anywhere that reach the same Redis (functions must be
 * module exports that the workers are allowed to import).
 *
 * @example
 * import '@tusk/distributed';
 * await x.compute({ scheduler: 'distributed', connection: 'redis://10.0.0.5:6379', queue: 'tusk' });
 */
export const distributedScheduler: Scheduler = {
  name: 'distributed',
  canRun: (graph) => allPortable(graph.nodes.values()),
  async run(graph, keys, options) {
    const settings = distributedSettings(options);
    assertPortable(graph.nodes.values(), 'distributed');
    const space = await RunSpace.open({
      target: settings.target,
      queue: settings.queue,
      results: settings.resultDir === undefined ? undefined : new DirectoryResultStore(settings.resultDir),
      connectTimeout: settings.connectTimeout,
      aliveTtl: settings.aliveTtl,
    });
    let executor: DistributedExecutor | undefined;
    try {
      const workers = settings.workers ?? Math.max(1, await space.queue.getWorkersCount().catch(() => 1));
      executor = new DistributedExecutor(space, {
        keys,
        jobsInFlight: settings.jobsInFlight ?? Math.max(8, 4 * workers),
        batchMs: settings.batchMs,
        maxBatch: MAX_BATCH,
        workers,
      });
      return await runGraph(graph, keys, executor, {
        callbacks: options.callbacks,
        signal: options.signal,
        store: executor.store,
      });
    } finally {
      executor?.close();
      await space.close();
    }
  },
};
