/**
 * The scheduler conformance suite: the same graphs, the same answers, the same errors, on every
 * scheduler (dask's GetFunctionTestMixin; graphology's specs(Graph)). Cases that only make sense
 * with workers (crashes, timeouts, refusing closures) run on threads and processes, with real
 * workers. Fixtures live in fixtures/tasks.ts.
 */

import { existsSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import {
  type Callbacks,
  CancelledError,
  ConfigError,
  compute,
  type Delayed,
  delayed,
  FunctionReferenceError,
  TaskError,
  UnknownSchedulerError,
  withConfig,
} from '@tusk/core';
import { afterAll, describe, expect, test } from 'vitest';

/** A case that does not apply to this scheduler is not part of its suite (not registered). */
const skipCase = (..._args: unknown[]): void => {};

import { shutdownSchedulers, TaskTimeoutError, WorkerCrashedError, WorkerPool } from '../src/index.js';
import {
  add,
  crashOnce,
  double,
  echo,
  exitWorker,
  fail,
  failLater,
  inc,
  incLater,
  range,
  sleep,
  spin,
  sum,
  throwLater,
  total,
  touch,
  touchLater,
  weigh,
  whereAmI,
} from './fixtures/tasks.js';
import { freshPath, on, SCHEDULERS } from './helpers/schedulers.js';

afterAll(() => shutdownSchedulers());

const dInc = delayed(inc);
const dAdd = delayed(add);
const dDouble = delayed(double);
const dSum = delayed(sum);

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the computation to fail');
}

