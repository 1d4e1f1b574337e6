/**
 * Faults on the distributed scheduler, with a real redis-server and real tusk-worker processes:
 * a worker killed mid-task (BullMQ stalled-job detection hands its job to another worker), a
 * driver killed mid-run (workers drop its jobs, the next run cleans up), Redis unreachable (a
 * clear error within seconds), runs on one queue kept apart, a failed run's queued tasks never
 * starting, and a job naming a module outside the worker's --modules (refused, never imported).
 */

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compute, delayed, TaskError } from '@tusk/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { add, fail, inc } from '../../schedulers/test/fixtures/tasks.js';
import { rejection } from '../../schedulers/test/helpers/rejection.js';
import { RedisConnectionError } from '../src/index.js';
import { doubleOnce, sleepThenTouch, slowIdentity } from './fixtures/tasks.js';
import { Cluster, type WorkerProcess } from './helpers/cluster.js';

let cluster: Cluster;
let workers: WorkerProcess[];

beforeAll(async () => {
  cluster = await Cluster.start('faults');
  // Short BullMQ locks, so a dead worker's job is retried within about a second.
  workers = await cluster.startWorkers(3, { lockDuration: 1000, stalledInterval: 300 });
});

afterAll(() => cluster?.stop());

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a worker killed mid-task: the job stalls, another worker runs it, the answer is right', async () => {
  const marker = join(cluster.dir, 'killed');
  const parts = [
    delayed(doubleOnce)(21, marker, 60_000),
    ...Array.from({ length: 10 }, (_, i) => delayed(inc)(i)),
  ];
  const running = compute(delayed(add)(parts[0], delayed(add)(parts[1], parts[2])), cluster.options());
  await until(() => existsSync(`${marker}.started`), 10_000, 'the task to start');
  const pid = Number(readFileSync(`${marker}.started`, 'utf8'));
  const victim = workers.find((w) => w.child.pid === pid)!;
  expect(victim).toBeDefined();
  await cluster.kill(victim);
  expect(await running).toEqual([42 + 1 + 2]);
  const retriedBy = Number(readFileSync(`${marker}.retried`, 'utf8'));
  expect(retriedBy).not.toBe(pid);
  expect(workers.some((w) => w.child.pid === retriedBy)).toBe(true);
  workers = workers.filter((w) => w !== victim);
  workers.push(await cluster.startWorker({ lockDuration: 1000, stalledInterval: 300 }));
});

test('Redis unreachable: RedisConnectionError within seconds, naming the address', async () => {
  const refused = (await rejection(
    delayed(inc)(1).compute({ scheduler: 'distributed', connection: 'redis://127.0.0.1:1', queue: 'q' }),
  )) as RedisConnectionError;
  expect(refused).toBeInstanceOf(RedisConnectionError);
  expect(refused.connection).toBe('redis://127.0.0.1:1');
  expect(refused.message).toMatch(/Cannot reach Redis at redis:\/\/127\.0\.0\.1:1 .*ECONNREFUSED/);
  // An address that never answers: the connect timeout, not a hang; the password is not shown.
  const t0 = Date.now();
  const silent = (await rejection(
    delayed(inc)(1).compute({
      scheduler: 'distributed',
      connection: 'redis://user:secret@10.255.255.1:6379',
      connectTimeout: 500,
    }),
  )) as RedisConnectionError;
  expect(silent).toBeInstanceOf(RedisConnectionError);
  expect(Date.now() - t0).toBeLessThan(5000);
  expect(silent.message).not.toContain('secret');
  expect(silent.message).toContain('redis://user:***@10.255.255.1:6379');
});

test('two runs at once on one queue never see each other’s values', async () => {
  // Same graph shape, so task indices (which name values in Redis) coincide; values differ.
  const build = (base: number) =>
    Array.from({ length: 300 }, (_, i) => delayed(add)(delayed(inc)(base + i), delayed(inc)(base)));
  const [a, b] = await Promise.all([
    compute(...build(0), cluster.options({ optimize: false })),
    compute(...build(100_000), cluster.options({ optimize: false })),
  ]);
  expect(a).toEqual(Array.from({ length: 300 }, (_, i) => i + 1 + 1));
  expect(b).toEqual(Array.from({ length: 300 }, (_, i) => 100_000 + i + 1 + 100_001));
  expect(await cluster.keys('tusk:faults:run:*')).toEqual([]);
  expect(await cluster.redis().smembers('tusk:faults:runs')).toEqual([]);
});

test('after a task fails, the run’s queued tasks never start', async () => {
  // 6 worker slots: the failure comes first; 40 slow tasks queue behind it.
  const paths = Array.from({ length: 40 }, (_, i) => join(cluster.dir, `queued-${i}`));
  const slow = paths.map((p) => delayed(sleepThenTouch)(p, 300));
  const err = (await rejection(compute(delayed(fail)('first'), ...slow, cluster.options()))) as TaskError;
  expect(err).toBeInstanceOf(TaskError);
  await new Promise((r) => setTimeout(r, 1200));
  // At most the tasks already running when the run failed (one per free slot) may finish.
  expect(paths.filter((p) => existsSync(p)).length).toBeLessThanOrEqual(6);
  expect(await cluster.keys('tusk:faults:run:*')).toEqual([]);
});

