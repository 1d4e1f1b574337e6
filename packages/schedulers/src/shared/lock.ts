/**
 * Lock: a mutual-exclusion lock in 4 bytes of shared memory, usable from the main thread (async) and
 * from worker threads (async or blocking).
 *
 * The cell holds 0 (unlocked), 1 (locked, no waiters) or 2 (locked, maybe waiters). Acquire is one
 * compare-and-swap when uncontended; a contended acquirer swaps in 2 and sleeps on the cell; release
 * swaps to 0 and wakes one sleeper only if the cell said 2. Like Python's `threading.Lock` (and unlike
 * `RLock`), it is not re-entrant and any thread may release it; releasing an unlocked lock is an error.
 * Not fair: a newcomer can take the lock before a woken sleeper. Reference: U. Drepper, "Futexes Are
 * Tricky" (2011), mutex version 2.
 */

import { SharedUsageError } from './errors.js';
import { type Acquirable, Held, withAcquired, withAcquiredSync } from './guard.js';
import { checkMemory, SHARED, type SharedForm } from './shared-form.js';
import { runAsync, runSync, type Steps, type WaitOptions } from './wait.js';

const UNLOCKED = 0;
const LOCKED = 1;
const CONTENDED = 2;

/** Bytes of shared memory a Lock occupies (one Int32 cell). */
export const LOCK_BYTES = 4;

/** The acquire algorithm on `cells[index]`, as futex-wait steps (trusted: used by Queue too). */
export function* lockSteps(cells: Int32Array, index: number): Steps<void> {
  let c = Atomics.compareExchange(cells, index, UNLOCKED, LOCKED);
  if (c === UNLOCKED) return;
  if (c !== CONTENDED) c = Atomics.exchange(cells, index, CONTENDED);
  while (c !== UNLOCKED) {
    yield { cells, index, value: CONTENDED };
    c = Atomics.exchange(cells, index, CONTENDED);
  }
}

/** Release `cells[index]`; return false if it was not locked (trusted: used by Queue too). */
export function unlockCell(cells: Int32Array, index: number): boolean {
  const prev = Atomics.compareExchange(cells, index, LOCKED, UNLOCKED);
  if (prev === LOCKED) return true;
  if (prev === UNLOCKED) return false;
  Atomics.store(cells, index, UNLOCKED);
  Atomics.notify(cells, index, 1);
  return true;
}

/**
 * A mutual-exclusion lock over a SharedArrayBuffer. Pass it to worker tasks as an argument.
 *
 * @example
 * const lock = new Lock();
 * await lock.withLock(async () => {
 *   // only one thread at a time runs this
 * });
 * // in a worker thread, blocking forms are available too:
 * // lock.withLockSync(() => { ... });
 */
export class Lock implements Acquirable {
  /** The SharedArrayBuffer holding the lock's cell. */
  readonly buffer: SharedArrayBuffer;
  /** Byte offset of the cell in `buffer`. */
  readonly byteOffset: number;
  readonly #cells: Int32Array;

  /**
   * A new unlocked Lock; or, given `buffer` (and a 4-aligned `byteOffset`), a Lock over those 4 bytes
   * of existing shared memory, as they are (zeroed memory is an unlocked lock).
   */
  constructor(buffer?: SharedArrayBuffer, byteOffset = 0) {
    this.buffer = buffer
      ? checkMemory('Lock', buffer, byteOffset, LOCK_BYTES, 4)
      : new SharedArrayBuffer(LOCK_BYTES);
    this.byteOffset = buffer ? byteOffset : 0;
    this.#cells = new Int32Array(this.buffer, this.byteOffset, 1);
  }

  /** Whether some thread holds the lock now (a snapshot). */
  get locked(): boolean {
    return Atomics.load(this.#cells, 0) !== UNLOCKED;
  }

  /**
   * Acquire the lock, waiting without blocking the thread. Rejects with `WaitTimeoutError` after
   * `timeout` ms.
   *
   * @example
   * await lock.acquire();
   * try { ... } finally { lock.release(); }
   */
  acquire(options?: WaitOptions): Promise<void> {
    return runAsync(lockSteps(this.#cells, 0), { primitive: 'Lock', operation: 'acquire' }, options);
  }

  /**
   * Acquire the lock, blocking the thread while waiting (worker threads only; throws
   * `SharedUsageError` on the main thread).
   *
   * @example
   * lock.acquireSync(); // in a worker
   * try { ... } finally { lock.release(); }
   */
  acquireSync(options?: WaitOptions): void {
    runSync(lockSteps(this.#cells, 0), { primitive: 'Lock', operation: 'acquireSync' }, options);
  }

  /**
   * Acquire the lock if it is free, without waiting; return whether it was acquired.
   *
   * @example
   * if (lock.tryAcquire()) { try { ... } finally { lock.release(); } }
   */
  tryAcquire(): boolean {
    return Atomics.compareExchange(this.#cells, 0, UNLOCKED, LOCKED) === UNLOCKED;
  }

  /**
   * Release the lock (any thread may). Throws `SharedUsageError` if it is not locked.
   *
   * @example
   * await lock.acquire();
   * lock.release();
   */
  release(): void {
    if (!unlockCell(this.#cells, 0)) {
      throw new SharedUsageError(
        'Lock',
        'release',
        'Lock.release() was called on a lock that is not held. Release only after acquire() — ' +
          'withLock(fn) or `using held = await lock.hold()` pair them for you.',
      );
    }
  }

  /**
   * Run `fn` holding the lock (acquired without blocking); release it when `fn` returns or throws.
   *
   * @example
   * const total = await lock.withLock(() => counter.peek() + 1);
   */
  withLock<T>(fn: () => T | Promise<T>, options?: WaitOptions): Promise<T> {
    return withAcquired(this, fn, options);
  }

  /**
   * Run `fn` holding the lock, acquired by blocking (worker threads only).
   *
   * @example
   * lock.withLockSync(() => { data[0] += 1; });
   */
  withLockSync<T>(fn: () => T, options?: WaitOptions): T {
    return withAcquiredSync(this, fn, options);
  }

  /**
   * Acquire the lock and return a guard that releases it: `using held = await lock.hold();`.
   *
   * @example
   * {
   *   using _held = await lock.hold();
   *   data[0] += 1;
   * }
   */
  async hold(options?: WaitOptions): Promise<Held> {
    await this.acquire(options);
    return new Held(this);
  }

  /**
   * Acquire the lock by blocking (worker threads only) and return a guard that releases it.
   *
   * @example
   * {
   *   using _held = lock.holdSync();
   *   data[0] += 1;
   * }
   */
  holdSync(options?: WaitOptions): Held {
    this.acquireSync(options);
    return new Held(this);
  }

  /** The plain form that crosses to a worker thread (see `encodeShared`). */
  [SHARED](): SharedForm {
    return { __tuskShared: 'Lock', buffer: this.buffer, byteOffset: this.byteOffset };
  }

  /** Rebuild a Lock from its plain form (see `reviveShared`). */
  static fromShared(form: SharedForm): Lock {
    return new Lock(form.buffer, form.byteOffset);
  }
}
