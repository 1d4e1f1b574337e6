/** Batch sizing (pool/batching.ts): slow start, many short jobs per batch, long jobs one at a time. */

import { expect, test } from 'vitest';
import { BatchPolicy } from '../../src/pool/batching.js';

test('one job at a time before anything is measured', () => {
  const p = new BatchPolicy();
  expect(p.batchSize).toBe(1);
  expect(p.perWorker).toBe(2);
});

test('short jobs are batched and pipelined; long jobs go one by one', () => {
  const p = new BatchPolicy();
  p.observe(0.5, 100); // 5 µs per job
  expect(p.batchSize).toBe(256);
  expect(p.perWorker).toBe(512);
  for (let i = 0; i < 20; i++) p.observe(50, 10); // 5 ms per job
  expect(p.batchSize).toBe(1);
  expect(p.perWorker).toBe(1);
  for (let i = 0; i < 20; i++) p.observe(0.5, 1); // 0.5 ms per job
  expect(p.batchSize).toBeGreaterThanOrEqual(3); // about 2 ms of work per batch
  expect(p.batchSize).toBeLessThanOrEqual(4);
  expect(p.perWorker).toBe(2 * p.batchSize);
});

test('messages without synchronous jobs change nothing', () => {
  const p = new BatchPolicy();
  p.observe(3, 0);
  expect(p.batchSize).toBe(1);
});
