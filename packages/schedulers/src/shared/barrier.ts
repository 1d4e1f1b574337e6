/**
 * Barrier(n): `n` parties wait until all have arrived, then all go on together; reusable round after
 * round. Twelve bytes of shared memory.
 *
 * Cell 0 counts arrivals in the current round; cell 2 holds `n`; cell 1 holds the round number
 * shifted left by one, with the low bit meaning "broken". A party reads the round, counts itself in,
 * and sleeps on cell 1 until it changes. The last party to arrive resets the count and advances the
 * round with a compare-and-swap (which fails if the barrier broke meanwhile), then wakes everyone.
 * A sleeper that sees its round advanced goes on; one that sees its round's broken bit throws
 * `BrokenBarrierError`. A party that times out breaks the barrier (unless the round completed just
 * then, in which case it goes on), so the others are not left waiting for it forever; `abort()` breaks
 * it on purpose, e.g. when a worker died. Reference: Python `threading.Barrier`; the sense-reversing
 * barrier (Mellor-Crummey & Scott, 1991).
 */

import { BrokenBarrierError, WaitTimeoutError } from './errors.js';
import { checkMemory, SHARED, type SharedForm } from './shared-form.js';
import { runAsync, runSync, type Steps, type WaitOptions } from './wait.js';

const ARRIVED = 0;
const ROUND = 1;
const PARTIES = 2;
const BYTES = 12;
const BROKEN_BIT = 1;

function* waitSteps(cells: Int32Array): Steps<number> {
  const parties = Atomics.load(cells, PARTIES);
  const round = Atomics.load(cells, ROUND);
  if (round & BROKEN_BIT) throw new BrokenBarrierError(parties);
  const index = Atomics.add(cells, ARRIVED, 1);
  if (index === parties - 1) {
    Atomics.store(cells, ARRIVED, 0);
    if (Atomics.compareExchange(cells, ROUND, round, (round + 2) | 0) !== round) {
      throw new BrokenBarrierError(parties);
    }
    Atomics.notify(cells, ROUND);
    return index;
  }
  try {
    for (;;) {
      const now = Atomics.load(cells, ROUND);
      if (now === round) yield { cells, index: ROUND, value: round };
      else if (now === (round | BROKEN_BIT)) throw new BrokenBarrierError(parties);
      else return index;
    }
  } catch (e) {
    if (e instanceof WaitTimeoutError) {
      // Break this round so the others do not wait for us forever — unless it completed just now.
      const was = Atomics.compareExchange(cells, ROUND, round, round | BROKEN_BIT);
      if (was === round) Atomics.notify(cells, ROUND);
      else if (was !== (round | BROKEN_BIT)) return index;
    }
    throw e;
  }
}

/**
 * A reusable barrier for `parties` threads: each `wait()` returns once all of them have called it.
 *
 * @example
 * const barrier = new Barrier(4);
 * // in each of 4 workers, every round:
 * //   step(); await barrier.wait(); // (or barrier.waitSync())
 */
export class Barrier {
  /** The SharedArrayBuffer holding the barrier's cells. */
  readonly buffer: SharedArrayBuffer;
  /** Byte offset of the cells in `buffer`. */
  readonly byteOffset: number;
  private readonly cells: Int32Array;

  /** A new Barrier for `parties` threads (an integer >= 1). */
  constructor(parties: number) {
    if (!Number.isInteger(parties) || parties < 1 || parties > 0x7fffffff) {
      throw new RangeError(`Barrier(parties): parties must be an integer >= 1, got ${parties}.`);
    }
    this.buffer = new SharedArrayBuffer(BYTES);
    this.byteOffset = 0;
    this.cells = new Int32Array(this.buffer, 0, 3);
    this.cells[PARTIES] = parties;
  }

  /** The number of parties `n`. */
  get parties(): number {
    return Atomics.load(this.cells, PARTIES);
  }

  /** How many parties are waiting in the current round (a snapshot). */
  get waiting(): number {
    return Atomics.load(this.cells, ARRIVED);
  }

  /** Whether the barrier is broken (aborted, or a party timed out). */
  get broken(): boolean {
    return (Atomics.load(this.cells, ROUND) & BROKEN_BIT) !== 0;
  }

  /**
   * Wait until all parties have arrived, without blocking the thread. Resolves to this party's
   * arrival index in the round, `0 .. parties - 1` (each index once per round), so exactly one party
   * can be picked for follow-up work. Rejects with `BrokenBarrierError` if the barrier breaks, and with
   * `WaitTimeoutError` after `timeout` ms (which also breaks it).
   *
   * @example
   * if ((await barrier.wait()) === 0) console.log('round done');
   */
  wait(options?: WaitOptions): Promise<number> {
    return runAsync(waitSteps(this.cells), { primitive: 'Barrier', operation: 'wait' }, options);
  }

  /**
   * Wait until all parties have arrived, blocking the thread (worker threads only). Same result and
   * errors as `wait()`.
   *
   * @example
   * barrier.waitSync();
   */
  waitSync(options?: WaitOptions): number {
    return runSync(waitSteps(this.cells), { primitive: 'Barrier', operation: 'waitSync' }, options);
  }

  /**
   * Break the barrier: current and future waiters get `BrokenBarrierError`. Use it when a party can
   * no longer arrive (its worker failed), so the others do not wait forever.
   *
   * @example
   * worker.on('error', () => barrier.abort());
   */
  abort(): void {
    Atomics.or(this.cells, ROUND, BROKEN_BIT);
    Atomics.notify(this.cells, ROUND);
  }

  /** The plain form that crosses to a worker thread (see `encodeShared`). */
  [SHARED](): SharedForm {
    return { __tuskShared: 'Barrier', buffer: this.buffer, byteOffset: this.byteOffset };
  }

  /** Attach to the Barrier described by a plain form (see `reviveShared`). */
  static fromShared(form: SharedForm): Barrier {
    const buffer = checkMemory('Barrier', form.buffer, form.byteOffset, BYTES, 4);
    return Object.assign(Object.create(Barrier.prototype), {
      buffer,
      byteOffset: form.byteOffset,
      cells: new Int32Array(buffer, form.byteOffset, 3),
    }) as Barrier;
  }
}
