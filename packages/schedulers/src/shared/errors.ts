/**
 * Errors raised by the shared-memory primitives (Lock, Semaphore, Event, Barrier, SharedValue,
 * SharedArray, Queue). All extend `TuskError` and carry the primitive's kind and the operation as
 * fields, so tests and callers branch on the class instead of parsing messages. Messages say what to
 * do next. Reference: Python's `threading` (`BrokenBarrierError`) and `queue` (`ShutDown`) errors.
 */

import { TuskError } from '@tusk/core';

/**
 * A primitive was used in a way that can never succeed: releasing a lock nobody holds, releasing a
 * semaphore more often than it was acquired, a blocking `*Sync` call on the main thread, ...
 *
 * @example
 * try {
 *   new Lock().release();
 * } catch (e) {
 *   if (e instanceof SharedUsageError) console.log(e.primitive, e.operation); // 'Lock' 'release'
 * }
 */
export class SharedUsageError extends TuskError {
  override name = 'SharedUsageError';
  constructor(
    readonly primitive: string,
    readonly operation: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A wait given a `timeout` (milliseconds) did not succeed in time. Nothing was acquired or taken.
 *
 * @example
 * const lock = new Lock();
 * lock.tryAcquire();
 * await lock.acquire({ timeout: 10 }).catch((e) => e instanceof WaitTimeoutError); // true
 */
export class WaitTimeoutError extends TuskError {
  override name = 'WaitTimeoutError';
  constructor(
    readonly primitive: string,
    readonly operation: string,
    readonly timeout: number,
  ) {
    super(`${primitive}.${operation}() timed out after ${timeout} ms.`);
  }
}

/**
 * A barrier was aborted (by `abort()` or by a waiter that timed out) while parties waited on it or
 * before they arrived. A broken barrier stays broken: create a new one.
 *
 * @example
 * const barrier = new Barrier(2);
 * barrier.abort();
 * await barrier.wait().catch((e) => e instanceof BrokenBarrierError); // true
 */
export class BrokenBarrierError extends TuskError {
  override name = 'BrokenBarrierError';
  constructor(readonly parties: number) {
    super(
      `The Barrier(${parties}) is broken: it was aborted, or a party timed out while others waited. ` +
        'A broken barrier stays broken; create a new Barrier for the next run.',
    );
  }
}

/**
 * A Queue was closed: `put` after `close()`, or `get` on a closed queue that has been drained.
 * `for await (const m of queue)` ends quietly instead.
 *
 * @example
 * const q = new Queue();
 * q.close();
 * await q.get().catch((e) => e instanceof QueueClosedError); // true
 */
export class QueueClosedError extends TuskError {
  override name = 'QueueClosedError';
  constructor(readonly operation: 'put' | 'get') {
    super(
      operation === 'put'
        ? 'Cannot put on a closed Queue: close() is called once, after the last put.'
        : 'The Queue is closed and empty: no more messages will arrive.',
    );
  }
}

/**
 * A message does not fit in a Queue's ring buffer even when the buffer is empty.
 *
 * @example
 * const q = new Queue({ capacity: 64 });
 * await q.put('x'.repeat(100)).catch((e) => e instanceof MessageTooLargeError); // true
 */
export class MessageTooLargeError extends TuskError {
  override name = 'MessageTooLargeError';
  constructor(
    readonly size: number,
    readonly capacity: number,
  ) {
    super(
      `A Queue message serialises to ${size} bytes (with its 4-byte length prefix), more than the queue's ` +
        `${capacity}-byte buffer. Create the Queue with a larger { capacity }, or send large data through a ` +
        'SharedArray and put only its description on the queue.',
    );
  }
}

/**
 * A shared-memory primitive was about to cross to another process (the 'processes' scheduler), where
 * no memory is shared: it would silently stop synchronising anything, or hang. `path` locates it inside
 * the value (`''` for the value itself).
 *
 * @example
 * try {
 *   assertNoShared({ lock: new Lock() }, "the arguments of task 'f-1'");
 * } catch (e) {
 *   if (e instanceof SharedMemoryUnavailableError) console.log(e.primitive, e.path); // 'Lock' '.lock'
 * }
 */
export class SharedMemoryUnavailableError extends TuskError {
  override name = 'SharedMemoryUnavailableError';
  constructor(
    readonly primitive: string,
    readonly where: string,
    readonly path: string,
  ) {
    super(
      `A ${primitive} was found in ${where}${path ? ` (at ${path})` : ''}, which is going to another process. ` +
        'Shared-memory primitives (Lock, Semaphore, Event, Barrier, SharedValue, SharedArray, Queue) only work ' +
        "between worker threads of one process: run with the 'threads' scheduler " +
        "(compute(..., { scheduler: 'threads' })), or pass plain data instead of the primitive.",
    );
  }
}
