/**
 * WorkerPool, the futures API, with real workers: submit / apply / map / starmap, settling maps,
 * asCompleted, cancelling a queued future, per-call and per-chunk timeouts, crashes inside a
 * settling map, shared-memory primitives as arguments (shared on threads, refused on processes),
 * close / terminate / await using, and running a graph on a WorkerPool.
 */

import {
  CancelledError,
  ConfigError,
  delayed,
  FunctionReferenceError,
  moduleRef,
  TaskError,
} from '@tusk/core';
import { afterAll, describe, expect, test } from 'vitest';
import {
  asCompleted,
  Lock,
  PoolClosedError,
  type Settled,
  SharedArray,
  SharedValue,
  TaskTimeoutError,
  WorkerCrashedError,
  WorkerPool,
} from '../../src/index.js';
import {
  add,
  bump,
  double,
  exitIfNegative,
  fail,
  inc,
  incLater,
  lockedBumps,
  sleep,
  spin,
  tenTimesNonNegative,
} from '../fixtures/tasks.js';
import { waitFor } from '../helpers/processes.js';
import { rejection } from '../helpers/rejection.js';

const threads = new WorkerPool({ kind: 'threads', workers: 2 });
const processes = new WorkerPool({ kind: 'processes', workers: 2 });

afterAll(async () => {
  await threads.terminate();
  await processes.terminate();
});

