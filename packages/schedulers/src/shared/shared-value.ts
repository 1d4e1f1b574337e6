/**
 * SharedValue: one typed scalar in shared memory with its own Lock — a counter, a running total, a
 * best-so-far score shared by worker threads.
 *
 * Layout: the lock's cell at byte 0, the value at byte 8 (aligned for 64-bit types); 16 bytes.
 * `get`/`set`/`update(fn)` run under the lock, so an `update` is a read-modify-write no other
 * `update` interleaves with. Integer dtypes also offer lock-free `add` (one `Atomics.add`) and
 * `peek` (one `Atomics.load`); don't mix `add` with `update` on the same value, since `update`'s
 * read-modify-write does not see the lock-free path. Float dtypes have no atomic instructions, so
 * their updates always take the lock. Reference: Python `multiprocessing.Value` (a ctypes value with
 * a lock, `get_lock()`).
 */

import {
  isAtomicDtype,
  isBigDtype,
  type ScalarOf,
  type SharedDtype,
  type TypedArrayOf,
  typedArrayClass,
} from './dtype.js';
import { SharedUsageError } from './errors.js';
import { Lock } from './lock.js';
import { checkMemory, SHARED, type SharedForm } from './shared-form.js';
import { assertCanBlock, type WaitOptions } from './wait.js';

const VALUE_OFFSET = 8;
const BYTES = 16;

/**
 * A typed scalar shared between threads, with its lock.
 *
 * @example
 * const total = new SharedValue('float64', 0);
 * await total.update((t) => t + 2.5); // under the lock
 * const hits = new SharedValue('int32');
 * hits.add(1); // lock-free (integer dtypes)
 */
export class SharedValue<D extends SharedDtype = SharedDtype> {
  /** The element type. */
  readonly dtype: D;
  /** The lock that `get`/`set`/`update` take; hold it yourself to group several operations. */
  readonly lock: Lock;
  /** The SharedArrayBuffer holding the lock and the value. */
  readonly buffer: SharedArrayBuffer;
  /** Byte offset of the lock (the value is 8 bytes further). */
  readonly byteOffset: number;
  private readonly cell: TypedArrayOf<D>;

  /** A new SharedValue of `dtype`, holding `initial` (default zero). */
  constructor(dtype: D, initial?: ScalarOf<D>) {
    const cls = typedArrayClass(dtype);
    this.dtype = dtype;
    this.buffer = new SharedArrayBuffer(BYTES);
    this.byteOffset = 0;
    this.lock = new Lock(this.buffer, 0);
    this.cell = new cls(this.buffer, VALUE_OFFSET, 1) as TypedArrayOf<D>;
    if (initial !== undefined) this.write(checkScalar(dtype, initial, 'constructor'));
  }

  /**
   * The value now, without the lock. Exact for integer dtypes (`Atomics.load`); for floats a plain
   * read, which may see a value being written on a machine without 8-byte atomic stores.
   *
   * @example
   * hits.peek(); // 3
   */
  peek(): ScalarOf<D> {
    return (isAtomicDtype(this.dtype) ? Atomics.load(this.cell as any, 0) : this.cell[0]) as ScalarOf<D>;
  }

  /**
   * The value, read under the lock (waits without blocking).
   *
   * @example
   * await total.get(); // 2.5
   */
  get(options?: WaitOptions): Promise<ScalarOf<D>> {
    return this.lock.withLock(() => this.peek(), options);
  }

  /**
   * The value, read under the lock acquired by blocking (worker threads only).
   *
   * @example
   * total.getSync();
   */
  getSync(options?: WaitOptions): ScalarOf<D> {
    assertCanBlock({ primitive: 'SharedValue', operation: 'getSync' });
    return this.lock.withLockSync(() => this.peek(), options);
  }

  /**
   * Replace the value, under the lock.
   *
   * @example
   * await total.set(0);
   */
  async set(value: ScalarOf<D>, options?: WaitOptions): Promise<void> {
    const v = checkScalar(this.dtype, value, 'set');
    await this.lock.withLock(() => this.write(v), options);
  }

