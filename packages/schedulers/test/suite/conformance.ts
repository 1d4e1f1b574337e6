/**
 * The scheduler conformance suite: the same graphs, the same answers, the same errors, on every
 * scheduler (dask's GetFunctionTestMixin; graphology's specs(Graph)). `schedulerConformance`
 * registers the cases for one scheduler; conformance.test.ts runs it on synchronous, threads and
 * processes, and @tusk/distributed's tests on the distributed scheduler. Cases that only make
 * sense for some schedulers are chosen by capability flags, never by name. Fixtures live in
 * fixtures/tasks.ts.
 */

import { existsSync, rmSync } from 'node:fs';
import {
  type Callbacks,
  CancelledError,
  compute,
  type Delayed,
  delayed,
  FunctionReferenceError,
  TaskError,
  UnknownSchedulerError,
} from '@tusk/core';
import { expect, test } from 'vitest';
import { TaskTimeoutError, WorkerCrashedError } from '../../src/index.js';
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
} from '../fixtures/tasks.js';
import { rejection } from '../helpers/rejection.js';
import { freshPath } from '../helpers/schedulers.js';

/** What a scheduler under test can do (which cases apply to it). */
export interface Capabilities {
  /** Tasks run on workers: closures are refused before anything runs (else they run). */
  readonly workers: boolean;
  /** Tasks still running after a failure are stopped (their workers killed). */
  readonly cancelsRunning: boolean;
  /**
   * A local worker pool: crashed workers are replaced and their tasks retried (WorkerCrashedError),
   * per-task timeouts, killing a task that never yields, one shared pool per kind and size.
   */
  readonly pool: boolean;
  /** The worker names callbacks report. */
  readonly workerName?: RegExp;
}

/** A scheduler as the suite sees it. */
export interface SchedulerUnderTest {
  /** The name registered with registerScheduler. */
  readonly scheduler: string;
  /** compute() options for one run (scheduler name included), with `extra` merged in. */
  options(extra?: Record<string, unknown>): Record<string, unknown>;
  readonly can: Capabilities;
}

/** A case that does not apply to this scheduler is not part of its suite (not registered). */
const skipCase = (..._args: unknown[]): void => {};

const dInc = delayed(inc);
const dAdd = delayed(add);
const dDouble = delayed(double);
const dSum = delayed(sum);

/**
 * Register the conformance cases for one scheduler (call inside a describe block).
 *
 * @example
 * describe('threads', () => schedulerConformance({ scheduler: 'threads', options: (x) => ({ scheduler: 'threads', workers: 2, ...x }), can }));
 */
