/**
 * Profiler: records every finished task (key, function name, worker, start, end) and every run, from
 * scheduler callbacks. The records are what the report's task stream draws (one lane per worker) and
 * what `summary()` adds up per task name (key prefix).
 *
 * Per task it keeps one small object; times are performance.timeOrigin-based milliseconds as the
 * scheduler reports them (measured where the task ran), so tasks of several workers line up on one
 * clock. Tasks of a failed run that finished before the failure are kept.
 *
 * Reference: dask/diagnostics/profile.py (`Profiler`, `TaskData`).
 */

import {
  type Callbacks,
  type Key,
  keyPrefixOf,
  type RunFinishInfo,
  type RunStartInfo,
  type TaskFinishInfo,
} from '@tusk/core';

/**
 * One finished task.
 *
 * @example
 * const r: TaskRecord = { key: 'inc-3f2a', functionName: 'inc', worker: 'main', startTime: 1.5e12, endTime: 1.5e12 + 2, durationMs: 2 };
 */
export interface TaskRecord {
  readonly key: Key;
  readonly functionName: string;
  /** Which worker ran it ('main' for the synchronous scheduler). */
  readonly worker: string;
  /** performance.timeOrigin-based milliseconds. */
  readonly startTime: number;
  readonly endTime: number;
  readonly durationMs: number;
}

/**
 * One run seen by the profiler.
 *
 * @example
 * profiler.runs[0]; // { scheduler: 'synchronous', tasks: 3, workers: 1, startTime: …, endTime: …, ok: true }
 */
export interface RunRecord {
  readonly scheduler: string;
  readonly tasks: number;
  readonly workers: number;
  /** performance.timeOrigin-based milliseconds. */
  readonly startTime: number;
  /** Undefined while the run goes on. */
  endTime?: number;
  ok?: boolean;
}

/**
 * Time spent in the tasks of one name (the key prefix: `inc` for `inc-3f2a…`, the name a collection
 * operation or `delayed(f, { name })` gives), over all of them. Tasks are grouped by name, as Dask's
 * diagnostics group by `key_split`, because anonymous functions all have the same function name.
 *
 * @example
 * profiler.summary()[0]; // { name: 'inc', functionNames: ['inc'], count: 10, totalMs: 12.5, meanMs: 1.25, maxMs: 3.1 }
 */
export interface TaskSummary {
  /** The key prefix of the tasks. */
  readonly name: string;
  /** The distinct function names that ran under this name (usually one). */
  readonly functionNames: readonly string[];
  readonly count: number;
  readonly totalMs: number;
  readonly meanMs: number;
  readonly maxMs: number;
}

/**
 * Records each finished task and each run; use as a callback, or through `profile(...)`.
 *
 * @example
 * const profiler = new Profiler();
 * await x.compute({ callbacks: [profiler] });
 * profiler.records.length; // tasks run
 * profiler.summary(); // time per task name, largest first
 */
export class Profiler implements Callbacks {
  /** Finished tasks, in the order they finished. */
  readonly records: TaskRecord[] = [];
  /** Runs, in the order they started. */
  readonly runs: RunRecord[] = [];
  private readonly open: RunRecord[] = [];

  /** Callback: a run starts. */
  start(info: RunStartInfo): void {
    const run: RunRecord = {
      scheduler: info.scheduler,
      tasks: info.tasks,
      workers: info.workers,
      startTime: performance.timeOrigin + performance.now(),
    };
    this.runs.push(run);
    this.open.push(run);
  }

  /** Callback: a task finished. */
  taskFinish(info: TaskFinishInfo): void {
    this.records.push({
      key: info.key,
      functionName: info.functionName,
      worker: info.worker,
      startTime: info.startTime,
      endTime: info.endTime,
      durationMs: info.durationMs,
    });
  }

  /** Callback: a run ends (overlapping runs are closed oldest first). */
  finish(info: RunFinishInfo): void {
    const run = this.open.shift();
    if (run === undefined) return;
    run.endTime = performance.timeOrigin + performance.now();
    run.ok = info.ok;
  }

  /** The workers that ran tasks, in natural order ('main', 'thread-2', 'thread-10'). */
  workers(): string[] {
    return naturalSort([...new Set(this.records.map((r) => r.worker))]);
  }

  /** Time per task name (key prefix), the largest total first. */
  summary(): TaskSummary[] {
    return summarizeTasks(this.records);
  }

  /** Forget every record and run. */
  clear(): void {
    this.records.length = 0;
    this.runs.length = 0;
    this.open.length = 0;
  }
}

/**
 * Time per task name (key prefix) over `records`, the largest total first (ties by name).
 *
 * @example
 * summarizeTasks(profiler.records)[0].name; // the name whose tasks took the most time
 */
export function summarizeTasks(records: readonly TaskRecord[]): TaskSummary[] {
  const byName = new Map<string, { functions: Set<string>; count: number; totalMs: number; maxMs: number }>();
  for (const r of records) {
    const name = keyPrefixOf(r.key);
    const s = byName.get(name);
    if (s === undefined) {
      byName.set(name, {
        functions: new Set([r.functionName]),
        count: 1,
        totalMs: r.durationMs,
        maxMs: r.durationMs,
      });
    } else {
      s.functions.add(r.functionName);
      s.count++;
      s.totalMs += r.durationMs;
      if (r.durationMs > s.maxMs) s.maxMs = r.durationMs;
    }
  }
  return [...byName]
    .map(([name, s]) => ({
      name,
      functionNames: [...s.functions],
      count: s.count,
      totalMs: s.totalMs,
      meanMs: s.totalMs / s.count,
      maxMs: s.maxMs,
    }))
    .sort((a, b) => b.totalMs - a.totalMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Strings sorted with digit runs compared as numbers ('w-2' before 'w-10').
 *
 * @example
 * naturalSort(['w-10', 'main', 'w-2']); // ['main', 'w-2', 'w-10']
 */
export function naturalSort(names: readonly string[]): string[] {
  const collator = new Intl.Collator('en', { numeric: true });
  return [...names].sort(collator.compare);
}
