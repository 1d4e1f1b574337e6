import { afterEach, describe, expect, it } from 'vitest';
import {
  Lock,
  MessageTooLargeError,
  Queue,
  QueueClosedError,
  WaitTimeoutError,
} from '../../src/shared/index.js';
import { runInWorker, terminateAll } from './helpers/workers.js';

afterEach(terminateAll);

describe('Queue', () => {
  it('passes 10,000 messages from 2 producers to 2 consumers, none lost or duplicated', async () => {
    const perProducer = 5000;
    // A small ring (2 KiB), so producers often wait for room and messages wrap around its end.
    const queue = new Queue<{ tag: string; payload: number[] }>({ capacity: '2KiB' });
    const consumers = [
      runInWorker<string[]>('consume', [queue, 'sync']),
      runInWorker<string[]>('consume', [queue, 'async']),
    ];
    await Promise.all([
      runInWorker('produce', [queue, 'a', perProducer, 'sync']),
      runInWorker('produce', [queue, 'b', perProducer, 'async']),
    ]);
    queue.close();
    const received = await Promise.all(consumers);

    const expected = ['a', 'b'].flatMap((p) => Array.from({ length: perProducer }, (_, i) => `${p}:${i}`));
    expect(received.flat().sort()).toEqual(expected.sort());
    // FIFO: each consumer sees each producer's messages in the order they were put.
    for (const tags of received) {
      for (const p of ['a', 'b']) {
        const seq = tags.filter((t) => t.startsWith(`${p}:`)).map((t) => Number(t.slice(2)));
        expect(seq).toEqual([...seq].sort((x, y) => x - y));
      }
    }
    expect(queue.size).toBe(0);
  });

  it('carries structured-cloneable values in FIFO order across the ring end (main thread, async)', async () => {
    const queue = new Queue({ capacity: 256 });
    const values: unknown[] = [];
    for (let i = 0; i < 200; i++) {
      values.push(
        i % 4 === 0
          ? { i, nested: [i, `s${i}`] }
          : i % 4 === 1
            ? new Float64Array([i, i / 2])
            : i % 4 === 2
              ? `x`.repeat(i % 37)
              : new Map([[i, i]]),
      );
    }
    const got: unknown[] = [];
    const consumer = (async () => {
      for await (const v of queue) got.push(v);
    })();
    for (const v of values) await queue.put(v);
    queue.close();
    await consumer;
    expect(got).toEqual(values);
  });

  it('close(): puts fail, gets drain what is left, then fail; waiting getters wake', async () => {
    const queue = new Queue<number>();
    const waiting = queue.get();
    await queue.put(1);
    expect(await waiting).toBe(1);
    await queue.put(2);
    const blocked = queue.get(); // gets 2
    const idle = [queue.get(), queue.get()]; // nothing left for these: close() must wake them
    queue.close();
    expect(queue.closed).toBe(true);
    expect(await blocked).toBe(2);
    for (const p of idle) await expect(p).rejects.toBeInstanceOf(QueueClosedError);
    await expect(queue.put(3)).rejects.toMatchObject({ name: 'QueueClosedError', operation: 'put' });
    queue.close(); // harmless
  });

  it('a message larger than the ring is a clear error at put, not a hang', async () => {
    const queue = new Queue<string>({ capacity: 64 });
    const error = await queue.put('x'.repeat(100)).catch((e) => e);
    expect(error).toBeInstanceOf(MessageTooLargeError);
    expect(error).toMatchObject({ capacity: 64 });
    expect(error.size).toBeGreaterThan(100);
    await queue.put('fits');
    expect(await queue.get()).toBe('fits');
  });

  it('put waits while full and get waits while empty, with timeouts', async () => {
    const queue = new Queue<string>({ capacity: 16 });
    await queue.put('abcd'); // serialised with its prefix this takes most of the ring
    await expect(queue.put('efgh', { timeout: 5 })).rejects.toBeInstanceOf(WaitTimeoutError);
    const putting = queue.put('efgh');
    expect(await queue.get()).toBe('abcd');
    await putting;
    expect(await queue.get()).toBe('efgh');
    await expect(queue.get({ timeout: 5 })).rejects.toMatchObject({
      name: 'WaitTimeoutError',
      primitive: 'Queue',
    });
  });

  it('refuses messages that cannot be copied, naming why', async () => {
    const queue = new Queue();
    await expect(queue.put(() => 1)).rejects.toThrow(/cannot be copied/);
    await expect(queue.put({ lock: new Lock() })).rejects.toThrow(/shared primitives/);
    expect(queue.size).toBe(0);
  });

  it('blocking forms are refused on the main thread; bad capacities are refused', () => {
    const queue = new Queue();
    expect(() => queue.putSync(1)).toThrow(/main thread/);
    expect(() => queue.getSync()).toThrow(/main thread/);
    expect(() => new Queue({ capacity: 4 })).toThrow(RangeError);
    expect(() => new Queue({ capacity: 'lots' })).toThrow(/capacity/);
  });
});
