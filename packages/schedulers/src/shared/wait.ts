/**
 * Waiting on shared memory, written once and run two ways.
 *
 * Every blocking algorithm of the primitives (acquire a lock, take a permit, wait for an event, ...)
 * is a generator of *steps*: it inspects and updates shared memory with `Atomics`, and when it must
 * sleep it yields a `WaitStep` — "sleep while `cells[index] === value`" (a futex wait). Two drivers
 * run such a generator:
 *
 *   - `runAsync` sleeps with `Atomics.waitAsync`, so the event loop keeps running: the only way to
 *     wait on the main thread, and available in workers too. While it sleeps it holds a ref'd timer, so
 *     the process stays alive like it would for a blocking wait (a bare `waitAsync` does not keep Node
 *     alive, which would turn "waiting for a worker" into a silent exit when workers are unref'd).
 *   - `runSync` sleeps with `Atomics.wait`, blocking the thread. Node allows that even on the main
 *     thread, but it would freeze the event loop — and with it the `message` handlers a worker may be
 *     waiting for — so `runSync` refuses to run there with a clear `SharedUsageError`.
 *
 * A wait that wakes (notified, value changed, or spurious) just resumes the generator, which
 * re-checks memory; a deadline (`timeout` option, milliseconds) is checked before each sleep and, when
 * passed, a `WaitTimeoutError` is thrown *into* the generator so it can clean up (a barrier breaks
 * itself) before the error reaches the caller. Generators never yield while holding a lock.
 * Reference: Drepper, "Futexes Are Tricky" (2011); TC39 Atomics.waitAsync proposal.
 */

import { isMainThread } from 'node:worker_threads';
import { SharedUsageError, WaitTimeoutError } from './errors.js';

/** One futex wait: sleep while `cells[index] === value` (until `Atomics.notify` on that cell). */
export interface WaitStep {
  readonly cells: Int32Array;
  readonly index: number;
  readonly value: number;
}

/** A blocking algorithm as a generator of futex waits, returning its result. */
export type Steps<T> = Generator<WaitStep, T, void>;

/**
 * Options of every wait.
 *
 * @example
 * await lock.acquire({ timeout: 1000 }); // WaitTimeoutError after one second
 */
export interface WaitOptions {
  /** Give up after this many milliseconds with a `WaitTimeoutError` (default: wait forever). */
  readonly timeout?: number;
}

/** Who is waiting, for error messages: primitive kind and operation name. */
export interface WaitSite {
  readonly primitive: string;
  readonly operation: string;
}

type WaitAsyncResult =
  | { async: false; value: 'not-equal' | 'timed-out' }
  | { async: true; value: Promise<'ok' | 'timed-out'> };

// Atomics.waitAsync is in Node 20 but in TypeScript's ES2024 lib, past this project's ES2023 target.
const waitAsync = (
  Atomics as unknown as { waitAsync: (...a: [Int32Array, number, number, number]) => WaitAsyncResult }
).waitAsync;

const FOREVER_TIMER_MS = 2 ** 30;
const noop = (): void => {};

function deadlineOf(options: WaitOptions | undefined, site: WaitSite): number {
  const timeout = options?.timeout;
  if (timeout === undefined || timeout === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) {
    throw new RangeError(
      `${site.primitive}.${site.operation}(): timeout must be a number of milliseconds >= 0.`,
    );
  }
  return performance.now() + timeout;
}

/**
 * Throw a `SharedUsageError` on the main thread, where blocking waits are refused.
 *
 * @example
 * assertCanBlock({ primitive: 'Lock', operation: 'acquireSync' }); // throws on the main thread
 */
export function assertCanBlock(site: WaitSite): void {
  if (isMainThread) {
    throw new SharedUsageError(
      site.primitive,
      site.operation,
      `${site.primitive}.${site.operation}() blocks the thread and cannot be used on the main thread: it would ` +
        `freeze the event loop (and the workers waiting on it). Use 'await ${site.primitive.charAt(0).toLowerCase()}` +
        `${site.primitive.slice(1)}.${site.operation.replace(/Sync$/, '')}()' there; the *Sync forms are for worker threads.`,
    );
  }
}

/**
 * Run `steps` on this thread, blocking with `Atomics.wait` (worker threads only).
 *
 * @example
 * runSync(acquireSteps(cells, 0), { primitive: 'Lock', operation: 'acquireSync' });
 */
export function runSync<T>(steps: Steps<T>, site: WaitSite, options?: WaitOptions): T {
  assertCanBlock(site);
  const deadline = deadlineOf(options, site);
  let r = steps.next();
  while (!r.done) {
    const remaining = deadline - performance.now();
    if (remaining <= 0) {
      r = steps.throw(new WaitTimeoutError(site.primitive, site.operation, options?.timeout ?? 0));
      continue;
    }
    const { cells, index, value } = r.value;
    Atomics.wait(cells, index, value, remaining);
    r = steps.next();
  }
  return r.value;
}

/**
 * Run `steps` without blocking: sleep with `Atomics.waitAsync`. Works on any thread.
 *
 * @example
 * await runAsync(acquireSteps(cells, 0), { primitive: 'Lock', operation: 'acquire' });
 */
export async function runAsync<T>(steps: Steps<T>, site: WaitSite, options?: WaitOptions): Promise<T> {
  const deadline = deadlineOf(options, site);
  let r = steps.next();
  if (r.done) return r.value;
  const keepAlive = setInterval(noop, FOREVER_TIMER_MS);
  try {
    while (!r.done) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        r = steps.throw(new WaitTimeoutError(site.primitive, site.operation, options?.timeout ?? 0));
        continue;
      }
      const { cells, index, value } = r.value;
      const w = waitAsync(cells, index, value, remaining);
      if (w.async) await w.value;
      r = steps.next();
    }
    return r.value;
  } finally {
    clearInterval(keepAlive);
  }
}
