/**
 * ThrottledGc: a full garbage collection on demand, at most a small fraction of the time. When the
 * process's RSS has grown past the pause threshold while the store's managed bytes are under it, the
 * excess is memory nothing holds any more — typed arrays spilled, released or copied to a worker,
 * whose backing stores V8 frees only when it next collects. Pausing alone would not bring that down,
 * so the store asks for a collection, as Dask's worker memory monitor calls `gc.collect()` through
 * its ThrottledGC (distributed/utils_perf.py) in the same situation.
 *
 * The collector is V8's `gc()`: `globalThis.gc` when Node runs with `--expose-gc`, otherwise obtained
 * once by turning that flag on at run time (`v8.setFlagsFromString('--expose-gc')`) and reading `gc`
 * from a fresh context. If neither works, collect() does nothing. Throttling: a collection runs only
 * when the time spent in the previous one is under `maxFraction` (default 5 %) of the time since it
 * started, so repeated requests never take more than that share of a run.
 */

import v8 from 'node:v8';
import vm from 'node:vm';

type GcFn = () => void;
let gcFn: GcFn | null | undefined;

function collector(): GcFn | null {
  if (gcFn !== undefined) return gcFn;
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') {
    gcFn = exposed as GcFn;
    return gcFn;
  }
  try {
    v8.setFlagsFromString('--expose-gc');
    const fn = vm.runInNewContext('gc') as unknown;
    gcFn = typeof fn === 'function' ? (fn as GcFn) : null;
  } catch {
    gcFn = null;
  }
  return gcFn;
}

/**
 * Full collections, throttled to a fraction of the time.
 *
 * @example
 * const gc = new ThrottledGc();
 * if (rssGrowth > pauseBytes && managedBytes < pauseBytes) gc.collect();
 */
export class ThrottledGc {
  /** Collections run so far, and milliseconds spent in them. */
  count = 0;
  totalMs = 0;
  private lastStart = Number.NEGATIVE_INFINITY;
  private lastMs = 0;

  constructor(private readonly maxFraction = 0.05) {}

  /** Collect now unless the last collection's cost is over `maxFraction` of the time since. True if it ran. */
  collect(): boolean {
    const now = performance.now();
    if (this.lastMs > this.maxFraction * (now - this.lastStart)) return false;
    const gc = collector();
    if (gc === null) return false;
    gc();
    const end = performance.now();
    this.lastStart = now;
    this.lastMs = end - now;
    this.count++;
    this.totalMs += this.lastMs;
    return true;
  }
}
