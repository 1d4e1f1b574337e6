/**
 * Moving data between the main thread and workers, with real workers: large typed arrays through
 * spool files (processes) and by transfer (threads), shared memory, a value read by several jobs
 * of one batch, moving inputs, values with a codec (a codec's thread form; bytes a codec keeps,
 * sent on between processes without encoding again), and shared-memory primitives.
 */

import { readdirSync } from 'node:fs';
import { compute, delayed, Ref, type ResultStore, runGraph, TaskError, TaskGraph, task } from '@tusk/core';
import { afterAll, describe, expect, test } from 'vitest';
import { PoolExecutor, shutdownSchedulers, WorkerPool } from '../src/index.js';
import { Pool } from '../src/pool/pool.js';
import { SharedValue } from '../src/shared/index.js';
import { countPacked, encodes, makePacked, sumPacked } from './fixtures/kept-bytes.js';
import { makePoint, norm, Point, swap } from './fixtures/point.js';
import { arrivedAs, makeSamples, Samples } from './fixtures/samples.js';
import { bump, echo, fill, range, total } from './fixtures/tasks.js';

afterAll(() => shutdownSchedulers());

const spoolDirs = () => readdirSync('/dev/shm').filter((d) => d.startsWith(`tusk-${process.pid}-`));
const spoolFiles = () => spoolDirs().flatMap((d) => readdirSync(`/dev/shm/${d}`));

test('processes: large typed arrays cross through spool files, which are then gone', async () => {
  const n = 2_000_000; // 16 MB, above the 1 MB spool threshold
  const x = delayed(range)(n);
  const [copy, sum] = await compute(delayed(echo)(x), delayed(total)(x), {
    scheduler: 'processes',
    workers: 2,
  });
  expect(copy).toBeInstanceOf(Float64Array);
  expect((copy as Float64Array).length).toBe(n);
  expect((copy as Float64Array)[n - 1]).toBe(n - 1);
  expect(sum).toBe(((n - 1) * n) / 2);
  expect(spoolDirs().length).toBeGreaterThan(0);
  expect(spoolFiles()).toEqual([]);
  await shutdownSchedulers();
  expect(spoolDirs()).toEqual([]);
});

test('threads: a SharedArrayBuffer-backed input is shared, not copied', async () => {
  const shared = new Float64Array(new SharedArrayBuffer(8 * 1000));
  const filled = await delayed(fill)(shared, 7).compute({ scheduler: 'threads', workers: 2 });
  expect(filled).toBe(1000);
  expect(shared[0]).toBe(7);
  expect(shared[999]).toBe(7);
});

test('threads: one value read by many jobs of a batch survives results being transferred', async () => {
  await using pool = new WorkerPool({ kind: 'threads', workers: 1 });
  // Short tasks first, so that the pool batches the readers below (one message, one copy of x).
  await pool.map(
    echo,
    Array.from({ length: 200 }, (_, i) => i),
    { chunksize: 1 },
  );
  const n = 10_000; // 80 kB: large enough to be transferred
  const x = delayed(range)(n);
  const readers = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? delayed(echo)(x) : delayed(total)(x)));
  const out = await compute(...readers, { scheduler: 'threads', pool });
  for (let i = 0; i < out.length; i++) {
    if (i % 2 === 0) {
      expect((out[i] as Float64Array).length).toBe(n);
      expect((out[i] as Float64Array)[1234]).toBe(1234);
    } else expect(out[i]).toBe(((n - 1) * n) / 2);
  }
});

test('threads: moveInputs hands a last reader its input without a copy; outputs are never moved', async () => {
  const x = delayed(range)(100_000);
  const y = delayed(range)(100_000);
  const [sx, vy, sy] = await compute(delayed(total)(x), y, delayed(total)(y), {
    scheduler: 'threads',
    workers: 2,
    moveInputs: true,
  });
  expect(sx).toBe((99_999 * 100_000) / 2);
  expect(sy).toBe(sx);
  expect((vy as Float64Array).length).toBe(100_000);
});

