/**
 * A task that reads thousands of inputs gets each one at its own position, on workers too: the
 * worker looks inputs up by key through a Map once a task has many dependencies (a scan for few),
 * including a key read twice. Checked against a plain loop.
 */

import { delayed } from '@tusk/core';
import { afterAll, describe, expect, test } from 'vitest';
import { shutdownSchedulers } from '../../src/index.js';
import { echo, weigh } from '../fixtures/tasks.js';
import { SCHEDULERS } from '../helpers/schedulers.js';

afterAll(() => shutdownSchedulers());

describe.each(SCHEDULERS)('a task with many inputs on %s', (scheduler) => {
  test('3,000 distinct inputs, each in its place', async () => {
    const n = 3000;
    const parts = Array.from({ length: n }, (_, i) => delayed(echo)(i * 7 + 1));
    const result = await delayed(weigh)({ xs: parts, scale: 2, tag: 'wide' }).compute({
      scheduler,
      workers: 2,
    });
    let expected = 0;
    for (let i = 0; i < n; i++) expected += i * 7 + 1;
    expect(result).toBe(`wide:${expected * 2}`);
  });

  test('the same input read at several positions among many', async () => {
    const shared = delayed(echo)(1000);
    const parts = Array.from({ length: 40 }, (_, i) => (i % 5 === 0 ? shared : delayed(echo)(i)));
    const out = (await delayed(echo)(parts).compute({ scheduler, workers: 2 })) as unknown as number[];
    expect(out).toEqual(Array.from({ length: 40 }, (_, i) => (i % 5 === 0 ? 1000 : i)));
  });
});