describe.each(SCHEDULERS)('%s', (scheduler) => {
  const workers = scheduler !== 'synchronous';

  test('a chain of delayed calls, fused or not', async () => {
    //  1 → inc → inc → … (20 times) → 21
    let x: Delayed<number> = dInc(1);
    for (let i = 1; i < 20; i++) x = dInc(x);
    expect(await x.compute(on(scheduler))).toBe(21);
    expect(await x.compute(on(scheduler, { optimize: false }))).toBe(21);
  });

  test('fan-out and fan-in', async () => {
    //        ┌ double(0) ┐
    //  xs ───┼ double(1) ┼── sum
    //        └ double(…) ┘
    const parts = Array.from({ length: 50 }, (_, i) => dDouble(dInc(i)));
    expect(await dSum(parts).compute(on(scheduler))).toBe(2 * ((50 * 51) / 2));
  });

  test('many small tasks in one run', async () => {
    const parts = Array.from({ length: 2000 }, (_, i) => dAdd(dInc(i), 1));
    const values = await compute(...parts, on(scheduler, { optimize: false }));
    expect(values).toEqual(Array.from({ length: 2000 }, (_, i) => i + 2));
  });

  test('nested arguments: arrays and objects holding delayed values', async () => {
    const spec = { xs: [dInc(1), dInc(2), 3], scale: dInc(9), tag: 'w', $tusk: 'not a marker' };
    expect(await delayed(weigh)(spec).compute(on(scheduler))).toBe('w:80');
    const [echoed] = await compute(delayed(echo)(spec), on(scheduler));
    expect(echoed).toEqual({ xs: [2, 3, 3], scale: 10, tag: 'w', $tusk: 'not a marker' });
  });

  test('async functions run and their values flow on', async () => {
    const parts = Array.from({ length: 20 }, (_, i) => delayed(incLater)(i, 2));
    expect(await dSum(parts).compute(on(scheduler))).toBe((20 * 21) / 2);
  });

  test('typed arrays cross both ways', async () => {
    const x = delayed(range)(100_000);
    const [a, s, s2] = await compute(
      delayed(echo)(x),
      delayed(total)(x),
      delayed(total)(delayed(echo)(x)),
      on(scheduler),
    );
    expect(a).toBeInstanceOf(Float64Array);
    expect((a as Float64Array).length).toBe(100_000);
    expect((a as Float64Array)[99_999]).toBe(99_999);
    expect(s).toBe((99_999 * 100_000) / 2);
    expect(s2).toBe(s);
  });

  test('a task that throws rejects with TaskError: key, function, worker-side stack', async () => {
    const bad = delayed(fail)('no good');
    const err = (await rejection(dInc(bad).compute(on(scheduler)))) as TaskError;
    expect(err).toBeInstanceOf(TaskError);
    expect(err.key).toBe(bad.key);
    expect(err.functionName).toBe('fail');
    expect((err.cause as Error).name).toBe('RangeError');
    expect((err.cause as Error).message).toBe('no good');
    expect(err.taskStack).toContain('fixtures/tasks.ts');
    expect(err.message).toContain('no good');
  });

  test('a rejected promise fails the run the same way', async () => {
    const bad = delayed(failLater)('later');
    const err = (await rejection(bad.compute(on(scheduler)))) as TaskError;
    expect(err).toBeInstanceOf(TaskError);
    expect(err.key).toBe(bad.key);
    expect((err.cause as Error).name).toBe('TypeError');
  });

  test('after a failure, other work is cancelled and the scheduler is usable again', async () => {
    const slow = Array.from({ length: 6 }, () => delayed(sleep)(200));
    const err = await rejection(compute(delayed(fail)('first'), ...slow, on(scheduler)));
    expect(err).toBeInstanceOf(TaskError);
    expect(await dAdd(dInc(1), 2).compute(on(scheduler))).toBe(4);
  });

  (workers ? test : skipCase)('after a failure, the tasks in flight and queued never finish', async () => {
    //  fail ─┐
    //  touchLater(marker 0 … 5, 400 ms) ─┴─ (one run)
    const markers = Array.from({ length: 6 }, (_, i) => freshPath(`cancelled-${i}`));
    const slow = markers.map((m) => delayed(touchLater)(m, 400));
    try {
      const err = await rejection(compute(delayed(failLater)('first'), ...slow, on(scheduler)));
      expect(err).toBeInstanceOf(TaskError);
      await new Promise((r) => setTimeout(r, 800)); // twice as long as any of them needed
      expect(markers.filter((m) => existsSync(m))).toEqual([]);
    } finally {
      for (const m of markers) rmSync(m, { force: true });
    }
  });

  test('an AbortSignal cancels the run', async () => {
    const controller = new AbortController();
    const running = compute(
      delayed(sleep)(10_000),
      delayed(sleep)(10_000),
      on(scheduler, { signal: controller.signal }),
    );
    setTimeout(() => controller.abort('enough'), 50);
    const err = await rejection(running);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as Error).message).toContain('enough');
    expect(await dInc(1).compute(on(scheduler))).toBe(2);
  });

  test('an unknown scheduler name lists the valid ones', async () => {
    const err = (await rejection(
      dInc(1).compute({ scheduler: `${scheduler}-nope` }),
    )) as UnknownSchedulerError;
    expect(err).toBeInstanceOf(UnknownSchedulerError);
    expect(err.available).toEqual(expect.arrayContaining(['auto', 'synchronous', 'threads', 'processes']));
  });

  (workers ? skipCase : test)('closures run', async () => {
    const local = delayed((x: number) => x * 3);
    expect(await local(dInc(1)).compute(on(scheduler))).toBe(6);
  });

  (workers ? test : skipCase)('a closure is refused before anything runs', async () => {
    const marker = freshPath('closure');
    const local = delayed(function triple(x: unknown) {
      return x;
    });
    const err = (await rejection(
      compute(delayed(touch)(marker), local(dInc(1)), on(scheduler)),
    )) as FunctionReferenceError;
    expect(err).toBeInstanceOf(FunctionReferenceError);
    expect(err.functionName).toBe('triple');
    expect(err.message).toContain('delayed(triple, { module: import.meta.url })');
    expect(err.message).toContain('defineTasks(import.meta.url, { triple })');
    expect(existsSync(marker)).toBe(false);
  });

  (workers ? test : skipCase)('a crashing task is retried, then fails with WorkerCrashedError', async () => {
    const dead = delayed(exitWorker)(7);
    const err = (await rejection(dead.compute(on(scheduler, { retries: 1 })))) as WorkerCrashedError;
    expect(err).toBeInstanceOf(WorkerCrashedError);
    expect(err.key).toBe(dead.key);
    expect(err.functionName).toBe('exitWorker');
    expect(err.exitCode).toBe(7);
    expect(err.attempts).toBe(2);
    expect(await dInc(1).compute(on(scheduler))).toBe(2);
  });

  (workers ? test : skipCase)('a task that crashed once succeeds on its retry', async () => {
    const marker = freshPath('crash-once');
    try {
      const [v, w] = await compute(delayed(crashOnce)(marker), dInc(1), on(scheduler));
      expect([v, w]).toEqual(['recovered', 2]);
    } finally {
      rmSync(marker, { force: true });
    }
  });

  (workers ? test : skipCase)(
    'an error thrown asynchronously kills the worker: WorkerCrashedError',
    async () => {
      const dead = delayed(throwLater)('async boom');
      const err = (await rejection(dead.compute(on(scheduler, { retries: 0 })))) as WorkerCrashedError;
      expect(err).toBeInstanceOf(WorkerCrashedError);
      expect(err.key).toBe(dead.key);
      expect(err.functionName).toBe('throwLater');
      expect(err.exitCode).toBe(1);
    },
  );

  (workers ? test : skipCase)(
    'a task past its timeout fails with TaskTimeoutError; its worker is replaced',
    async () => {
      const stuck = delayed(spin)(600_000);
      const err = (await rejection(
        compute(stuck, dInc(1), on(scheduler, { timeout: 300 })),
      )) as TaskTimeoutError;
      expect(err).toBeInstanceOf(TaskTimeoutError);
      expect(err.key).toBe(stuck.key);
      expect(err.functionName).toBe('spin');
      expect(err.timeout).toBe(300);
      expect(await dInc(1).compute(on(scheduler))).toBe(2);
    },
  );

  (workers ? test : skipCase)('aborting stops a task that never yields', async () => {
    const controller = new AbortController();
    const running = compute(delayed(spin)(600_000), on(scheduler, { signal: controller.signal }));
    setTimeout(() => controller.abort('stop spinning'), 100);
    expect(await rejection(running)).toBeInstanceOf(CancelledError);
    // Both workers must be free again: the spinning one was killed and replaced.
    const [a, b] = await compute(delayed(spin)(1), delayed(spin)(1), on(scheduler));
    expect([a, b]).toEqual([1, 1]);
  });

  (workers ? test : skipCase)('runs share one pool per kind and size', async () => {
    const first = await compute(
      ...Array.from({ length: 8 }, () => delayed(whereAmI)()),
      on(scheduler, { optimize: false }),
    );
    const second = await compute(
      ...Array.from({ length: 8 }, () => delayed(whereAmI)()),
      on(scheduler, { optimize: false }),
    );
    const workersSeen = new Set([...first, ...second].map((w) => `${w.pid}/${w.thread}`));
    expect(workersSeen.size).toBeLessThanOrEqual(2);
  });

  (workers ? test : skipCase)('callbacks hear every task, with the worker that ran it', async () => {
    const seen: { key: string; worker: string }[] = [];
    const cb: Callbacks = { taskFinish: (info) => seen.push({ key: info.key, worker: info.worker }) };
    const parts = Array.from({ length: 10 }, (_, i) => dInc(i));
    await compute(dSum(parts), on(scheduler, { callbacks: [cb], optimize: false }));
    expect(seen).toHaveLength(11);
    for (const s of seen)
      expect(s.worker).toMatch(scheduler === 'threads' ? /^thread-\d+$/ : /^process-\d+$/);
  });
});

