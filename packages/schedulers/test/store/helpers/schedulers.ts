/**
 * The schedulers the store's bounded-memory cases run on, and a compute() that also returns the
 * store's final stats (read through the `stats` the loop hands to `start` callbacks).
 *
 * 'synchronous' is always tested, 'threads' (and 'processes', on request) when registered. A scheduler
 * whose runs do not report store stats yet — core's synchronous one until it opens its store through
 * core's store registry, the pool schedulers until they do the same — is replaced by a stand-in that
 * does exactly that: withSpillableStore around runGraph with the scheduler's own executor. Once the
 * schedulers open their stores themselves, the stand-ins are no longer used.
 */

import fs from 'node:fs';
import {
  type Callbacks,
  type ComputeOptions,
  compute,
  delayed,
  registerScheduler,
  runGraph,
  type Scheduler,
  SynchronousExecutor,
  schedulerNames,
} from '@tusk/core';
import type { SpillStoreStats } from '../../../src/store/store.js';
import { withSpillableStore } from '../../../src/store/with-store.js';

export interface SchedulerUnderTest {
  /** The scheduler's own name. */
  readonly name: string;
  /** The name to pass to compute() (a stand-in for 'synchronous' until core opens stores). */
  readonly compute: string;
  /** Tasks in flight at once (the slack above the budget is one task's data per worker). */
  readonly workers: number;
}

async function reportsStats(name: string): Promise<boolean> {
  let stats = false;
  const probe: Callbacks = {
    start: (info) => {
      stats = info.stats !== undefined;
    },
  };
  await compute(delayed(1), { scheduler: name, callbacks: [probe], workers: 2, optimize: false });
  return stats;
}

function standIn(name: string, run: Scheduler['run']): string {
  const standInName = `${name}+spillable-store`;
  if (!schedulerNames().includes(standInName))
    registerScheduler({ name: standInName, canRun: () => true, run });
  return standInName;
}

/** core's synchronous scheduler, opening a spillable store as it will through core's store registry. */
function synchronousStandIn(): string {
  return standIn('synchronous', (graph, keys, options) =>
    withSpillableStore(options, (store) =>
      runGraph(graph, keys, new SynchronousExecutor(), {
        callbacks: options.callbacks,
        signal: options.signal,
        store,
      }),
    ),
  );
}

/**
 * The threads / processes scheduler of @tusk/schedulers, opening a spillable store (their `run`, from
 * schedulers.ts, with the store added). Undefined when their modules are not there (yet).
 */
async function poolStandIn(kind: 'threads' | 'processes'): Promise<string | undefined> {
  try {
    const [{ PoolExecutor }, { sharedPool }, { runSettings, checkWorkers }] = await Promise.all([
      import('../../../src/executor.js'),
      import('../../../src/pool/shared.js'),
      import('../../../src/config.js'),
    ]);
    return standIn(kind, (graph, keys, options) => {
      const settings = runSettings(options);
      const pool = sharedPool(kind, checkWorkers(options.workers, 2), settings.spoolThreshold);
      const executor = new PoolExecutor(pool, { keys, ...settings });
      return withSpillableStore(options, (store) =>
        runGraph(graph, keys, executor, { callbacks: options.callbacks, signal: options.signal, store }),
      );
    });
  } catch (err) {
    console.warn(`The ${kind} scheduler is registered but could not be wrapped with a store: ${err}`);
    return undefined;
  }
}

/**
 * The schedulers to run the bounded-memory cases on: 'synchronous' first, always; then 'threads' (and
 * `processes` when `withProcesses`) when registered.
 */
export async function schedulersUnderTest(withProcesses = false): Promise<SchedulerUnderTest[]> {
  const out: SchedulerUnderTest[] = [];
  const sync = (await reportsStats('synchronous')) ? 'synchronous' : synchronousStandIn();
  out.push({ name: 'synchronous', compute: sync, workers: 1 });
  const kinds = withProcesses ? (['threads', 'processes'] as const) : (['threads'] as const);
  for (const kind of kinds) {
    if (!schedulerNames().includes(kind)) continue;
    const name = (await reportsStats(kind)) ? kind : await poolStandIn(kind);
    if (name !== undefined) out.push({ name: kind, compute: name, workers: 2 });
  }
  return out;
}

/** What a run left behind: the store's last stats and the spill directory's files at the end. */
export interface RunReport {
  readonly stats: SpillStoreStats;
  /** Files in the spill directory when the run finished (before the store closed). */
  readonly filesAtFinish: number;
}

/**
 * compute() that also reports the store's stats at the end of the run.
 *
 * @example
 * const { values: [sum], report } = await computeWithReport([total], { scheduler: 'synchronous' });
 */
export async function computeWithReport<C extends unknown[]>(
  collections: C,
  options: ComputeOptions,
): Promise<{ values: unknown[]; report: RunReport }> {
  let statsOf: (() => unknown) | undefined;
  let report: RunReport | undefined;
  const watch: Callbacks = {
    start: (info) => {
      statsOf = info.stats;
    },
    finish: () => {
      const stats = statsOf?.() as SpillStoreStats | undefined;
      if (stats === undefined) return;
      const dir = stats.directory;
      report = {
        stats,
        filesAtFinish: dir !== undefined && fs.existsSync(dir) ? fs.readdirSync(dir).length : 0,
      };
    },
  };
  const values = await compute(...collections, {
    ...options,
    callbacks: [...(options.callbacks ?? []), watch],
  });
  if (report === undefined) throw new Error(`Scheduler '${options.scheduler}' reported no store stats.`);
  return { values: values as unknown[], report };
}