  /**
   * Replace the value, under the lock acquired by blocking (worker threads only).
   *
   * @example
   * total.setSync(0);
   */
  setSync(value: ScalarOf<D>, options?: WaitOptions): void {
    assertCanBlock({ primitive: 'SharedValue', operation: 'setSync' });
    const v = checkScalar(this.dtype, value, 'setSync');
    this.lock.withLockSync(() => this.write(v), options);
  }

  /**
   * Replace the value by `fn(value)` under the lock; resolves to the new value. `fn` is synchronous
   * and runs while other threads wait, so keep it short.
   *
   * @example
   * await best.update((b) => Math.max(b, score));
   */
  update(fn: (value: ScalarOf<D>) => ScalarOf<D>, options?: WaitOptions): Promise<ScalarOf<D>> {
    return this.lock.withLock(() => this.apply(fn, 'update'), options);
  }

  /**
   * Replace the value by `fn(value)` under the lock acquired by blocking (worker threads only);
   * return the new value.
   *
   * @example
   * best.updateSync((b) => Math.max(b, score));
   */
  updateSync(fn: (value: ScalarOf<D>) => ScalarOf<D>, options?: WaitOptions): ScalarOf<D> {
    assertCanBlock({ primitive: 'SharedValue', operation: 'updateSync' });
    return this.lock.withLockSync(() => this.apply(fn, 'updateSync'), options);
  }

  /**
   * Add `delta` atomically without the lock (integer dtypes; wraps around on overflow like the typed
   * array); return the new value. Throws `SharedUsageError` for float dtypes: use `update` there.
   *
   * @example
   * hits.add(1); // the new count
   */
  add(delta: ScalarOf<D>): ScalarOf<D> {
    if (!isAtomicDtype(this.dtype)) {
      throw new SharedUsageError(
        'SharedValue',
        'add',
        `SharedValue.add() is lock-free and needs an integer dtype, but this value is ${this.dtype}: ` +
          'use `await value.update((v) => v + delta)` (or updateSync in a worker).',
      );
    }
    const d = checkScalar(this.dtype, delta, 'add');
    Atomics.add(this.cell as any, 0, d as any);
    // Atomics.add returns the old value; re-read through the typed array so the sum wraps as it does.
    return Atomics.load(this.cell as any, 0) as ScalarOf<D>;
  }

  private apply(fn: (value: ScalarOf<D>) => ScalarOf<D>, operation: string): ScalarOf<D> {
    const next = checkScalar(this.dtype, fn(this.peek()), operation);
    this.write(next);
    return this.peek();
  }

  private write(value: ScalarOf<D>): void {
    if (isAtomicDtype(this.dtype)) Atomics.store(this.cell as any, 0, value as any);
    else this.cell[0] = value as number;
  }

  /** The plain form that crosses to a worker thread (see `encodeShared`). */
  [SHARED](): SharedForm {
    return {
      __tuskShared: 'SharedValue',
      buffer: this.buffer,
      byteOffset: this.byteOffset,
      dtype: this.dtype,
    };
  }

  /** Attach to the SharedValue described by a plain form (see `reviveShared`). */
  static fromShared(form: SharedForm): SharedValue {
    const dtype = form.dtype as SharedDtype;
    const cls = typedArrayClass(dtype);
    const buffer = checkMemory('SharedValue', form.buffer, form.byteOffset, BYTES, 8);
    return Object.assign(Object.create(SharedValue.prototype), {
      dtype,
      buffer,
      byteOffset: form.byteOffset,
      lock: new Lock(buffer, form.byteOffset),
      cell: new cls(buffer, form.byteOffset + VALUE_OFFSET, 1),
    }) as SharedValue;
  }
}

function checkScalar<D extends SharedDtype>(dtype: D, value: unknown, operation: string): ScalarOf<D> {
  const big = isBigDtype(dtype);
  if (big ? typeof value !== 'bigint' : typeof value !== 'number') {
    throw new TypeError(
      `SharedValue.${operation}(): a ${dtype} value must be a ${big ? 'bigint' : 'number'}, got ${typeof value}.`,
    );
  }
  return value as ScalarOf<D>;
}
