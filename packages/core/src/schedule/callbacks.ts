/**
 * Scheduler callbacks: hooks every scheduler calls, on which progress bars and profilers are built.
 * All are optional; a callback that throws is reported on stderr and does not stop the run.
 */

import type { Key } from '../key.js';
import type { StoreStats } from './loop.js';

export interface RunStartInfo {
  /** Scheduler name. */
  readonly scheduler: string;
  /** Number of tasks to run (after optimisation). */
  readonly tasks: number;
  /** Requested output keys. */
  readonly keys: readonly Key[];
  /** Number of workers (1 for the synchronous scheduler). */
  readonly workers: number;
  /** Current memory/spill accounting of the run's store, when it keeps one. */
  readonly stats?: () => StoreStats;
}

export interface TaskStartInfo {
  readonly key: Key;
  readonly functionName: string;
  /** Which worker runs it ('main' for the synchronous scheduler). */
  readonly worker: string;
}

export interface TaskFinishInfo extends TaskStartInfo {
  /** Wall time of the task in milliseconds (as measured where it ran). */
  readonly durationMs: number;
  /** performance.timeOrigin-based start and end times, in milliseconds. */
  readonly startTime: number;
  readonly endTime: number;
}

export interface RunFinishInfo {
  readonly ok: boolean;
  readonly error?: unknown;
  readonly durationMs: number;
  readonly tasksDone: number;
}

export interface Callbacks {
  start?(info: RunStartInfo): void;
  taskStart?(info: TaskStartInfo): void;
  taskFinish?(info: TaskFinishInfo): void;
  finish?(info: RunFinishInfo): void;
}

/** Call `name` on every callback, reporting (not throwing) a callback's own failure. */
export function emit<K extends keyof Callbacks>(
  callbacks: readonly Callbacks[],
  name: K,
  info: Parameters<NonNullable<Callbacks[K]>>[0],
): void {
  for (const cb of callbacks) {
    const f = cb[name] as ((i: typeof info) => void) | undefined;
    if (f === undefined) continue;
    try {
      f.call(cb, info);
    } catch (err) {
      process.emitWarning(`A Tusk '${name}' callback threw: ${err instanceof Error ? err.stack : err}`);
    }
  }
}
