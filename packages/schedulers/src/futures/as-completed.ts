/**
 * asCompleted: iterate futures (or any promises) in the order they settle, as Python's
 * concurrent.futures.as_completed does. Each item is the settled future itself; `await` it for
 * its value or its error, so one failure does not end the loop.
 */

/**
 * Yield each of `futures` once it has settled, first settled first.
 *
 * @example
 * const futures = [1, 2, 3].map((x) => pool.submit(square, x));
 * for await (const f of asCompleted(futures)) console.log(await f);
 */
export function asCompleted<P extends PromiseLike<unknown>>(futures: Iterable<P>): AsyncIterableIterator<P> {
  const all = [...futures];
  const settled: P[] = [];
  const waiters: ((r: IteratorResult<P>) => void)[] = [];
  let handedOut = 0;
  const arrive = (f: P) => {
    const waiter = waiters.shift();
    if (waiter !== undefined) {
      handedOut++;
      waiter({ value: f, done: false });
    } else settled.push(f);
  };
  for (const f of all) {
    Promise.resolve(f).then(
      () => arrive(f),
      () => arrive(f),
    );
  }
  const iterator: AsyncIterableIterator<P> = {
    next(): Promise<IteratorResult<P>> {
      if (settled.length > 0) {
        handedOut++;
        return Promise.resolve({ value: settled.shift()!, done: false });
      }
      if (handedOut + waiters.length >= all.length) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => waiters.push(resolve));
    },
    return(): Promise<IteratorResult<P>> {
      handedOut = all.length;
      settled.length = 0;
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