export function schedulerConformance(under: SchedulerUnderTest): void {
  const { scheduler, can } = under;
  const workers = can.workers;
  const on = (extra: Record<string, unknown> = {}) => under.options(extra);

  test('a chain of delayed calls, fused or not', async () => {
    //  1 → inc → inc → … (20 times) → 21
    let x: Delayed<number> = dInc(1);
    for (let i = 1; i < 20; i++) x = dInc(x);
    expect(await x.compute(on())).toBe(21);
    expect(await x.compute(on({ optimize: false }))).toBe(21);
  });

  test('fan-out and fan-in', async () => {
    //        ┌ double(0) ┐
    //  xs ───┼ double(1) ┼── sum
    //        └ double(…) ┘
    const parts = Array.from({ length: 50 }, (_, i) => dDouble(dInc(i)));
    expect(await dSum(parts).compute(on())).toBe(2 * ((50 * 51) / 2));
  });

  test('many small tasks in one run', async () => {
    const parts = Array.from({ length: 2000 }, (_, i) => dAdd(dInc(i), 1));
    const values = await compute(...parts, on({ optimize: false }));
    expect(values).toEqual(Array.from({ length: 2000 }, (_, i) => i + 2));
  });

  test('nested arguments: arrays and objects holding delayed values', async () => {
    const spec = { xs: [dInc(1), dInc(2), 3], scale: dInc(9), tag: 'w', $tusk: 'not a marker' };
    expect(await delayed(weigh)(spec).compute(on())).toBe('w:80');
    const [echoed] = await compute(delayed(echo)(spec), on());
    expect(echoed).toEqual({ xs: [2, 3, 3], scale: 10, tag: 'w', $tusk: 'not a marker' });
  });

  test('async functions run and their values flow on', async () => {
    const parts = Array.from({ length: 20 }, (_, i) => delayed(incLater)(i, 2));
    expect(await dSum(parts).compute(on())).toBe((20 * 21) / 2);
  });

  test('typed arrays cross both ways', async () => {
    const x = delayed(range)(100_000);
    const [a, s, s2] = await compute(
      delayed(echo)(x),
      delayed(total)(x),
      delayed(total)(delayed(echo)(x)),
      on(),
    );
    expect(a).toBeInstanceOf(Float64Array);
    expect((a as Float64Array).length).toBe(100_000);
    expect((a as Float64Array)[99_999]).toBe(99_999);
    expect(s).toBe((99_999 * 100_000) / 2);
    expect(s2).toBe(s);
  });

  test('a task that throws rejects with TaskError: key, function, worker-side stack', async () => {
    const bad = delayed(fail)('no good');
    const err = (await rejection(dInc(bad).compute(on()))) as TaskError;
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
    const err = (await rejection(bad.compute(on()))) as TaskError;
    expect(err).toBeInstanceOf(TaskError);
    expect(err.key).toBe(bad.key);
    expect((err.cause as Error).name).toBe('TypeError');
  });

  test('after a failure, other work is cancelled and the scheduler is usable again', async () => {
    const slow = Array.from({ length: 6 }, () => delayed(sleep)(200));
    const err = await rejection(compute(delayed(fail)('first'), ...slow, on()));
    expect(err).toBeInstanceOf(TaskError);
    expect(await dAdd(dInc(1), 2).compute(on())).toBe(4);
  });

  (workers && can.cancelsRunning ? test : skipCase)(
    'after a failure, the tasks in flight and queued never finish',
    async () => {
      //  fail ─┐
      //  touchLater(marker 0 … 5, 400 ms) ─┴─ (one run)
      const markers = Array.from({ length: 6 }, (_, i) => freshPath(`cancelled-${i}`));
      const slow = markers.map((m) => delayed(touchLater)(m, 400));
      try {
        const err = await rejection(compute(delayed(failLater)('first'), ...slow, on()));
        expect(err).toBeInstanceOf(TaskError);
        await new Promise((r) => setTimeout(r, 800)); // twice as long as any of them needed
        expect(markers.filter((m) => existsSync(m))).toEqual([]);
      } finally {
        for (const m of markers) rmSync(m, { force: true });
      }
    },
  );

  test('an AbortSignal cancels the run', async () => {
    const controller = new AbortController();
    const running = compute(
      delayed(sleep)(10_000),
      delayed(sleep)(10_000),
      on({ signal: controller.signal }),
    );
    setTimeout(() => controller.abort('enough'), 50);
    const err = await rejection(running);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as Error).message).toContain('enough');
    expect(await dInc(1).compute(on())).toBe(2);
  });

  test('an unknown scheduler name lists the valid ones', async () => {
    const err = (await rejection(
      dInc(1).compute({ scheduler: `${scheduler}-nope` }),
    )) as UnknownSchedulerError;
    expect(err).toBeInstanceOf(UnknownSchedulerError);
    expect(err.available).toEqual(
      expect.arrayContaining(['auto', 'synchronous', 'threads', 'processes', scheduler]),
    );
  });

  (workers ? skipCase : test)('closures run', async () => {
    const local = delayed((x: number) => x * 3);
    expect(await local(dInc(1)).compute(on())).toBe(6);
  });

  (workers ? test : skipCase)('a closure is refused before anything runs', async () => {
    const marker = freshPath('closure');
    const local = delayed(function triple(x: unknown) {
      return x;
    });
    const err = (await rejection(
      compute(delayed(touch)(marker), local(dInc(1)), on()),
    )) as FunctionReferenceError;
    expect(err).toBeInstanceOf(FunctionReferenceError);
    expect(err.functionName).toBe('triple');
    expect(err.message).toContain('delayed(triple, { module: import.meta.url })');
    expect(err.message).toContain('defineTasks(import.meta.url, { triple })');
    expect(existsSync(marker)).toBe(false);
  });

  (can.pool ? test : skipCase)('a crashing task is retried, then fails with WorkerCrashedError', async () => {
    const dead = delayed(exitWorker)(7);
    const err = (await rejection(dead.compute(on({ retries: 1 })))) as WorkerCrashedError;
    expect(err).toBeInstanceOf(WorkerCrashedError);
    expect(err.key).toBe(dead.key);
    expect(err.functionName).toBe('exitWorker');
    expect(err.exitCode).toBe(7);
    expect(err.attempts).toBe(2);
    expect(await dInc(1).compute(on())).toBe(2);
  });

  (can.pool ? test : skipCase)('a task that crashed once succeeds on its retry', async () => {
    const marker = freshPath('crash-once');
    try {
      const [v, w] = await compute(delayed(crashOnce)(marker), dInc(1), on());
      expect([v, w]).toEqual(['recovered', 2]);
    } finally {
      rmSync(marker, { force: true });
    }
  });

  (can.pool ? test : skipCase)(
    'an error thrown asynchronously kills the worker: WorkerCrashedError',
    async () => {
      const dead = delayed(throwLater)('async boom');
      const err = (await rejection(dead.compute(on({ retries: 0 })))) as WorkerCrashedError;
      expect(err).toBeInstanceOf(WorkerCrashedError);
      expect(err.key).toBe(dead.key);
      expect(err.functionName).toBe('throwLater');
      expect(err.exitCode).toBe(1);
    },
  );

  (can.pool ? test : skipCase)(
    'a task past its timeout fails with TaskTimeoutError; its worker is replaced',
    async () => {
      const stuck = delayed(spin)(600_000);
      const err = (await rejection(compute(stuck, dInc(1), on({ timeout: 300 })))) as TaskTimeoutError;
      expect(err).toBeInstanceOf(TaskTimeoutError);
      expect(err.key).toBe(stuck.key);
      expect(err.functionName).toBe('spin');
      expect(err.timeout).toBe(300);
      expect(await dInc(1).compute(on())).toBe(2);
    },
  );

  (can.pool ? test : skipCase)('aborting stops a task that never yields', async () => {
    const controller = new AbortController();
    const running = compute(delayed(spin)(600_000), on({ signal: controller.signal }));
    setTimeout(() => controller.abort('stop spinning'), 100);
    expect(await rejection(running)).toBeInstanceOf(CancelledError);
    // Both workers must be free again: the spinning one was killed and replaced.
    const [a, b] = await compute(delayed(spin)(1), delayed(spin)(1), on());
    expect([a, b]).toEqual([1, 1]);
  });

  (can.pool ? test : skipCase)('runs share one pool per kind and size', async () => {
    const first = await compute(
      ...Array.from({ length: 8 }, () => delayed(whereAmI)()),
      on({ optimize: false }),
    );
    const second = await compute(
      ...Array.from({ length: 8 }, () => delayed(whereAmI)()),
      on({ optimize: false }),
    );
    const workersSeen = new Set([...first, ...second].map((w) => `${w.pid}/${w.thread}`));
    expect(workersSeen.size).toBeLessThanOrEqual(2);
  });

  (workers ? test : skipCase)('callbacks hear every task, with the worker that ran it', async () => {
    const seen: { key: string; worker: string }[] = [];
    const cb: Callbacks = { taskFinish: (info) => seen.push({ key: info.key, worker: info.worker }) };
    const parts = Array.from({ length: 10 }, (_, i) => dInc(i));
    await compute(dSum(parts), on({ callbacks: [cb], optimize: false }));
    expect(seen).toHaveLength(11);
    for (const s of seen) expect(s.worker).toMatch(can.workerName ?? /./);
  });
}
