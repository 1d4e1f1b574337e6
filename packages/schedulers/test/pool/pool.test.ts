/**
 * The worker pool with real workers, on what the conformance suite does not see: small tasks are
 * batched (several per message) and their results stream back before the batch ends; a timeout
 * stops the stuck worker itself and blames the job that really hung; the default of one retry;
 * and no worker outlives its pool — threads (counted in /proc/self/task) and child processes,
 * after close() and terminate(), including in a plain program that awaits them.
 */

import { existsSync, readdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compute, delayed } from '@tusk/core';
import { afterAll, describe, expect, test } from 'vitest';
import { poolOf } from '../../src/futures/worker-pool.js';
import { shutdownSchedulers, TaskTimeoutError, WorkerCrashedError, WorkerPool } from '../../src/index.js';
import { echo, exitWorker, inc, incLater, readThenSpin, spin, whereAmI } from '../fixtures/tasks.js';
import { alive, childrenOf, runScript, waitFor } from '../helpers/processes.js';
import { rejection } from '../helpers/rejection.js';

afterAll(() => shutdownSchedulers());

const threadCount = () => readdirSync('/proc/self/task').length;
const notApplicable = (..._args: unknown[]): void => {};
const built = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** A pool whose batch size has grown: many tiny jobs have been measured. */
async function warmPool(kind: 'threads' | 'processes', workers: number): Promise<WorkerPool> {
  const pool = new WorkerPool({ kind, workers });
  for (let i = 0; i < 3; i++) {
    await Promise.all(Array.from({ length: 300 }, (_, j) => pool.submit(echo, j)));
  }
  return pool;
}

