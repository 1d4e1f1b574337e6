/**
 * Event: a flag that threads wait on until some thread sets it, in 4 bytes of shared memory.
 *
 * Cell 0 is the flag, 0 (clear) or 1 (set); cell 1 counts calls to `set()`. `set()` stores 1, bumps
 * the count and wakes every sleeper; `wait()` returns at once when the flag is set and otherwise sleeps
 * on the count. Sleeping on the count rather than the flag means a `set()` is never missed, even when
 * a `clear()` follows it before the waiter runs: every waiter present at a `set()` returns, as in
 * Python. Reference: Python `threading.Event`.
 */

import { checkMemory, SHARED, type SharedForm } from './shared-form.js';
import { runAsync, runSync, type Steps, type WaitOptions } from './wait.js';

const FLAG = 0;
const SETS = 1;
const BYTES = 8;

function* waitSteps(cells: Int32Array): Steps<void> {
  const sets = Atomics.load(cells, SETS);
  while (Atomics.load(cells, FLAG) === 0 && Atomics.load(cells, SETS) === sets) {
    yield { cells, index: SETS, value: sets };
  }
}

/**
 * A settable flag shared by threads: workers wait for the main thread (or each other) to signal.
 *
 * @example
 * const ready = new Event();
 * // in workers: await ready.wait();  (or ready.waitSync())
 * ready.set(); // wakes them all
 */
export class Event {
  /** The SharedArrayBuffer holding the flag. */
  readonly buffer: SharedArrayBuffer;
  /** Byte offset of the flag in `buffer`. */
  readonly byteOffset: number;
  private readonly cells: Int32Array;

  /** A new Event, clear. */
  constructor() {
    this.buffer = new SharedArrayBuffer(BYTES);
    this.byteOffset = 0;
    this.cells = new Int32Array(this.buffer, 0, 2);
  }

  /** Whether the flag is set now. */
  get isSet(): boolean {
    return Atomics.load(this.cells, FLAG) === 1;
  }

  /**
   * Set the flag and wake every waiter.
   *
   * @example
   * ready.set();
   */
  set(): void {
    Atomics.store(this.cells, FLAG, 1);
    Atomics.add(this.cells, SETS, 1);
    Atomics.notify(this.cells, SETS);
  }

  /**
   * Clear the flag: later `wait()` calls wait until the next `set()`.
   *
   * @example
   * ready.clear();
   */
  clear(): void {
    Atomics.store(this.cells, FLAG, 0);
  }

  /**
   * Wait until the flag is set, without blocking the thread.
   *
   * @example
   * await ready.wait({ timeout: 5000 });
   */
  wait(options?: WaitOptions): Promise<void> {
    return runAsync(waitSteps(this.cells), { primitive: 'Event', operation: 'wait' }, options);
  }

  /**
   * Wait until the flag is set, blocking the thread (worker threads only).
   *
   * @example
   * ready.waitSync();
   */
  waitSync(options?: WaitOptions): void {
    runSync(waitSteps(this.cells), { primitive: 'Event', operation: 'waitSync' }, options);
  }

  /** The plain form that crosses to a worker thread (see `encodeShared`). */
  [SHARED](): SharedForm {
    return { __tuskShared: 'Event', buffer: this.buffer, byteOffset: this.byteOffset };
  }

  /** Attach to the Event described by a plain form (see `reviveShared`). */
  static fromShared(form: SharedForm): Event {
    const buffer = checkMemory('Event', form.buffer, form.byteOffset, BYTES, 4);
    return Object.assign(Object.create(Event.prototype), {
      buffer,
      byteOffset: form.byteOffset,
      cells: new Int32Array(buffer, form.byteOffset, 2),
    }) as Event;
  }
}
