/**
 * The scheduler conformance suite (suite/conformance.ts) on synchronous, threads and processes,
 * with real workers, plus the cases about choosing and configuring these schedulers.
 */

import { availableParallelism } from 'node:os';
import { type Callbacks, ConfigError, delayed, withConfig } from '@tusk/core';
import { afterAll, describe, expect, test } from 'vitest';
import { shutdownSchedulers, type WorkerCrashedError, WorkerPool } from '../src/index.js';
import { exitWorker, inc } from './fixtures/tasks.js';
import { rejection } from './helpers/rejection.js';
import { on, SCHEDULERS } from './helpers/schedulers.js';
import { type Capabilities, schedulerConformance } from './suite/conformance.js';

afterAll(() => shutdownSchedulers());

const dInc = delayed(inc);

const CAPABILITIES: Record<(typeof SCHEDULERS)[number], Capabilities> = {
  synchronous: { workers: false, cancelsRunning: false, pool: false },
  threads: { workers: true, cancelsRunning: true, pool: true, workerName: /^thread-\d+$/ },
  processes: { workers: true, cancelsRunning: true, pool: true, workerName: /^process-\d+$/ },
};

describe.each(SCHEDULERS)('%s', (scheduler) => {
  schedulerConformance({
    scheduler,
    options: (extra) => on(scheduler, extra),
    can: CAPABILITIES[scheduler],
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
