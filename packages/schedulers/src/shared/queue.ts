/**
 * Queue: a bounded multi-producer multi-consumer message queue between threads, over one
 * SharedArrayBuffer — for pipelines of workers, or results streamed back while they are computed.
 *
 * A message is any structured-cloneable value (not functions, not shared primitives): it is
 * serialised with `v8.serialize` and stored length-prefixed (4 bytes, little-endian) in a ring buffer
 * of `capacity` bytes. A 32-byte header of Int32 cells holds the queue's lock, the closed flag, the
 * ring's head and used bytes, the message count, and two sequence numbers bumped by every put and
 * every get. `put` takes the lock, copies the message in if it fits, and wakes the getters; if it does
 * not fit it notes the get sequence, drops the lock, and sleeps until a get changes it (or `close()`
 * does). `get` mirrors that. Sleeping on a sequence read under the lock means no wake-up is lost.
 * Waiters are woken all at once and re-check (a handful of threads contend, not thousands).
 * Serialisation happens outside the lock; the lock covers only the copy. `close()` ends the queue:
 * waiting and later `put`s throw `QueueClosedError`, `get`s drain what is left and then throw it,
 * and `for await` loops end. Reference: Python `queue.Queue` / `multiprocessing.Queue`; the circular
 * buffer with a mutex and two condition variables (OSTEP ch. 30, "Condition Variables").
 */

import { deserialize, serialize } from 'node:v8';
import { parseSize } from '@tusk/core';
import { MessageTooLargeError, QueueClosedError } from './errors.js';
import { lockSteps, unlockCell } from './lock.js';
import { ringRead, ringWrite } from './ring-bytes.js';
import { checkMemory, SHARED, type SharedForm } from './shared-form.js';
import { runAsync, runSync, type Steps, type WaitOptions } from './wait.js';

const LOCK = 0;
const CLOSED = 1;
const HEAD = 2;
const USED = 3;
const COUNT = 4;
const PUTS = 5;
const GETS = 6;
const HEADER_BYTES = 32;
const PREFIX_BYTES = 4;
const END: unique symbol = Symbol('end of queue');

/**
 * Options of a Queue.
 *
 * @example
 * new Queue({ capacity: '4MiB' });
 */
export interface QueueOptions {
  /** Bytes of the ring buffer (a number or a size such as '1MiB'); default 1 MiB. Each message takes
   * its serialised size plus 4 bytes, and must fit on its own. */
  readonly capacity?: number | string;
}

interface Ring {
  readonly cells: Int32Array;
  readonly bytes: Uint8Array;
}

function* putSteps({ cells, bytes }: Ring, message: Uint8Array): Steps<void> {
  const need = PREFIX_BYTES + message.length;
  const prefix = new Uint8Array(PREFIX_BYTES);
  new DataView(prefix.buffer).setUint32(0, message.length, true);
  for (;;) {
    yield* lockSteps(cells, LOCK);
    let gets: number;
    try {
      if (Atomics.load(cells, CLOSED)) throw new QueueClosedError('put');
      const used = Atomics.load(cells, USED);
      if (bytes.length - used >= need) {
        const tail = (Atomics.load(cells, HEAD) + used) % bytes.length;
        ringWrite(bytes, ringWrite(bytes, tail, prefix), message);
        Atomics.store(cells, USED, used + need);
        Atomics.add(cells, COUNT, 1);
        Atomics.add(cells, PUTS, 1);
        Atomics.notify(cells, PUTS);
        return;
      }
      gets = Atomics.load(cells, GETS);
    } finally {
      unlockCell(cells, LOCK);
    }
    yield { cells, index: GETS, value: gets };
  }
}

function* getSteps({ cells, bytes }: Ring): Steps<Uint8Array | typeof END> {
  const prefix = new Uint8Array(PREFIX_BYTES);
  for (;;) {
    yield* lockSteps(cells, LOCK);
    let puts: number;
    try {
      if (Atomics.load(cells, COUNT) > 0) {
        let head = ringRead(bytes, Atomics.load(cells, HEAD), prefix);
        const message = new Uint8Array(new DataView(prefix.buffer).getUint32(0, true));
        head = ringRead(bytes, head, message);
        Atomics.store(cells, HEAD, head);
        Atomics.sub(cells, USED, PREFIX_BYTES + message.length);
        Atomics.sub(cells, COUNT, 1);
        Atomics.add(cells, GETS, 1);
        Atomics.notify(cells, GETS);
        return message;
      }
      if (Atomics.load(cells, CLOSED)) return END;
      puts = Atomics.load(cells, PUTS);
    } finally {
      unlockCell(cells, LOCK);
    }
    yield { cells, index: PUTS, value: puts };
  }
}

/**
 * A bounded message queue shared by threads: any thread may put and get. Messages are copied
 * (structured-clone semantics), in FIFO order.
 *
 * @example
 * const q = new Queue<{ id: number }>({ capacity: '64KiB' });
 * // producer (main thread or worker):
 * await q.put({ id: 1 });
 * q.close(); // after the last put
 * // consumer (main thread or worker):
 * for await (const msg of q) console.log(msg.id);
 */
export class Queue<T = unknown> {
  /** The SharedArrayBuffer holding the header and the ring. */
  readonly buffer: SharedArrayBuffer;
  /** Byte offset of the queue in `buffer`. */
  readonly byteOffset: number;
  private readonly ring: Ring;