describe.each([
  ['threads', threads],
  ['processes', processes],
] as const)('%s', (_kind, pool) => {
  test('submit returns a Future of the value', async () => {
    const f = pool.submit(add, 2, 3);
    expect(f).toBeInstanceOf(Promise);
    expect(await f).toBe(5);
    expect(f.state).toBe('fulfilled');
    expect(await pool.submit(incLater, 1, 1)).toBe(2);
  });

  test('a failing call rejects with TaskError carrying the worker-side stack', async () => {
    const f = pool.submit(fail, 'nope');
    const err = (await rejection(f)) as TaskError;
    expect(err).toBeInstanceOf(TaskError);
    expect(err.functionName).toBe('fail');
    expect((err.cause as Error).name).toBe('RangeError');
    expect(err.taskStack).toContain('fixtures/tasks.ts');
    expect(f.state).toBe('rejected');
  });

  test('map keeps item order, in chunks of any size', async () => {
    const items = Array.from({ length: 25 }, (_, i) => i);
    const expected = items.map((i) => 2 * i);
    expect(await pool.map(double, items)).toEqual(expected);
    expect(await pool.map(double, items, { chunksize: 1 })).toEqual(expected);
    expect(await pool.map(double, items, { chunksize: 7 })).toEqual(expected);
    expect(await pool.map(double, [])).toEqual([]);
  });

  test('map with ordered: false gives every result, in completion order', async () => {
    const out = await pool.map(double, [1, 2, 3, 4, 5, 6], { chunksize: 2, ordered: false });
    expect([...out].sort((a, b) => a - b)).toEqual([2, 4, 6, 8, 10, 12]);
  });

  test('starmap spreads each item as arguments', async () => {
    expect(
      await pool.starmap(add, [
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    ).toEqual([3, 7, 11]);
  });

  test('map fails fast with the failing item in the key', async () => {
    const err = (await rejection(pool.map(fail, ['a', 'b', 'c'], { chunksize: 3 }))) as TaskError;
    expect(err).toBeInstanceOf(TaskError);
    expect(err.key).toMatch(/^fail-map\d+,0$/);
    expect((err.cause as Error).message).toBe('a');
  });

  test('map with settle: true collects failures beside successes', async () => {
    const out = (await pool.starmap(
      moduleRef(new URL('../fixtures/tasks.ts', import.meta.url), 'add'),
      [
        [1, 2],
        [3, 4],
      ],
      { settle: true },
    )) as Settled<number>[];
    expect(out).toEqual([
      { status: 'fulfilled', value: 3 },
      { status: 'fulfilled', value: 7 },
    ]);
    const mixed = await pool.map(fail, ['x', 'y'], { settle: true, chunksize: 1 });
    expect(mixed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const reason = (mixed[1] as { reason: TaskError }).reason;
    expect(reason).toBeInstanceOf(TaskError);
    expect((reason.cause as Error).message).toBe('y');
  });

  test('asCompleted yields futures as they settle', async () => {
    const slow = pool.submit(sleep, 400);
    const quick = pool.submit(sleep, 1);
    const failing = pool.submit(fail, 'late');
    const order: unknown[] = [];
    for await (const f of asCompleted([slow, quick, failing])) order.push(f);
    expect(order).toHaveLength(3);
    expect(order[2]).toBe(slow);
    expect(new Set(order)).toEqual(new Set([slow, quick, failing]));
    await expect(failing).rejects.toBeInstanceOf(TaskError);
  });

  test('a per-call timeout stops a stuck call; the pool goes on', async () => {
    const err = (await rejection(pool.apply(spin, [600_000], { timeout: 200 }))) as TaskTimeoutError;
    expect(err).toBeInstanceOf(TaskTimeoutError);
    expect(err.functionName).toBe('spin');
    expect(await pool.submit(inc, 41)).toBe(42);
  });

  test('settle: successes and failures of one chunk side by side, in item order', async () => {
    const items = [1, -2, 3, -4, 5];
    const out = await pool.map(tenTimesNonNegative, items, { chunksize: 5, settle: true });
    expect(out.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([
      10,
      'failed',
      30,
      'failed',
      50,
    ]);
    const reasons = out
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as { reason: TaskError }).reason);
    expect(reasons.map((e) => e.key)).toEqual([expect.stringMatching(/,1$/), expect.stringMatching(/,3$/)]);
    expect(reasons.map((e) => (e.cause as Error).message)).toEqual(['negative: -2', 'negative: -4']);
    const err = (await rejection(pool.map(tenTimesNonNegative, items, { chunksize: 5 }))) as TaskError;
    expect(err.key).toMatch(/^tenTimesNonNegative-map\d+,1$/);
  });

  test('settle: an item that kills its worker is rejected with WorkerCrashedError; the others succeed', async () => {
    const out = await pool.map(exitIfNegative, [1, -1, 2], { chunksize: 1, settle: true });
    expect(out.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const reason = (out[1] as { reason: WorkerCrashedError }).reason;
    expect(reason).toBeInstanceOf(WorkerCrashedError);
    expect(reason.functionName).toBe('exitIfNegative');
    expect(reason.exitCode).toBe(5);
    expect(reason.attempts).toBe(2);
    expect([(out[0] as { value: number }).value, (out[2] as { value: number }).value]).toEqual([1, 2]);
  });

  test('map with a timeout fails fast with TaskTimeoutError naming the mapped function', async () => {
    const err = (await rejection(
      pool.map(spin, [1, 600_000, 1], { chunksize: 1, timeout: 300 }),
    )) as TaskTimeoutError;
    expect(err).toBeInstanceOf(TaskTimeoutError);
    expect(err.functionName).toBe('spin');
    expect(err.key).toMatch(/^spin-map\d+,1$/);
    expect(await pool.submit(inc, 1)).toBe(2);
  });

  test('graphs run on a WorkerPool', async () => {
    const x = delayed(add)(delayed(inc)(1), 10);
    expect(await x.compute({ scheduler: pool.kind, pool })).toBe(12);
  });
});

test('a closure is refused at once', () => {
  expect(() => threads.submit((x: number) => x, 1)).toThrow(FunctionReferenceError);
  expect(() => threads.map((x: number) => x, [1])).toThrow(FunctionReferenceError);
});

test('a WorkerPool of the wrong kind for the scheduler is refused', async () => {
  await expect(delayed(inc)(1).compute({ scheduler: 'processes', pool: threads })).rejects.toBeInstanceOf(
    ConfigError,
  );
});

test('cancel() stops a queued call, not a running one', async () => {
  await using pool = new WorkerPool({ workers: 1 });
  const running = pool.submit(spin, 300);
  const queued = pool.submit(inc, 1);
  await waitFor(() => running.state === 'running', 30_000, 'the first call to start');
  expect(queued.state).toBe('pending');
  expect(queued.cancel()).toBe(true);
  expect(queued.state).toBe('cancelled');
  await expect(queued).rejects.toBeInstanceOf(CancelledError);
  expect(running.cancel()).toBe(false);
  expect(await running).toBe(300);
});

test('cancel() stops a queued call on processes too', async () => {
  await using pool = new WorkerPool({ kind: 'processes', workers: 1 });
  const running = pool.submit(spin, 300);
  const queued = pool.submit(inc, 1);
  await waitFor(() => running.state === 'running', 30_000, 'the first call to start');
  expect(queued.cancel()).toBe(true);
  await expect(queued).rejects.toBeInstanceOf(CancelledError);
  expect(await running).toBe(300);
});

test('threads: a Lock and a SharedArray passed as arguments are shared by the calls', async () => {
  const lock = new Lock();
  const counter = new SharedArray('int32', 1);
  const done = await threads.starmap(
    lockedBumps,
    [
      [lock, counter, 3000],
      [lock, counter, 3000],
      [lock, counter, 3000],
      [lock, counter, 3000],
    ],
    { chunksize: 1 },
  );
  expect(done).toEqual([3000, 3000, 3000, 3000]);
  expect(counter.load(0)).toBe(12_000);
  expect(lock.locked).toBe(false);
});

test('processes: a shared primitive as an argument is a clear error, not a hang', async () => {
  const value = new SharedValue('int32', 0);
  const err = (await rejection(processes.submit(bump, value, 1))) as Error;
  expect(err.name).toBe('SharedMemoryUnavailableError');
  expect(err.message).toMatch(/SharedValue/);
  const mapped = (await rejection(
    processes.starmap(lockedBumps, [[new Lock(), new SharedArray('int32', 1), 1]]),
  )) as Error;
  expect(mapped.name).toBe('SharedMemoryUnavailableError');
  expect(value.peek()).toBe(0);
  expect(await processes.submit(inc, 1)).toBe(2);
});

test('close() lets queued work finish, then refuses new work', async () => {
  const pool = new WorkerPool({ workers: 1 });
  const futures = [1, 2, 3].map((x) => pool.submit(incLater, x, 20));
  await pool.close();
  expect(await Promise.all(futures)).toEqual([2, 3, 4]);
  expect(() => pool.submit(inc, 1)).toThrow(PoolClosedError);
});

test('terminate() rejects unfinished calls with CancelledError', async () => {
  const pool = new WorkerPool({ kind: 'processes', workers: 1 });
  const stuck = pool.submit(spin, 600_000);
  const waiting = pool.submit(inc, 1);
  const outcomes = [rejection(stuck), rejection(waiting)];
  await waitFor(() => stuck.state === 'running', 30_000, 'the first call to start');
  await pool.terminate();
  const [a, b] = await Promise.all(outcomes);
  expect(a).toBeInstanceOf(CancelledError);
  expect(b).toBeInstanceOf(CancelledError);
});

test('await using closes the pool at the end of the scope', async () => {
  let escaped: WorkerPool;
  {
    await using pool = new WorkerPool({ workers: 1 });
    escaped = pool;
    expect(await pool.submit(inc, 1)).toBe(2);
  }
  expect(() => escaped.submit(inc, 1)).toThrow(PoolClosedError);
});
