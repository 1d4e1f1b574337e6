import {
  ConfigError,
  type Key,
  prepareRun,
  type ResultStore,
  runGraph,
  type StoreStats,
  SynchronousExecutor,
} from '@tusk/core';
import { describe, expect, it } from 'vitest';
import { ResourceProfiler } from '../../src/diagnostics/resource-profiler.js';
import { manyTiny, sleepInc, sumOfDoubles, total } from './helpers/graphs.js';

/** A map store that reports made-up accounting: 8 bytes per value held, 1,000 "spilled". */
class CountingStore implements ResultStore {
  private readonly map = new Map<Key, unknown>();
  statsCalls = 0;
  set(key: Key, value: unknown): void {
    this.map.set(key, value);
  }
  get(key: Key): unknown {
    return this.map.get(key);
  }
  delete(key: Key): void {
    this.map.delete(key);
  }
  stats(): StoreStats {
    this.statsCalls++;
    return {
      memoryBytes: 8 * this.map.size,
      spilledBytes: 1000,
      peakMemoryBytes: 0,
      spilledCount: 1,
      reloadedCount: 0,
    };
  }
}

describe('ResourceProfiler', () => {
  it('samples on its timer while a run goes on, from the start to the finish of the run', async () => {
    const resources = new ResourceProfiler({ interval: 10 });
    const parts = Array.from({ length: 8 }, (_, i) => sleepInc(i, 15));
    const before = performance.timeOrigin + performance.now();
    expect(await total(parts).compute({ scheduler: 'synchronous', callbacks: [resources] })).toBe(36);
    const after = performance.timeOrigin + performance.now();
    const s = resources.samples;
    // start + at least one timer tick during 8 sleeps of 15 ms + finish
    expect(s.length).toBeGreaterThanOrEqual(3);
    expect(s[0].cpuPercent).toBe(0);
    for (let i = 0; i < s.length; i++) {
      expect(s[i].time).toBeGreaterThanOrEqual(before);
      expect(s[i].time).toBeLessThanOrEqual(after);
      if (i > 0) expect(s[i].time).toBeGreaterThanOrEqual(s[i - 1].time);
      expect(s[i].rssBytes).toBeGreaterThan(1024 * 1024);
      expect(Number.isFinite(s[i].cpuPercent) && s[i].cpuPercent >= 0).toBe(true);
      // The synchronous scheduler's plain map keeps no accounting.
      expect(s[i].memoryBytes).toBeUndefined();
      expect(s[i].spilledBytes).toBeUndefined();
      if (process.platform === 'linux') expect(s[i].childProcesses).toBeTypeOf('number');
    }
  });

  it('takes just the start and finish samples of a run that never yields, and stops its timer', async () => {
    const resources = new ResourceProfiler({ interval: 1 });
    await manyTiny(2000).compute({ scheduler: 'synchronous', callbacks: [resources] });
    expect(resources.samples).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 30));
    expect(resources.samples).toHaveLength(2);
  });

  it("reads managed and spilled bytes from the run's store", async () => {
    const x = sumOfDoubles(6);
    const { graph, keys } = prepareRun([x], { optimize: false });
    const store = new CountingStore();
    const resources = new ResourceProfiler({ interval: 5 });
    await runGraph(graph, keys, new SynchronousExecutor(), { callbacks: [resources], store });
    const s = resources.samples;
    expect(s).toHaveLength(2);
    expect(s[0]).toMatchObject({ memoryBytes: 0, spilledBytes: 1000 });
    expect(s[1]).toMatchObject({ memoryBytes: 8, spilledBytes: 1000 }); // the output is kept
    // Only on samples, never per task.
    expect(store.statsCalls).toBe(2);
  });

  it('can be reused: samples accumulate over runs, clear() forgets them', async () => {
    const resources = new ResourceProfiler();
    await sumOfDoubles(2).compute({ scheduler: 'synchronous', callbacks: [resources] });
    await sumOfDoubles(2).compute({ scheduler: 'synchronous', callbacks: [resources] });
    expect(resources.samples).toHaveLength(4);
    expect(resources.samples[2].cpuPercent).toBe(0); // a new run starts its CPU measure afresh
    resources.clear();
    expect(resources.samples).toHaveLength(0);
  });

  it('refuses a bad interval', () => {
    expect(() => new ResourceProfiler({ interval: 0 })).toThrow(ConfigError);
    expect(() => new ResourceProfiler({ interval: Number.NaN })).toThrow(/interval/);
  });
});