test('the scheduler, workers and retries can come from the configuration', async () => {
  const seen: { scheduler: string; workers: number }[] = [];
  const cb: Callbacks = { start: (info) => seen.push({ scheduler: info.scheduler, workers: info.workers }) };
  const err = await withConfig({ scheduler: 'processes', workers: 2, retries: 0 }, () =>
    rejection(delayed(exitWorker)(3).compute({ callbacks: [cb] })),
  );
  expect(seen).toEqual([{ scheduler: 'processes', workers: 2 }]);
  expect((err as WorkerCrashedError).attempts).toBe(1);
});

test('workers defaults to os.availableParallelism(), for runs and for a WorkerPool', async () => {
  const seen: number[] = [];
  const cb: Callbacks = { start: (info) => seen.push(info.workers) };
  await dInc(1).compute({ scheduler: 'threads', callbacks: [cb] });
  await dInc(2).compute({ scheduler: 'processes', callbacks: [cb] });
  expect(seen).toEqual([availableParallelism(), availableParallelism()]);
  await using pool = new WorkerPool();
  expect(pool.workers).toBe(availableParallelism());
  expect(pool.kind).toBe('threads');
});

test('bad option values are refused with ConfigError', async () => {
  await expect(dInc(1).compute({ scheduler: 'threads', retries: -1 })).rejects.toBeInstanceOf(ConfigError);
  await expect(dInc(1).compute({ scheduler: 'threads', timeout: 'soon' })).rejects.toBeInstanceOf(
    ConfigError,
  );
  await expect(dInc(1).compute({ scheduler: 'processes', workers: 0 })).rejects.toBeInstanceOf(ConfigError);
});

test("'auto' runs portable graphs on threads and graphs with closures synchronously", async () => {
  const names: string[] = [];
  const cb: Callbacks = { start: (info) => names.push(info.scheduler) };
  await dInc(1).compute({ callbacks: [cb], workers: 2 });
  await delayed((x: number) => x)(1).compute({ callbacks: [cb] });
  expect(names).toEqual(['threads', 'synchronous']);
});
