/**
 * Semaphore(n): at most `n` holders at once, across threads, in 8 bytes of shared memory.
 *
 * Cell 0 counts free permits, cell 1 holds `n`. Acquire takes a permit with a compare-and-swap when
 * the count is positive, and otherwise sleeps on the count while it is 0; release adds a permit and
 * wakes one sleeper, which re-checks (a newcomer may have taken the permit; then the sleeper sleeps
 * again and no permit is lost). Bounded, like Python's `threading.BoundedSemaphore`: releasing more
 * permits than were acquired is an error, since it always hides a bug. Reference: E. W. Dijkstra's P/V;
 * Python `threading.BoundedSemaphore`.
 */

import { SharedUsageError } from './errors.js';
import { type Acquirable, Held, withAcquired, withAcquiredSync } from './guard.js';
import { checkMemory, SHARED, type SharedForm } from './shared-form.js';
import { runAsync, runSync, type Steps, type WaitOptions } from './wait.js';

const COUNT = 0;
const MAX = 1;
const BYTES = 8;

function* acquireSteps(cells: Int32Array): Steps<void> {
  for (;;) {
    const c = Atomics.load(cells, COUNT);
    if (c > 0) {
      if (Atomics.compareExchange(cells, COUNT, c, c - 1) === c) return;
    } else {
      yield { cells, index: COUNT, value: 0 };
    }
  }
}

/**
 * A counting semaphore over a SharedArrayBuffer: `n` permits shared by all threads it is passed to.
 *
 * @example
 * const slots = new Semaphore(2);
 * await slots.withPermit(async () => {
 *   // at most two threads run this at once
 * });
 */
export class Semaphore implements Acquirable {
  /** The SharedArrayBuffer holding the semaphore's cells. */
  readonly buffer: SharedArrayBuffer;
  /** Byte offset of the cells in `buffer`. */
  readonly byteOffset: number;
  private readonly cells: Int32Array;

  /**
   * A new Semaphore with `permits` permits (an integer >= 1), all free.
   * Use `Semaphore.fromShared` to attach to an existing one.
   */
  constructor(permits: number) {
    if (!Number.isInteger(permits) || permits < 1 || permits > 0x7fffffff) {
      throw new RangeError(`Semaphore(permits): permits must be an integer >= 1, got ${permits}.`);
    }
    this.buffer = new SharedArrayBuffer(BYTES);
    this.byteOffset = 0;
    this.cells = new Int32Array(this.buffer, 0, 2);
    this.cells[COUNT] = permits;
    this.cells[MAX] = permits;
  }

  /** The number of permits `n` it was created with. */
  get permits(): number {
    return Atomics.load(this.cells, MAX);
  }

  /** Free permits now (a snapshot). */
  get available(): number {
    return Atomics.load(this.cells, COUNT);
  }

  /**
   * Take a permit, waiting without blocking the thread.
   *
   * @example
   * await slots.acquire();
   * try { ... } finally { slots.release(); }
   */
  acquire(options?: WaitOptions): Promise<void> {
    return runAsync(acquireSteps(this.cells), { primitive: 'Semaphore', operation: 'acquire' }, options);
  }

  /**
   * Take a permit, blocking while waiting (worker threads only).
   *
   * @example
   * slots.acquireSync();
   * try { ... } finally { slots.release(); }
   */
  acquireSync(options?: WaitOptions): void {
    runSync(acquireSteps(this.cells), { primitive: 'Semaphore', operation: 'acquireSync' }, options);
  }

  /**
   * Take a permit if one is free, without waiting; return whether one was taken.
   *
   * @example
   * if (slots.tryAcquire()) { try { ... } finally { slots.release(); } }
   */
  tryAcquire(): boolean {
    const cells = this.cells;
    for (let c = Atomics.load(cells, COUNT); c > 0; c = Atomics.load(cells, COUNT)) {
      if (Atomics.compareExchange(cells, COUNT, c, c - 1) === c) return true;
    }
    return false;
  }

  /**
   * Give a permit back. Throws `SharedUsageError` if all `n` permits are already free.
   *
   * @example
   * slots.release();
   */
  release(): void {
    const cells = this.cells;
    const max = Atomics.load(cells, MAX);
    for (;;) {
      const c = Atomics.load(cells, COUNT);
      if (c >= max) {
        throw new SharedUsageError(
          'Semaphore',
          'release',
          `Semaphore.release() was called with all ${max} permits already free: release only permits you ` +
            'acquired (withPermit(fn) pairs them for you).',
        );
      }
      if (Atomics.compareExchange(cells, COUNT, c, c + 1) === c) break;
    }
    Atomics.notify(cells, COUNT, 1);
  }

  /**
   * Run `fn` holding a permit (acquired without blocking); give it back when `fn` settles.
   *
   * @example
   * await slots.withPermit(() => fetchPage(url));
   */
  withPermit<T>(fn: () => T | Promise<T>, options?: WaitOptions): Promise<T> {
    return withAcquired(this, fn, options);
  }

  /**
   * Run `fn` holding a permit acquired by blocking (worker threads only).
   *
   * @example
   * slots.withPermitSync(() => work());
   */
  withPermitSync<T>(fn: () => T, options?: WaitOptions): T {
    return withAcquiredSync(this, fn, options);
  }

  /**
   * Take a permit and return a guard that gives it back: `using held = await slots.hold();`.
   *
   * @example
   * {
   *   using _held = await slots.hold();
   *   await work();
   * }
   */
  async hold(options?: WaitOptions): Promise<Held> {
    await this.acquire(options);
    return new Held(this);
  }

  /**
   * Take a permit by blocking (worker threads only) and return a guard that gives it back.
   *
   * @example
   * {
   *   using _held = slots.holdSync();
   *   work();
   * }
   */
  holdSync(options?: WaitOptions): Held {
    this.acquireSync(options);
    return new Held(this);
  }

  /** The plain form that crosses to a worker thread (see `encodeShared`). */
  [SHARED](): SharedForm {
    return { __tuskShared: 'Semaphore', buffer: this.buffer, byteOffset: this.byteOffset };
  }

  /** Attach to the semaphore described by a plain form (see `reviveShared`). */
  static fromShared(form: SharedForm): Semaphore {
    const buffer = checkMemory('Semaphore', form.buffer, form.byteOffset, BYTES, 4);
    // Attach without running the constructor, which would allocate and initialise new memory.
    return Object.assign(Object.create(Semaphore.prototype), {
      buffer,
      byteOffset: form.byteOffset,
      cells: new Int32Array(buffer, form.byteOffset, 2),
    }) as Semaphore;
  }
}