test('a module outside the worker’s --modules is refused and never imported', async () => {
  const marker = join(cluster.dir, 'imported');
  const module = join(cluster.dir, 'evil.mjs');
  writeFileSync(
    module,
    `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'imported');\nexport function evil() { return 1; }\n`,
  );
  const evil = delayed(
    function evil() {
      return 1;
    },
    { module: pathToFileURL(module).href },
  );
  const err = (await rejection(evil().compute(cluster.options()))) as TaskError;
  expect(err).toBeInstanceOf(TaskError);
  expect(err.functionName).toBe('evil');
  expect((err.cause as Error).name).toBe('ModuleNotAllowedError');
  expect((err.cause as Error).message).toContain(pathToFileURL(module).href);
  expect((err.cause as Error).message).toContain('--modules');
  expect(existsSync(marker)).toBe(false);
});

test('the driver killed mid-run: workers drop its jobs, the next run cleans up and is right', async () => {
  const driver = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      new URL('./fixtures/driver.ts', import.meta.url).pathname,
      cluster.url,
      'faults',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: new URL('..', import.meta.url).pathname },
  );
  let out = '';
  driver.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  driver.stderr.on('data', (c: Buffer) => {
    out += c.toString();
  });
  try {
    await until(() => out.includes('started'), 20_000, `the driver to start (${out})`);
    const gone = new Promise((r) => driver.once('exit', r));
    driver.kill('SIGKILL');
    await gone;
  } finally {
    driver.kill('SIGKILL');
  }
  const runs = await cluster.redis().smembers('tusk:faults:runs');
  expect(runs).toHaveLength(1);
  expect((await cluster.keys(`tusk:faults:run:${runs[0]}:v:*`)).length).toBeGreaterThan(0);
  // Its alive key expires (aliveTtl 1 s); the workers then skip its jobs and go idle.
  const queue = cluster.redis();
  await until(
    async () => (await queue.exists(`tusk:faults:run:${runs[0]}:alive`)) === 0,
    5000,
    'the alive key to expire',
  );
  await until(
    async () =>
      (await queue.zcard('bull:faults:prioritized')) +
        (await queue.llen('bull:faults:wait')) +
        (await queue.llen('bull:faults:active')) ===
      0,
    15_000,
    'the workers to drop the dead run’s jobs',
  );
  // A new run on the same queue: right answer, and nothing of the dead run is left.
  const parts = Array.from({ length: 20 }, (_, i) => delayed(slowIdentity)(i, 1));
  expect(await compute(...parts, cluster.options())).toEqual(Array.from({ length: 20 }, (_, i) => i));
  expect(await cluster.keys('tusk:faults:run:*')).toEqual([]);
  expect(await cluster.redis().smembers('tusk:faults:runs')).toEqual([]);
});

// Last: it stops this file's redis-server.
test('the driver’s events connection killed mid-run: the run settles (right answer, or a clear error), no hang', async () => {
  const parts = Array.from({ length: 4 }, (_, i) => delayed(slowIdentity)(i, 1500));
  const t0 = Date.now();
  const running = compute(...parts, cluster.options()).then(
    (values) => ({ values }),
    (err: unknown) => ({ err }),
  );
  const admin = cluster.redis();
  try {
    let killed = 0;
    for (let tries = 0; killed === 0 && tries < 50; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      const list = (await admin.client('LIST')) as string;
      for (const line of list.split('\n')) {
        const id = /\bid=(\d+)/.exec(line)?.[1];
        const name = /\bname=(\S*)/.exec(line)?.[1] ?? '';
        // QueueEvents' blocking reader: BullMQ names it after the queue, with a ':qe' suffix.
        if (id !== undefined && name.endsWith(':qe')) {
          await admin.client('KILL', 'ID', id);
          killed++;
        }
      }
    }
    expect(killed).toBeGreaterThan(0);
    const out = await running;
    expect(Date.now() - t0).toBeLessThan(15_000);
    if ('values' in out) expect(out.values).toEqual([0, 1, 2, 3]);
    else expect(out.err).toBeInstanceOf(RedisConnectionError);
  } finally {
    admin.disconnect();
  }
});

test('Redis lost during a run: RedisConnectionError, not a hang', async () => {
  const parts = Array.from({ length: 40 }, (_, i) => delayed(slowIdentity)(i, 200));
  let finished = 0;
  const running = rejection(
    compute(...parts, cluster.options({ callbacks: [{ taskFinish: () => finished++ }] })),
  );
  await until(() => finished > 0, 10_000, 'the first task to finish');
  const t0 = Date.now();
  cluster.redisProcess.kill('SIGKILL');
  const err = (await running) as RedisConnectionError;
  expect(err).toBeInstanceOf(RedisConnectionError);
  expect(err.message).toContain(cluster.url);
  expect(Date.now() - t0).toBeLessThan(5000);
});
