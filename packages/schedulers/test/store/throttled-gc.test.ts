/**
 * ThrottledGc really collects (an unreachable object's WeakRef is cleared), refuses to run again
 * until its last collection's cost is under 5 % of the time since, and the store uses it: with the
 * process's RSS grown past the pause threshold by garbage (arrays dropped, never stored), shouldPause
 * asks for a collection, which frees that memory — the RSS growth the store reads falls back under the
 * threshold and the pause ends.
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