  /** A new, empty, open Queue. */
  constructor(options: QueueOptions = {}) {
    const capacity = parseSize(options.capacity ?? 1024 * 1024, 'Queue capacity');
    if (capacity < 8 || capacity > 0x7fffffff - HEADER_BYTES) {
      throw new RangeError(`Queue capacity must be between 8 bytes and 2 GiB, got ${capacity}.`);
    }
    this.buffer = new SharedArrayBuffer(HEADER_BYTES + capacity);
    this.byteOffset = 0;
    this.ring = ringOver(this.buffer, 0, capacity);
  }

  /** Bytes of the ring buffer. */
  get capacity(): number {
    return this.ring.bytes.length;
  }

  /** Messages in the queue now (a snapshot). */
  get size(): number {
    return Atomics.load(this.ring.cells, COUNT);
  }

  /** Whether `close()` has been called. */
  get closed(): boolean {
    return Atomics.load(this.ring.cells, CLOSED) !== 0;
  }

  /**
   * Add a message, waiting (without blocking the thread) while the ring is full. Throws
   * `MessageTooLargeError` at once if it can never fit, `QueueClosedError` if the queue is closed.
   *
   * @example
   * await q.put({ id: 1 });
   */
  put(message: T, options?: WaitOptions): Promise<void> {
    try {
      const bytes = this.encode(message);
      return runAsync(putSteps(this.ring, bytes), { primitive: 'Queue', operation: 'put' }, options);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Add a message, blocking while the ring is full (worker threads only).
   *
   * @example
   * q.putSync({ id: 1 });
   */
  putSync(message: T, options?: WaitOptions): void {
    runSync(putSteps(this.ring, this.encode(message)), { primitive: 'Queue', operation: 'putSync' }, options);
  }

  /**
   * Take the oldest message, waiting (without blocking the thread) while the queue is empty.
   * Rejects with `QueueClosedError` once the queue is closed and empty.
   *
   * @example
   * const msg = await q.get();
   */
  async get(options?: WaitOptions): Promise<T> {
    const bytes = await runAsync(getSteps(this.ring), { primitive: 'Queue', operation: 'get' }, options);
    if (bytes === END) throw new QueueClosedError('get');
    return deserialize(bytes) as T;
  }

  /**
   * Take the oldest message, blocking while the queue is empty (worker threads only). Throws
   * `QueueClosedError` once the queue is closed and empty.
   *
   * @example
   * const msg = q.getSync();
   */
  getSync(options?: WaitOptions): T {
    const bytes = runSync(getSteps(this.ring), { primitive: 'Queue', operation: 'getSync' }, options);
    if (bytes === END) throw new QueueClosedError('get');
    return deserialize(bytes) as T;
  }

  /**
   * Close the queue: no more puts; getters drain what is left, then get `QueueClosedError` (and
   * `for await` / `for of` loops end). Wakes every waiting thread. Closing twice is harmless.
   *
   * @example
   * q.close();
   */
  close(): void {
    const cells = this.ring.cells;
    Atomics.store(cells, CLOSED, 1);
    Atomics.add(cells, PUTS, 1);
    Atomics.add(cells, GETS, 1);
    Atomics.notify(cells, PUTS);
    Atomics.notify(cells, GETS);
  }

  /**
   * Iterate over messages as they arrive (without blocking), until the queue is closed and drained.
   *
   * @example
   * for await (const msg of q) handle(msg);
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      const bytes = await runAsync(getSteps(this.ring), { primitive: 'Queue', operation: 'get' });
      if (bytes === END) return;
      yield deserialize(bytes) as T;
    }
  }

  /**
   * Iterate over messages, blocking while waiting (worker threads only), until closed and drained.
   *
   * @example
   * for (const msg of q) handle(msg);
   */
  *[Symbol.iterator](): Generator<T, void, undefined> {
    for (;;) {
      const bytes = runSync(getSteps(this.ring), { primitive: 'Queue', operation: 'getSync' });
      if (bytes === END) return;
      yield deserialize(bytes) as T;
    }
  }

  private encode(message: T): Uint8Array {
    let bytes: Uint8Array;
    try {
      bytes = serialize(message);
    } catch (e) {
      throw new TypeError(
        `Queue.put(): the message cannot be copied (${(e as Error).message}). Messages are structured-cloned: ` +
          'no functions, and no SharedArrayBuffers or shared primitives (pass those to tasks as arguments).',
        { cause: e },
      );
    }
    if (PREFIX_BYTES + bytes.length > this.ring.bytes.length) {
      throw new MessageTooLargeError(PREFIX_BYTES + bytes.length, this.ring.bytes.length);
    }
    return bytes;
  }

  /** The plain form that crosses to a worker thread (see `encodeShared`). */
  [SHARED](): SharedForm {
    return {
      __tuskShared: 'Queue',
      buffer: this.buffer,
      byteOffset: this.byteOffset,
      capacity: this.capacity,
    };
  }

  /** Attach to the Queue described by a plain form (see `reviveShared`). */
  static fromShared(form: SharedForm): Queue {
    const capacity = form.capacity as number;
    const buffer = checkMemory('Queue', form.buffer, form.byteOffset, HEADER_BYTES + capacity, 4);
    return Object.assign(Object.create(Queue.prototype), {
      buffer,
      byteOffset: form.byteOffset,
      ring: ringOver(buffer, form.byteOffset, capacity),
    }) as Queue;
  }
}

function ringOver(buffer: SharedArrayBuffer, byteOffset: number, capacity: number): Ring {
  return {
    cells: new Int32Array(buffer, byteOffset, HEADER_BYTES / 4),
    bytes: new Uint8Array(buffer, byteOffset + HEADER_BYTES, capacity),
  };
}
