/**
 * SharedArray: an n-dimensional typed array over a SharedArrayBuffer, with a Lock — results that
 * worker threads fill in place, counters and histograms they update together.
 *
 * Layout: the lock's cell at byte 0, the elements (row-major, C order) from byte 8. `data` is a plain
 * typed-array view on the elements, for the fast path of threads writing disjoint parts; `add`/`load`/
 * `store` are the `Atomics` operations on one element (integer dtypes), and `withLock` guards larger
 * read-modify-write sections (and float data). Reference: Python `multiprocessing.Array` (shared
 * ctypes array with a lock); NumPy row-major strides.
 */

import {
  dtypeOf,
  isAtomicDtype,
  type ScalarOf,
  type SharedDtype,
  type TypedArrayOf,
  typedArrayClass,
} from './dtype.js';
import { SharedUsageError } from './errors.js';
import { Lock } from './lock.js';
import { checkMemory, SHARED, type SharedForm } from './shared-form.js';
import { assertCanBlock, type WaitOptions } from './wait.js';

const DATA_OFFSET = 8;

function checkShape(shape: number | readonly number[]): number[] {
  const dims = typeof shape === 'number' ? [shape] : [...shape];
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0)
      throw new RangeError(`SharedArray: shape [${dims}] must hold integers >= 0.`);
  }
  return dims;
}

/**
 * A typed n-d array in shared memory, with a lock, passed to worker tasks as an argument.
 *
 * @example
 * const hist = new SharedArray('int32', [4, 10]);
 * hist.add(hist.offset(2, 7), 1); // atomic increment of element (2, 7)
 * const out = SharedArray.from(new Float64Array([1, 2, 3, 4]), [2, 2]);
 * out.data[out.offset(1, 0)]; // 3
 */
export class SharedArray<D extends SharedDtype = SharedDtype> {
  /** The element type. */
  readonly dtype: D;
  /** The dimensions, outermost first. */
  readonly shape: readonly number[];
  /** The number of elements (product of the shape). */
  readonly size: number;
  /** The elements, row-major: a typed-array view on the shared memory (no copy). */
  readonly data: TypedArrayOf<D>;
  /** A lock shared with the array, for read-modify-write sections across threads. */
  readonly lock: Lock;
  /** The SharedArrayBuffer holding the lock and the elements. */
  readonly buffer: SharedArrayBuffer;
  /** Byte offset of the lock (the elements start 8 bytes further). */
  readonly byteOffset: number;

  /** A new zero-filled SharedArray of `dtype` and `shape` (a length or a list of dimensions). */
  constructor(dtype: D, shape: number | readonly number[]) {
    const cls = typedArrayClass(dtype);
    const dims = checkShape(shape);
    this.dtype = dtype;
    this.shape = Object.freeze(dims);
    this.size = dims.reduce((a, b) => a * b, 1);
    this.buffer = new SharedArrayBuffer(DATA_OFFSET + this.size * cls.BYTES_PER_ELEMENT);
    this.byteOffset = 0;
    this.lock = new Lock(this.buffer, 0);
    this.data = new cls(this.buffer, DATA_OFFSET, this.size) as TypedArrayOf<D>;
  }

  /**
   * A SharedArray holding a copy of `source` (dtype from its type), with `shape` (default 1-d).
   *
   * @example
   * SharedArray.from(new Int32Array([1, 2, 3])).size; // 3
   */
  static from<A extends TypedArrayOf<SharedDtype>>(
    source: A,
    shape?: number | readonly number[],
  ): SharedArray<DtypeOfArray<A>> {
    const dtype = dtypeOf(source);
    if (!dtype) throw new TypeError(`SharedArray.from(): unsupported array type ${source.constructor.name}.`);
    const array = new SharedArray(dtype, shape ?? source.length);
    if (array.size !== source.length) {
      throw new RangeError(
        `SharedArray.from(): shape [${array.shape}] holds ${array.size} elements, the source ${source.length}.`,
      );
    }
    (array.data as SharedTypedArrayLike).set(source);
    return array as unknown as SharedArray<DtypeOfArray<A>>;
  }

