/**
 * Scoped holding of a lock or a semaphore permit: `withAcquired(fn)` helpers and a disposable guard
 * for `using held = await lock.hold()`. Written once against the small `Acquirable` interface that
 * Lock and Semaphore implement, so both get the same guarantees: the lock/permit is released when the
 * scope ends, whether it returns, throws or rejects. Reference: Python's `with lock:`; TC39 explicit
 * resource management (`Symbol.dispose`).
 */

import type { WaitOptions } from './wait.js';

/** Something that can be acquired and released: a Lock, or one permit of a Semaphore. */
export interface Acquirable {
  acquire(options?: WaitOptions): Promise<void>;
  acquireSync(options?: WaitOptions): void;
  release(): void;
}

/**
 * A held lock or permit: `release()` it, or let `using` dispose of it. Releasing twice is a no-op.
 *
 * @example
 * {
 *   using held = await lock.hold();
 *   // ... critical section ...
 * } // released here
 */
export class Held implements Disposable {
  #target: Acquirable | undefined;
  constructor(target: Acquirable) {
    this.#target = target;
  }
  /** Release the lock or permit (once; later calls do nothing). */
  release(): void {
    const t = this.#target;
    this.#target = undefined;
    t?.release();
  }
  [Symbol.dispose](): void {
    this.release();
  }
}

/**
 * Run `fn` while holding `target` (awaiting the acquire without blocking); release afterwards.
 *
 * @example
 * const n = await withAcquired(lock, async () => counter.peek());
 */
export async function withAcquired<T>(
  target: Acquirable,
  fn: () => T | Promise<T>,
  options?: WaitOptions,
): Promise<T> {
  await target.acquire(options);
  try {
    return await fn();
  } finally {
    target.release();
  }
}

/**
 * Run `fn` while holding `target`, acquired by blocking (worker threads only); release afterwards.
 *
 * @example
 * const n = withAcquiredSync(lock, () => counter.peek());
 */
export function withAcquiredSync<T>(target: Acquirable, fn: () => T, options?: WaitOptions): T {
  target.acquireSync(options);
  try {
    return fn();
  } finally {
    target.release();
  }
}
