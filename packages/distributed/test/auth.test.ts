/**
 * A Redis that requires a password: the password travels in the URL (or as ioredis options) to
 * the driver and the workers; a wrong one is a clear RedisConnectionError that does not show it.
 */

import { compute, delayed, withConfig } from '@tusk/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { add, inc } from '../../schedulers/test/fixtures/tasks.js';
import { RedisConnectionError } from '../src/index.js';
import { Cluster } from './helpers/cluster.js';

let cluster: Cluster;

beforeAll(async () => {
  cluster = await Cluster.start('auth', 's3cret-pw');
  await cluster.startWorkers(1);
});

afterAll(() => cluster?.stop());

test('the password in the URL, or as ioredis options, reaches Redis', async () => {
  const parts = Array.from({ length: 20 }, (_, i) => delayed(add)(delayed(inc)(i), i));
  const want = Array.from({ length: 20 }, (_, i) => 2 * i + 1);
  expect(await compute(...parts, cluster.options())).toEqual(want);
  const asOptions = { host: '127.0.0.1', port: cluster.port, password: 's3cret-pw' };
  expect(await compute(...parts, cluster.options({ connection: asOptions }))).toEqual(want);
  expect(await cluster.keys('tusk:auth:run:*')).toEqual([]);
});

test('a wrong password: RedisConnectionError, password masked', async () => {
  const err = await compute(delayed(inc)(1), {
    scheduler: 'distributed',
    connection: `redis://:wrong-pw@127.0.0.1:${cluster.port}`,
    queue: 'auth',
  }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RedisConnectionError);
  expect((err as Error).message).not.toContain('wrong-pw');
  expect((err as Error).message).toMatch(/WRONGPASS|invalid username-password/i);
});

test('the connection and queue can come from the configuration', async () => {
  const value = await withConfig(
    { scheduler: 'distributed', distributed: { connection: cluster.url, queue: 'auth' } },
    () => delayed(add)(delayed(inc)(1), 2).compute(),
  );
  expect(value).toBe(4);
});