  /**
   * The flat (row-major) position of the element at `index` (one integer per dimension).
   *
   * @example
   * new SharedArray('int32', [3, 4]).offset(1, 2); // 6
   */
  offset(...index: number[]): number {
    const shape = this.shape;
    if (index.length !== shape.length) {
      throw new RangeError(
        `SharedArray.offset(): got ${index.length} indices for a ${shape.length}-d array.`,
      );
    }
    let flat = 0;
    for (let k = 0; k < shape.length; k++) {
      const i = index[k]!;
      if (!Number.isInteger(i) || i < 0 || i >= shape[k]!) {
        throw new RangeError(
          `SharedArray.offset(): index ${i} out of range for axis ${k} of size ${shape[k]}.`,
        );
      }
      flat = flat * shape[k]! + i;
    }
    return flat;
  }

  /**
   * Atomically add `delta` to element `i` (flat position; integer dtypes); return the new value.
   *
   * @example
   * counts.add(0, 1);
   */
  add(i: number, delta: ScalarOf<D>): ScalarOf<D> {
    const a = this.atomic('add');
    Atomics.add(a, i, delta as any);
    return Atomics.load(a, i) as ScalarOf<D>;
  }

  /**
   * Atomically read element `i` (flat position; integer dtypes).
   *
   * @example
   * counts.load(0);
   */
  load(i: number): ScalarOf<D> {
    return Atomics.load(this.atomic('load'), i) as ScalarOf<D>;
  }

  /**
   * Atomically write element `i` (flat position; integer dtypes).
   *
   * @example
   * counts.store(0, 0);
   */
  store(i: number, value: ScalarOf<D>): void {
    Atomics.store(this.atomic('store'), i, value as any);
  }

  /**
   * Run `fn` holding the array's lock (acquired without blocking).
   *
   * @example
   * await arr.withLock(() => { arr.data[0] += arr.data[1]; });
   */
  withLock<T>(fn: () => T | Promise<T>, options?: WaitOptions): Promise<T> {
    return this.lock.withLock(fn, options);
  }

  /**
   * Run `fn` holding the array's lock, acquired by blocking (worker threads only).
   *
   * @example
   * arr.withLockSync(() => { arr.data[0] += arr.data[1]; });
   */
  withLockSync<T>(fn: () => T, options?: WaitOptions): T {
    assertCanBlock({ primitive: 'SharedArray', operation: 'withLockSync' });
    return this.lock.withLockSync(fn, options);
  }

  /**
   * A copy of the elements in ordinary (not shared) memory.
   *
   * @example
   * const snapshot = arr.toArray();
   */
  toArray(): TypedArrayOf<D> {
    return this.data.slice() as TypedArrayOf<D>;
  }

  private atomic(operation: string): any {
    if (!isAtomicDtype(this.dtype)) {
      throw new SharedUsageError(
        'SharedArray',
        operation,
        `SharedArray.${operation}() is atomic only for integer dtypes, but this array is ${this.dtype}: ` +
          'use withLock (or withLockSync in a worker) around plain reads and writes of `data`.',
      );
    }
    return this.data;
  }

  /** The plain form that crosses to a worker thread (see `encodeShared`). */
  [SHARED](): SharedForm {
    return {
      __tuskShared: 'SharedArray',
      buffer: this.buffer,
      byteOffset: this.byteOffset,
      dtype: this.dtype,
      shape: [...this.shape],
    };
  }

  /** Attach to the SharedArray described by a plain form (see `reviveShared`). */
  static fromShared(form: SharedForm): SharedArray {
    const dtype = form.dtype as SharedDtype;
    const cls = typedArrayClass(dtype);
    const shape = checkShape(form.shape as number[]);
    const size = shape.reduce((a, b) => a * b, 1);
    const buffer = checkMemory(
      'SharedArray',
      form.buffer,
      form.byteOffset,
      DATA_OFFSET + size * cls.BYTES_PER_ELEMENT,
      8,
    );
    return Object.assign(Object.create(SharedArray.prototype), {
      dtype,
      shape: Object.freeze(shape),
      size,
      data: new cls(buffer, form.byteOffset + DATA_OFFSET, size),
      lock: new Lock(buffer, form.byteOffset),
      buffer,
      byteOffset: form.byteOffset,
    }) as SharedArray;
  }
}

type SharedTypedArrayLike = { set(source: ArrayLike<unknown>): void };

/** The dtype of a typed-array type. */
type DtypeOfArray<A> = {
  [D in SharedDtype]: A extends TypedArrayOf<D> ? D : never;
}[SharedDtype];