test('threads: with moveInputs the main thread gives up its copy to the last reader', async () => {
  const pool = new Pool({ kind: 'threads', workers: 1 });
  const graph = TaskGraph.from([task('x', range, [100_000]), task('s', total, [new Ref('x')])]);
  const run = async (moveInputs: boolean) => {
    const values = new Map<string, unknown>();
    const seen = new Map<string, unknown>();
    const store: ResultStore = {
      set: (k, v) => {
        values.set(k, v);
        seen.set(k, v);
      },
      get: (k) => values.get(k),
      delete: (k) => void values.delete(k),
    };
    const executor = new PoolExecutor(pool, { keys: ['s'], retries: 1, timeout: 0, moveInputs });
    const out = await runGraph(graph, ['s'], executor, { store });
    expect(out.get('s')).toBe((99_999 * 100_000) / 2);
    return (seen.get('x') as Float64Array).length;
  };
  try {
    expect(await run(false)).toBe(100_000); // copied: the main thread's array is intact
    expect(await run(true)).toBe(0); // moved: transferred to the worker
  } finally {
    await pool.terminate();
  }
});

describe.each(['threads', 'processes'])('%s', (scheduler) => {
  test('a value with a registered codec crosses both ways as itself', async () => {
    const p = delayed(makePoint)(3, 4);
    const [back, length] = await compute(delayed(swap)(p), delayed(norm)(new Point(6, 8)), {
      scheduler,
      workers: 2,
    });
    expect(back).toBeInstanceOf(Point);
    expect(back).toEqual(new Point(4, 3));
    expect(length).toBe(10);
  });
});

test.each([
  ['threads', 'thread'],
  ['processes', 'packed'],
] as const)('%s: a codec’s thread form is used to and from worker threads only', async (scheduler, form) => {
  const n = 100_000; // 800 kB: a large buffer, transferred from a thread worker
  const [made, arrived] = await compute(delayed(makeSamples)(n), delayed(arrivedAs)(makeSamples(n)), {
    scheduler,
    workers: 2,
  });
  expect(made).toBeInstanceOf(Samples);
  expect((made as Samples).via).toBe(form);
  expect((made as Samples).values[n - 1]).toBe(n - 1);
  expect(arrived).toEqual([form, ((n - 1) * n) / 2]);
});

test.each([
  ['small (in the message)', 1000],
  ['large (spooled)', 300_000],
])(
  'processes: a keepsBytes value passed from one process to the next is not encoded again on the main thread: %s',
  async (_, n) => {
    // Two readers keep the two tasks apart, so the value comes back to the main thread and goes out twice.
    const made = delayed(makePacked)(n);
    const before = encodes.count;
    const [sum, count] = await compute(delayed(sumPacked)(made), delayed(countPacked)(made), {
      scheduler: 'processes',
      workers: 2,
    });
    expect(sum).toBe(((n - 1) * n) / 2);
    expect(count).toBe(n);
    expect(encodes.count).toBe(before);
    // A value made here is encoded (once per message it goes in).
    const [own] = await compute(delayed(sumPacked)(makePacked(n)), { scheduler: 'processes', workers: 2 });
    expect(own).toBe(((n - 1) * n) / 2);
    expect(encodes.count).toBeGreaterThan(before);
  },
);

test('threads: shared-memory primitives reach the workers alive', async () => {
  const counter = new SharedValue('int32', 0);
  const parts = Array.from({ length: 4 }, () => delayed(bump)(counter, 500));
  await compute(...parts, { scheduler: 'threads', workers: 2 });
  expect(counter.peek()).toBe(2000);
});

test('processes: shared-memory primitives are refused, naming the task', async () => {
  const counter = new SharedValue('int32', 0);
  const task = delayed(bump)(counter, 1);
  const err = await task.compute({ scheduler: 'processes', workers: 2 }).catch((e) => e);
  expect(err).not.toBeInstanceOf(TaskError);
  expect(err.name).toBe('SharedMemoryUnavailableError');
  expect(err.message).toContain(task.key);
});
