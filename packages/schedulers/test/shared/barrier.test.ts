import { afterEach, describe, expect, it } from 'vitest';
import { Barrier, BrokenBarrierError, SharedArray, WaitTimeoutError } from '../../src/shared/index.js';
import { runInWorkers, terminateAll } from './helpers/workers.js';

afterEach(terminateAll);

describe('Barrier', () => {
  it('releases all n parties together, round after round (reusable)', async () => {
    const parties = 4;
    const rounds = 25;
    const barrier = new Barrier(parties);
    const counts = new SharedArray('int32', rounds);
    const results = await runInWorkers<[number, number[]]>(parties, 'barrierRounds', (i) => [
      barrier,
      counts,
      rounds,
      i % 2 ? 'sync' : 'async',
    ]);
    // No party left a round before all had counted themselves in.
    expect(results.map(([mismatches]) => mismatches)).toEqual([0, 0, 0, 0]);
    expect([...counts.data]).toEqual(new Array(rounds).fill(parties));
    // Each round hands out the arrival indices 0..n-1 exactly once.
    for (let r = 0; r < rounds; r++) {
      expect(results.map(([, indices]) => indices[r]).sort()).toEqual([0, 1, 2, 3]);
    }
    expect(barrier.waiting).toBe(0);
    expect(barrier.broken).toBe(false);
  });

  it('works across main-thread async waits too', async () => {
    const barrier = new Barrier(3);
    for (let round = 0; round < 3; round++) {
      const indices = await Promise.all([barrier.wait(), barrier.wait(), barrier.wait()]);
      expect(indices.sort()).toEqual([0, 1, 2]);
    }
  });

  it('abort() breaks the barrier for current and later waiters', async () => {
    const barrier = new Barrier(3);
    const waiting = barrier.wait();
    barrier.abort();
    await expect(waiting).rejects.toBeInstanceOf(BrokenBarrierError);
    await expect(barrier.wait()).rejects.toMatchObject({ name: 'BrokenBarrierError', parties: 3 });
    expect(barrier.broken).toBe(true);
  });

  it('a party that times out breaks the barrier, so the others are not left waiting', async () => {
    const barrier = new Barrier(3);
    const other = barrier.wait();
    await expect(barrier.wait({ timeout: 5 })).rejects.toBeInstanceOf(WaitTimeoutError);
    await expect(other).rejects.toBeInstanceOf(BrokenBarrierError);
    expect(barrier.broken).toBe(true);
  });

  it('Barrier(1) never waits; bad party counts are refused; waitSync is refused on the main thread', async () => {
    expect(await new Barrier(1).wait()).toBe(0);
    expect(() => new Barrier(0)).toThrow(RangeError);
    expect(() => new Barrier(2).waitSync()).toThrow(/main thread/);
  });
});
