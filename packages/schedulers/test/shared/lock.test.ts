import { afterEach, describe, expect, it } from 'vitest';
import { Event, Lock, SharedArray, SharedUsageError, WaitTimeoutError } from '../../src/shared/index.js';
import { runInWorker, runInWorkers, terminateAll } from './helpers/workers.js';

afterEach(terminateAll);

describe('Lock', () => {
  it('4 workers incrementing a counter N times under the lock give exactly 4N (blocking acquire)', async () => {
    const lock = new Lock();
    const counter = new SharedArray('int32', 1);
    const n = 2000;
    await runInWorkers(4, 'lockedIncrements', () => [lock, counter, n, 'sync']);
    expect(counter.data[0]).toBe(4 * n);
    expect(lock.locked).toBe(false);
  });

  it('also with async acquire in workers, and the main thread taking part', async () => {
    const lock = new Lock();
    const counter = new SharedArray('int32', 1);
    const n = 500;
    const workers = runInWorkers(3, 'lockedIncrements', (i) => [lock, counter, n, i % 2 ? 'sync' : 'async']);
    for (let i = 0; i < n; i++) {
      await lock.withLock(() => {
        counter.data[0] = counter.data[0]! + 1;
      });
    }
    await workers;
    expect(counter.data[0]).toBe(4 * n);
  });

  it('main-thread waits do not block the event loop: a timer fires while a worker holds the lock', async () => {
    const lock = new Lock();
    const holding = new Event();
    const release = new Event();
    const worker = runInWorker('holdLockUntil', [lock, holding, release]);
    await holding.wait();
    const order: string[] = [];
    // Only the timer releases the worker; if the wait below blocked the thread, it would never run.
    setTimeout(() => {
      order.push('timer');
      release.set();
    }, 5);
    await lock.acquire();
    order.push('acquired');
    lock.release();
    expect(order).toEqual(['timer', 'acquired']);
    expect(await worker).toBe(true);
  });

  it('acquireSync on the main thread is a clear error, not a frozen event loop', () => {
    const lock = new Lock();
    const error = (() => {
      try {
        lock.acquireSync();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SharedUsageError);
    expect(error).toMatchObject({ primitive: 'Lock', operation: 'acquireSync' });
    expect((error as Error).message).toMatch(/main thread.*await lock\.acquire\(\)/s);
    expect(lock.locked).toBe(false);
  });

  it('releasing a lock that is not held is an error', () => {
    const lock = new Lock();
    expect(() => lock.release()).toThrow(SharedUsageError);
    expect(lock.tryAcquire()).toBe(true);
    lock.release();
    expect(() => lock.release()).toThrow(/not held/);
  });

  it('tryAcquire does not wait; acquire with a timeout rejects with WaitTimeoutError', async () => {
    const lock = new Lock();
    expect(lock.tryAcquire()).toBe(true);
    expect(lock.tryAcquire()).toBe(false);
    await expect(lock.acquire({ timeout: 5 })).rejects.toMatchObject({
      name: 'WaitTimeoutError',
      primitive: 'Lock',
      timeout: 5,
    });
    await expect(lock.acquire({ timeout: 0 })).rejects.toBeInstanceOf(WaitTimeoutError);
    lock.release();
    await lock.acquire({ timeout: 0 }); // free: succeeds without waiting
    lock.release();
  });

  it('withLock releases when fn throws; a Held guard releases once, also through `using`', async () => {
    const lock = new Lock();
    await expect(
      lock.withLock(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(lock.locked).toBe(false);

    const held = await lock.hold();
    expect(lock.locked).toBe(true);
    held.release();
    held.release();
    expect(lock.locked).toBe(false);

    {
      using _held = await lock.hold();
      expect(lock.locked).toBe(true);
    }
    expect(lock.locked).toBe(false);
  });

  it('async waiters queued on the main thread each get the lock in turn', async () => {
    const lock = new Lock();
    await lock.acquire();
    const got: number[] = [];
    const waiters = [1, 2, 3].map((i) => lock.withLock(() => got.push(i)));
    expect(got).toEqual([]);
    lock.release();
    await Promise.all(waiters);
    expect(got.sort()).toEqual([1, 2, 3]);
    expect(lock.locked).toBe(false);
  });

  it('a lock used in a worker comes back as a result attached to the same memory', async () => {
    const lock = new Lock();
    const r = await runInWorker<{ held: boolean; after: boolean; shared: Lock }>('lockRoundTrip', [lock]);
    expect(r.held).toBe(true);
    expect(r.after).toBe(false);
    expect(r.shared).toBeInstanceOf(Lock);
    expect(r.shared.buffer).not.toBe(lock.buffer); // a new view object...
    r.shared.tryAcquire();
    expect(lock.locked).toBe(true); // ...on the same memory
  });

  it('can live inside existing shared memory', () => {
    const sab = new SharedArrayBuffer(16);
    const a = new Lock(sab, 8);
    const b = new Lock(sab, 8);
    expect(a.tryAcquire()).toBe(true);
    expect(b.locked).toBe(true);
    expect(() => new Lock(sab, 6)).toThrow(RangeError);
    expect(() => new Lock(sab, 16)).toThrow(RangeError);
  });
});
