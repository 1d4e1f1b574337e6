/**
 * Future: the handle WorkerPool.submit returns — a real Promise of the task's value, plus
 * `cancel()` (for a task still queued) and `state`, as concurrent.futures.Future offers.
 */

/** Where a future is. */
export type FutureState = 'pending' | 'running' | 'fulfilled' | 'rejected' | 'cancelled';

/** A Promise of a task's value that can be cancelled while queued. */
export interface Future<T> extends Promise<T> {
  /**
   * Cancel the task if it has not been sent to a worker yet: the future rejects with
   * CancelledError and `true` is returned. A running or finished task is not affected (`false`).
   */
  cancel(): boolean;
  /** 'pending' (queued), 'running', 'fulfilled', 'rejected' or 'cancelled'. */
  readonly state: FutureState;
}

/** Turn `promise` into a Future with the given `cancel` and `state`. */
export function makeFuture<T>(
  promise: Promise<T>,
  cancel: () => boolean,
  state: () => FutureState,
): Future<T> {
  const future = promise as Future<T>;
  Object.defineProperty(future, 'cancel', { value: cancel });
  Object.defineProperty(future, 'state', { get: state });
  return future;
}