describe.each(['threads', 'processes'] as const)('%s', (kind) => {
  test('an async job that computes after its await is measured: it goes one per message, not batched', async () => {
    // A warm pool batches tiny jobs by the dozen. Async jobs that then keep the CPU busy (a read,
    // then a parse) must count as long, or a batch of them would queue behind one worker while
    // another idles.
    const pool = await warmPool(kind, 2);
    try {
      await Promise.all(Array.from({ length: 6 }, () => pool.submit(readThenSpin, 20)));
      const before = poolOf(pool).stats;
      await Promise.all(Array.from({ length: 8 }, () => pool.submit(readThenSpin, 20)));
      const after = poolOf(pool).stats;
      expect(after.jobs - before.jobs).toBe(8);
      expect(after.batches - before.batches).toBe(8);
    } finally {
      await pool.close();
    }
  });

  test('tiny tasks travel several to a message; results stream back before the batch ends', async () => {
    const pool = await warmPool(kind, 1);
    try {
      const before = poolOf(pool).stats;
      const values = await Promise.all(Array.from({ length: 2000 }, (_, i) => pool.submit(inc, i)));
      expect(values).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
      const after = poolOf(pool).stats;
      const batches = after.batches - before.batches;
      expect(after.jobs - before.jobs).toBe(2000);
      expect(batches).toBeLessThanOrEqual(200); // ≥ 10 jobs per message on average
      // One message holding a quick job and a slow one: the quick result arrives on its own.
      const mark = poolOf(pool).stats.batches;
      const quick = pool.submit(inc, 1);
      const slow = pool.submit(spin, 1500);
      expect(await quick).toBe(2);
      expect(slow.state).toBe('running');
      expect(poolOf(pool).stats.batches - mark).toBe(1);
      expect(await slow).toBe(1500);
    } finally {
      await pool.terminate();
    }
  });

  test('a timeout stops the stuck worker itself, and the pool starts a new one', async () => {
    await using pool = new WorkerPool({ kind, workers: 1 });
    const first = await pool.submit(whereAmI);
    const err = (await rejection(pool.apply(spin, [600_000], { timeout: 250 }))) as TaskTimeoutError;
    expect(err).toBeInstanceOf(TaskTimeoutError);
    const next = await pool.submit(whereAmI);
    if (kind === 'processes') {
      expect(next.pid).not.toBe(first.pid);
      await waitFor(() => !alive(first.pid), 5_000, 'the stuck process to be gone');
    } else expect(next.thread).not.toBe(first.thread);
  });

  test('a timed job after a pending async job on the same worker: the hung job is blamed', async () => {
    // Regression: the worker started the blocking job while the async one was pending, so the
    // async job stayed the oldest unfinished one and timed out in the blocking job's place.
    const pool = await warmPool(kind, 1);
    try {
      const later = pool.apply(incLater, [1, 30], { timeout: 400 });
      const stuck = pool.apply(spin, [600_000], { timeout: 400 });
      const stuckErr = rejection(stuck);
      expect(await later).toBe(2);
      const err = (await stuckErr) as TaskTimeoutError;
      expect(err).toBeInstanceOf(TaskTimeoutError);
      expect(err.functionName).toBe('spin');
      // A settling map whose function is first loaded asynchronously: only the stuck item fails.
      const out = await pool.map(spin, [5, 600_000, 5], { chunksize: 1, timeout: 400, settle: true });
      expect(out.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const reason = (out[1] as { reason: TaskTimeoutError }).reason;
      expect(reason).toBeInstanceOf(TaskTimeoutError);
      expect(reason.functionName).toBe('spin'); // the mapped function, not the chunk kernel
    } finally {
      await pool.terminate();
    }
  });

  test('by default a crashing task is retried once', async () => {
    const dead = delayed(exitWorker)(9);
    const err = (await rejection(dead.compute({ scheduler: kind, workers: 2 }))) as WorkerCrashedError;
    expect(err).toBeInstanceOf(WorkerCrashedError);
    expect(err.attempts).toBe(2);
    await using pool = new WorkerPool({ kind, workers: 1 });
    const viaPool = (await rejection(pool.submit(exitWorker, 9))) as WorkerCrashedError;
    expect(viaPool.attempts).toBe(2);
    const twice = (await rejection(
      compute(delayed(exitWorker)(8), { scheduler: kind, workers: 2, retries: 2 }),
    )) as WorkerCrashedError;
    expect(twice.attempts).toBe(3);
    expect(await pool.submit(inc, 1)).toBe(2);
  });
});

test('no worker thread outlives close() or terminate()', async () => {
  await readdir('/proc/self'); // start libuv's threads before counting
  const baseline = threadCount();
  for (const stop of ['close', 'terminate'] as const) {
    const pool = new WorkerPool({ kind: 'threads', workers: 3 });
    const places = await Promise.all(Array.from({ length: 6 }, () => pool.submit(spin, 50)));
    expect(places).toHaveLength(6);
    expect(threadCount()).toBeGreaterThanOrEqual(baseline + 3);
    await pool[stop]();
    await waitFor(() => threadCount() <= baseline, 5_000, `the threads to end after ${stop}()`);
  }
});

test('no child process outlives close() or await using', async () => {
  let pids: number[] = [];
  {
    await using pool = new WorkerPool({ kind: 'processes', workers: 2 });
    const places = await pool.map(whereAmI as (x: number) => ReturnType<typeof whereAmI>, [1, 2, 3, 4], {
      chunksize: 1,
    });
    pids = [...new Set(places.map((p) => p.pid))];
    for (const pid of pids) expect(childrenOf(process.pid)).toContain(pid);
  }
  for (const pid of pids) expect(alive(pid)).toBe(false);
  const pool = new WorkerPool({ kind: 'processes', workers: 2 });
  const pid = (await pool.submit(whereAmI)).pid;
  await pool.close();
  expect(alive(pid)).toBe(false);
});

describe('programs using the built package', () => {
  (existsSync(built) ? test : notApplicable)(
    'a program that awaits close() or terminate() of idle pools runs on to its end',
    async () => {
      // Regression: an idle child process is unref'd; killing it without a ref let the program run
      // out of events before the exit was reported, ending with exit code 13 (unsettled await).
      const out = await runScript(fileURLToPath(new URL('../fixtures/close-then-exit.mjs', import.meta.url)));
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      expect(JSON.parse(out.stdout)).toEqual({
        'threads-close': 2,
        'threads-terminate': 2,
        'processes-close': 2,
        'processes-terminate': 2,
      });
    },
  );
});
