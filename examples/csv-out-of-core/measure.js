/**
 * Runs one step of the demo under observation: a progress bar on stderr, Tusk's profilers (tasks,
 * RSS and CPU over time, for the HTML report), and a callback that reads the store's accounting when
 * each run ends (peak bytes held, bytes spilled). Hands back the step's result with its wall time,
 * peak RSS and store figures, and keeps every profile so one report can show the whole demo.
 */

import { ProgressBar, profile } from '@tusk/schedulers';

/**
 * A callback that keeps the largest store figures over the runs it sees.
 *
 * @example
 * const w = storeWatcher();
 * await df.compute({ callbacks: [w] });
 * w.peakMemoryBytes; // most bytes the store held at once
 */
export function storeWatcher() {
  const w = {
    peakMemoryBytes: 0,
    spilledCount: 0,
    stats: undefined,
    start(info) {
      w.stats = info.stats;
    },
    finish() {
      const s = w.stats?.();
      if (!s) return;
      w.peakMemoryBytes = Math.max(w.peakMemoryBytes, s.peakMemoryBytes);
      w.spilledCount += s.spilledCount;
    },
  };
  return w;
}

/**
 * Collects the steps of one demo run.
 *
 * @example
 * const steps = new Steps();
 * const { result, ms, peakRss } = await steps.run(() => byKey(events).compute());
 * await writeReport('out/report.html', { ...steps.report(), graph: [a, b] });
 */
export class Steps {
  profiles = [];

  /** Run `fn` with a progress bar and the profilers; resolves to its result and figures. */
  async run(fn) {
    const store = storeWatcher();
    const t0 = performance.now();
    const { result, profile: p } = await profile(fn, {
      callbacks: [new ProgressBar({ stream: process.stderr }), store],
    });
    const ms = performance.now() - t0;
    this.profiles.push(p);
    let peakRss = 0;
    for (const s of p.resources.samples) peakRss = Math.max(peakRss, s.rssBytes);
    return { result, ms, peakRss, storePeak: store.peakMemoryBytes, spilled: store.spilledCount };
  }

  /** Every step's records and samples, as writeReport takes them. */
  report() {
    return {
      profiler: {
        records: this.profiles.flatMap((p) => p.profiler.records),
        runs: this.profiles.flatMap((p) => p.profiler.runs),
      },
      resources: { samples: this.profiles.flatMap((p) => p.resources.samples) },
    };
  }
}
