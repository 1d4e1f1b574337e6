/**
 * ResourceProfiler: RSS, CPU %, and the store's managed and spilled bytes over time, sampled while
 * runs go on.
 *
 * A sample is taken when a run starts, every `interval` ms (default 100) on an unref'd timer, and
 * when the last overlapping run finishes; nothing is done per task, so it adds no cost to the tasks
 * themselves. RSS and CPU come from a UsageMeter (process-usage.ts): this process with its worker
 * threads and, on Linux, its child processes (the `processes` scheduler's workers) unless
 * `children: false`. Managed and spilled bytes come from the run's `stats()` when its store keeps
 * accounting (the synchronous scheduler's plain map does not: the fields are then undefined).
 * A run that is entirely synchronous (tiny in-thread tasks) gives the timer no chance to fire: it
 * gets its start and finish samples only.
 *
 * Reference: dask/diagnostics/profile.py (`ResourceProfiler`: a tracker process polls psutil).
 */

import { type Callbacks, ConfigError, type RunStartInfo, type StoreStats } from '@tusk/core';
import { UsageMeter } from './process-usage.js';

/**
 * One sample of a ResourceProfiler.
 *
 * @example
 * const s: ResourceSample = { time: 1.7e12, rssBytes: 9e7, cpuPercent: 97.5, childProcesses: 0 };
 */
export interface ResourceSample {
  /** performance.timeOrigin-based milliseconds (the clock of the Profiler's task records). */
  readonly time: number;
  /** Resident memory of this process plus its child processes (when counted), in bytes. */
  readonly rssBytes: number;
  /** CPU use since the previous sample, in % of one core (may exceed 100 with several workers). */
  readonly cpuPercent: number;
  /** Child processes counted in rssBytes and cpuPercent; undefined where they cannot be (not Linux). */
  readonly childProcesses?: number;
  /** Bytes of values the run's store holds in memory, when it keeps accounting. */
  readonly memoryBytes?: number;
  /** Bytes of values the run's store has spilled to disk, when it keeps accounting. */
  readonly spilledBytes?: number;
}

/**
 * Options of `new ResourceProfiler(...)`.
 *
 * @example
 * new ResourceProfiler({ interval: 50, children: false });
 */
export interface ResourceProfilerOptions {
  /** Milliseconds between samples (default 100). */
  interval?: number;
  /** Count child processes' CPU and RSS (Linux; default true). */
  children?: boolean;
}

/**
 * Samples memory, CPU and spill while runs go on; use as a callback, or through `profile(...)`.
 *
 * @example
 * const resources = new ResourceProfiler({ interval: 100 });
 * await x.compute({ callbacks: [resources] });
 * Math.max(...resources.samples.map((s) => s.rssBytes)); // peak RSS seen
 */
export class ResourceProfiler implements Callbacks {
  /** Samples, oldest first. */
  readonly samples: ResourceSample[] = [];
  /** Milliseconds between samples. */
  readonly interval: number;
  private readonly children: boolean | undefined;
  private meter: UsageMeter;
  private active = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private statsSources: (() => StoreStats)[] = [];

  constructor(options: ResourceProfilerOptions = {}) {
    const interval = options.interval ?? 100;
    if (!(typeof interval === 'number' && interval > 0 && Number.isFinite(interval))) {
      throw new ConfigError(
        'interval',
        `ResourceProfiler: interval must be a positive number of milliseconds; got ${String(interval)}.`,
      );
    }
    this.interval = interval;
    this.children = options.children;
    this.meter = new UsageMeter({ children: options.children });
  }

  /** Callback: a run starts; the first overlapping run starts the timer. */
  start(info: RunStartInfo): void {
    if (info.stats) this.statsSources.push(info.stats);
    this.active++;
    if (this.active > 1) return;
    // A fresh meter: the first sample of a run shows 0 % CPU, not the average since the last run.
    this.meter = new UsageMeter({ children: this.children });
    this.sample();
    this.timer = setInterval(() => this.sample(), this.interval);
    this.timer.unref?.();
  }

  /** Callback: a run ends; the last overlapping run takes a final sample and stops the timer. */
  finish(): void {
    if (this.active === 0) return;
    this.active--;
    if (this.active > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    this.statsSources = [];
  }

  /** Take one sample now (also usable between runs). */
  sample(): ResourceSample {
    const usage = this.meter.read();
    const s: {
      -readonly [K in keyof ResourceSample]: ResourceSample[K];
    } = {
      time: performance.timeOrigin + performance.now(),
      rssBytes: usage.rssBytes,
      cpuPercent: usage.cpuPercent,
    };
    if (usage.childProcesses !== undefined) s.childProcesses = usage.childProcesses;
    if (this.statsSources.length > 0) {
      let memoryBytes = 0;
      let spilledBytes = 0;
      for (const source of this.statsSources) {
        try {
          const st = source();
          memoryBytes += st.memoryBytes;
          spilledBytes += st.spilledBytes;
        } catch {
          // A store that cannot report (closed) adds nothing.
        }
      }
      s.memoryBytes = memoryBytes;
      s.spilledBytes = spilledBytes;
    }
    this.samples.push(s);
    return s;
  }

  /** Forget every sample. */
  clear(): void {
    this.samples.length = 0;
  }
}
