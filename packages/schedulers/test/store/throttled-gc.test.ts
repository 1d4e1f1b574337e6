/**
 * ThrottledGc really collects (an unreachable object's WeakRef is cleared), refuses to run again
 * until its last collection’s cost is under its share of the time since, and the store uses it: with the
 * process's RSS grown past the pause threshold by garbage (arrays dropped, never stored), shouldPause
 * asks for a collection, which frees that memory — the RSS growth the store reads falls back under the
 * threshold and the pause ends. It also collects, without waiting for an RSS reading, once the bytes
 * of values it let go (deleted or spilled) plus those it holds pass the threshold.
 */

import { describe, expect, it } from 'vitest';
import { ThrottledGc } from '../../src/store/throttled-gc.js';
import { createSpillableStore } from '../../src/store/with-store.js';

const tick = () => new Promise((r) => setTimeout(r, 0));

/** A WeakRef to an object nothing else references (created in its own frame). */
function orphan(): WeakRef<object> {
  return new WeakRef({ payload: new Array(1000).fill(1) });
}

describe('ThrottledGc', () => {
  it('collect() runs a full collection: an unreachable object is gone after it', async () => {
    const ref = orphan();
    await tick(); // WeakRef targets are kept alive until the end of the job that created them
    const gc = new ThrottledGc(1);
    expect(gc.collect()).toBe(true);
    expect(ref.deref()).toBeUndefined();
    expect(gc.count).toBe(1);
    expect(gc.totalMs).toBeGreaterThan(0);
  });

  it('is throttled: not again until the last collection cost under maxFraction of the time since', async () => {
    const gc = new ThrottledGc(0.05);
    expect(gc.collect()).toBe(true);
    const cost = gc.totalMs;
    expect(gc.collect()).toBe(false);
    expect(gc.count).toBe(1);
    await new Promise((r) => setTimeout(r, Math.ceil(cost / 0.05) + 5));
    expect(gc.collect()).toBe(true);
    expect(gc.count).toBe(2);
  });
});

describe('the store collects garbage that holds RSS above the pause threshold', () => {
  it('shouldPause collects; the garbage is freed, RSS growth falls and the pause ends', async () => {
    const MiB = 1024 * 1024;
    const store = createSpillableStore({ memoryLimit: 64 * MiB, rssIntervalMs: 0 });
    try {
      const { pauseBytes } = store.stats();
      // 256 MiB of touched arrays the store never manages, held while RSS is read...
      let held: Float64Array[] = [];
      for (let i = 0; i < 64; i++) held.push(new Float64Array(512 * 1024).fill(i));
      expect(store.stats().rssGrowthBytes).toBeGreaterThan(pauseBytes);
      expect(held.length).toBe(64);
      // ...then dropped: garbage, still resident until V8 collects it.
      held = [];
      expect(store.stats().rssGrowthBytes).toBeGreaterThan(pauseBytes);
      expect(store.shouldPause()).toBe(true);
      expect(store.stats().gcCount).toBe(1);
      // V8 frees array buffers of a collection on a background thread: wait for it, allocating nothing.
      let growth = store.stats().rssGrowthBytes;
      for (let i = 0; i < 100 && growth > pauseBytes; i++) {
        await new Promise((r) => setTimeout(r, 10));
        growth = store.stats().rssGrowthBytes;
      }
      expect(growth).toBeLessThanOrEqual(pauseBytes);
      expect(store.shouldPause()).toBe(false);
      expect(store.stats().memoryBytes).toBe(0);
    } finally {
      store.close();
    }
  });
});

describe('the store collects once the values it let go pass the pause threshold', () => {
  it('deleted and spilled values count; no RSS reading is needed', () => {
    const MiB = 1024 * 1024;
    // RSS is read once, when the store opens, never again: only the store's own count can trigger.
    const store = createSpillableStore({ memoryLimit: 16 * MiB, rssIntervalMs: 1e12 });
    try {
      const { pauseBytes, targetBytes } = store.stats();
      expect(pauseBytes).toBeCloseTo(0.8 * 16 * MiB, -3);
      const chunk = (i: number) => new Float64Array(MiB / 8).fill(i); // 1 MiB each
      // Deleted at once: 10 MiB let go, under the 12.8 MiB threshold — no collection.
      for (let i = 0; i < 10; i++) {
        store.set(`d${i}`, chunk(i));
        store.delete(`d${i}`);
      }
      expect(store.shouldPause()).toBe(false);
      expect(store.stats().gcCount).toBe(0);
      // Kept: past the 9.6 MiB target the oldest spill; held + let go now pass the threshold.
      for (let i = 0; i < 12; i++) store.set(`k${i}`, chunk(i));
      const s = store.stats();
      expect(s.spilledCount).toBeGreaterThan(0);
      expect(s.memoryBytes).toBeLessThanOrEqual(targetBytes);
      expect(store.shouldPause()).toBe(false);
      expect(store.stats().gcCount).toBe(1);
      // Every value is still right, in memory or reloaded from its spill file.
      for (let i = 0; i < 12; i++) expect((store.get(`k${i}`) as Float64Array)[0]).toBe(i);
    } finally {
      store.close();
    }
  });
});
