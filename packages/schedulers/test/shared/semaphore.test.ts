import { afterEach, describe, expect, it } from 'vitest';
import {
  Barrier,
  Semaphore,
  SharedArray,
  SharedUsageError,
  WaitTimeoutError,
} from '../../src/shared/index.js';
import { runInWorkers, terminateAll } from './helpers/workers.js';

afterEach(terminateAll);

describe('Semaphore', () => {
  it('Semaphore(2) never lets more than 2 of 4 workers in at once', async () => {
    const sem = new Semaphore(2);
    const stats = new SharedArray('int32', 2); // [holders now, most holders seen]
    const start = new Barrier(4); // all four contend from the same moment
    await runInWorkers(4, 'trackConcurrency', (i) => [sem, stats, start, 60, i % 2 ? 'sync' : 'async']);
    expect(stats.load(1)).toBeLessThanOrEqual(2);
    expect(stats.load(1)).toBeGreaterThanOrEqual(1);
    expect(stats.load(0)).toBe(0);
    expect(sem.available).toBe(2);
  });

  it('counts permits; tryAcquire and timeouts do not wait forever', async () => {
    const sem = new Semaphore(2);
    expect(sem.permits).toBe(2);
    expect(sem.tryAcquire()).toBe(true);
    await sem.acquire(); // two holders at once
    expect(sem.available).toBe(0);
    expect(sem.tryAcquire()).toBe(false);
    await expect(sem.acquire({ timeout: 5 })).rejects.toBeInstanceOf(WaitTimeoutError);
    const waiting = sem.acquire();
    sem.release();
    await waiting; // the released permit went to the waiter
    expect(sem.available).toBe(0);
    sem.release();
    sem.release();
    expect(sem.available).toBe(2);
  });

  it('releasing more than was acquired is an error (bounded, like BoundedSemaphore)', () => {
    const sem = new Semaphore(1);
    expect(() => sem.release()).toThrow(SharedUsageError);
    expect(() => sem.release()).toThrow(/all 1 permits already free/);
  });

  it('withPermit gives the permit back when fn throws; acquireSync is refused on the main thread', async () => {
    const sem = new Semaphore(1);
    await expect(sem.withPermit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(sem.available).toBe(1);
    expect(() => sem.acquireSync()).toThrow(SharedUsageError);
    expect(sem.available).toBe(1);
  });

  it('rejects a permit count that is not a positive integer', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
  });
});
