/**
 * What the test workers do: each export is one scenario, called with the revived task arguments
 * by bootstrap.mjs in a real worker thread. `mode` picks the blocking (`sync`) or the async API.
 * Scenarios take generous timeouts on their waits so a broken primitive fails instead of hanging.
 */

import type {
  Barrier,
  Event,
  Lock,
  Queue,
  Semaphore,
  SharedArray,
  SharedValue,
} from '../../../src/shared/index.js';

type Mode = 'sync' | 'async';
const LONG = { timeout: 30_000 };
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Block this worker for about `ms` milliseconds (gives other threads a chance to interleave). */
function sleepSync(ms: number): void {
  Atomics.wait(pause, 0, 0, ms);
}

/** A deliberately racy read-modify-write: read, do a little work, write back. */
function slowIncrement(data: Int32Array): void {
  const v = data[0]!;
  let x = 0;
  for (let k = 0; k < 200; k++) x += k % 7;
  data[0] = v + 1 + (x < 0 ? 1 : 0);
}

/** Increment `counter.data[0]` `n` times, each under `lock`. */
export async function lockedIncrements(lock: Lock, counter: SharedArray<'int32'>, n: number, mode: Mode) {
  for (let i = 0; i < n; i++) {
    if (mode === 'sync') lock.withLockSync(() => slowIncrement(counter.data), LONG);
    else await lock.withLock(() => slowIncrement(counter.data), LONG);
  }
  return n;
}

/**
 * After all workers reach `start`, take a permit `n` times; while holding it, count holders in
 * stats[0] and track the most seen at once in stats[1].
 */
export async function trackConcurrency(
  sem: Semaphore,
  stats: SharedArray<'int32'>,
  start: Barrier,
  n: number,
  mode: Mode,
) {
  start.waitSync(LONG);
  for (let i = 0; i < n; i++) {
    if (mode === 'sync') sem.acquireSync(LONG);
    else await sem.acquire(LONG);
    const now = stats.add(0, 1);
    for (let max = stats.load(1); now > max; max = stats.load(1)) {
      if (Atomics.compareExchange(stats.data, 1, max, now) === max) break;
    }
    sleepSync(1);
    stats.add(0, -1);
    sem.release();
  }
  return n;
}

/** Announce arrival in arrived[0], then wait for `event`; returns whether it was set when we woke. */
export async function waitForEvent(event: Event, arrived: SharedArray<'int32'>, mode: Mode) {
  arrived.add(0, 1);
  if (mode === 'sync') event.waitSync(LONG);
  else await event.wait(LONG);
  return event.isSet;
}

/**
 * `rounds` rounds at `barrier`: count ourselves into counts[r], wait, and check that all parties had
 * arrived before anyone was released. Returns [mismatches, arrival indices per round].
 */
export async function barrierRounds(
  barrier: Barrier,
  counts: SharedArray<'int32'>,
  rounds: number,
  mode: Mode,
) {
  let mismatches = 0;
  const indices: number[] = [];
  for (let r = 0; r < rounds; r++) {
    counts.add(r, 1);
    if (r % 3 === 0) sleepSync(1); // vary who arrives last
    indices.push(mode === 'sync' ? barrier.waitSync(LONG) : await barrier.wait(LONG));
    if (counts.load(r) !== barrier.parties) mismatches++;
  }
  return [mismatches, indices];
}

/** Put `count` messages `${id}:${i}` (objects with a small payload) on `queue`. */
export async function produce(
  queue: Queue<{ tag: string; payload: number[] }>,
  id: string,
  count: number,
  mode: Mode,
) {
  for (let i = 0; i < count; i++) {
    const message = { tag: `${id}:${i}`, payload: Array.from({ length: i % 5 }, (_, k) => k) };
    if (mode === 'sync') queue.putSync(message, LONG);
    else await queue.put(message, LONG);
  }
  return count;
}

/** Take messages until `queue` is closed and drained; return their tags in the order taken. */
export async function consume(queue: Queue<{ tag: string }>, mode: Mode) {
  const tags: string[] = [];
  if (mode === 'sync') for (const m of queue) tags.push(m.tag);
  else for await (const m of queue) tags.push(m.tag);
  return tags;
}

/** Hold `lock` until `release` is set: signal `holding` once it is held. */
export function holdLockUntil(lock: Lock, holding: Event, release: Event) {
  lock.acquireSync(LONG);
  holding.set();
  release.waitSync(LONG);
  lock.release();
  return true;
}

/** Add to a SharedValue: lock-free `add` for integers, `update` under the lock otherwise. */
export async function addToValue(value: SharedValue, n: number, mode: Mode | 'atomic') {
  for (let i = 0; i < n; i++) {
    if (mode === 'atomic') value.add(1);
    else if (mode === 'sync') value.updateSync((v) => (v as number) + 0.5);
    else await value.update((v) => (v as number) + 0.5);
  }
  return n;
}

/** Acquire and release in this worker, and send the lock back as the result (revived on the main thread). */
export function lockRoundTrip(lock: Lock) {
  lock.acquireSync();
  const held = lock.locked;
  lock.release();
  return { held, after: lock.locked, shared: lock };
}
