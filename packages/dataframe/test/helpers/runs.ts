/**
 * Run helpers: callbacks that record which tasks ran (for "computes only what it needs" tests) and
 * the schedulers every main case runs on.
 */

import type { Callbacks, StoreStats } from '@tusk/core';

/** The schedulers the conformance cases run on, with the options each gets. */
export const SCHEDULERS = [
  { scheduler: 'synchronous' },
  { scheduler: 'threads', workers: 2 },
  { scheduler: 'processes', workers: 2 },
] as const;

/** Callbacks recording the keys of finished tasks (and the scheduler's name and worker count). */
export function taskRecorder(): Callbacks & { keys: string[]; functions: string[]; scheduler?: string } {
  const rec: Callbacks & { keys: string[]; functions: string[]; scheduler?: string } = {
    keys: [],
    functions: [],
    start(info) {
      rec.scheduler = info.scheduler;
    },
    taskFinish(info) {
      rec.keys.push(info.key);
      rec.functions.push(info.functionName);
    },
  };
  return rec;
}

/** Callbacks that read the store's statistics when the run finishes. */
export function storeWatcher(): Callbacks & { final?: StoreStats; workers: number } {
  let stats: (() => StoreStats) | undefined;
  const w: Callbacks & { final?: StoreStats; workers: number } = {
    workers: 1,
    start(info) {
      stats = info.stats;
      w.workers = info.workers;
    },
    finish() {
      w.final = stats?.();
    },
  };
  return w;
}
