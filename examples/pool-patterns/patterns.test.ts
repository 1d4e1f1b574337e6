/**
 * Smoke test of the pool-patterns example: every section on tiny inputs with real workers, its
 * values and printed numbers checked against values computed here by other means (a memoised
 * Collatz count, a sieve of Eratosthenes, a regular expression for valid readings).
 */

import { TaskError } from '@tusk/core';
import { TaskTimeoutError, WorkerPool } from '@tusk/schedulers';
import { afterAll, describe, expect, test } from 'vitest';
import {
  asCompletedPattern,
  mapPattern,
  partialPattern,
  starmapPattern,
  timeoutPattern,
} from './patterns.js';

const threads = new WorkerPool({ kind: 'threads', workers: 2 });
const processes = new WorkerPool({ kind: 'processes', workers: 2 });
afterAll(async () => {
  await threads.terminate();
  await processes.terminate();
});

/** Collatz steps of 1…n by memoised recursion over a table (not the kernel's loop). */
function collatzTable(n: number): number[] {
  const memo = new Map<number, number>([[1, 0]]);
  const steps = (m: number): number => {
    const known = memo.get(m);
    if (known !== undefined) return known;
    const s = 1 + steps(m % 2 === 0 ? m / 2 : 3 * m + 1);
    memo.set(m, s);
    return s;
  };
  return Array.from({ length: n }, (_, i) => steps(i + 1));
}

/** Primes in [lo, hi) by a sieve of Eratosthenes up to `limit`. */
function sieveCounts(limit: number, ranges: number[][]): number[] {
  const composite = new Uint8Array(limit);
  for (let p = 2; p * p < limit; p++)
    if (!composite[p]) for (let q = p * p; q < limit; q += p) composite[q] = 1;
  return ranges.map(([lo, hi]) => {
    let c = 0;
    for (let n = Math.max(2, lo); n < hi; n++) if (!composite[n]) c++;
    return c;
  });
}

describe.each([
  ['threads', threads],
  ['processes', processes],
] as const)('%s', (_kind, pool) => {
  test('map: values, longest chain and total match a memoised count', async () => {
    const { data, lines } = await mapPattern(pool, { n: 3000, chunksize: 170 });
    const expected = collatzTable(3000);
    expect(data.steps).toEqual(expected);
    const max = Math.max(...expected);
    expect(data.longest).toEqual({ n: expected.indexOf(max) + 1, steps: max });
    const total = expected.reduce((a, b) => a + b, 0);
    expect([...data.unordered].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    expect(lines[0]).toContain(`ran ${Math.ceil(3000 / 170)} jobs`);
    expect(lines[1]).toContain(`n = ${(expected.indexOf(max) + 1).toLocaleString('en-US')} (${max} steps)`);
    expect(lines[1]).toContain(`${total.toLocaleString('en-US')} steps in all`);
  });

  test('starmap: prime counts per range match a sieve', async () => {
    const { data, lines } = await starmapPattern(pool, { limit: 10_000, parts: 3 });
    expect(data.ranges).toEqual([
      [0, 3334],
      [3334, 6668],
      [6668, 10_000],
    ]);
    expect(data.counts).toEqual(sieveCounts(10_000, data.ranges));
    expect(data.total).toBe(1229); // π(10⁴)
    expect(lines.at(-1)).toContain('1,229 primes below 10,000');
  });
});

test('asCompleted: with room for every call, results come shortest delay first', async () => {
  const pool = new WorkerPool({ kind: 'threads', workers: 2 }); // fresh: 2 calls per worker at first
  try {
    const delays = [400, 20, 200];
    const { data, lines } = await asCompletedPattern(pool, { delays });
    expect(data.order).toEqual([1, 2, 0]);
    // The order agrees with when each future's own then() ran.
    const bySettle = [0, 1, 2].sort((a, b) => data.settledAt[a] - data.settledAt[b]);
    expect(data.order).toEqual(bySettle);
    expect(lines[1]).toMatch(/x = 2 \(delay 20 ms\) → 4$/);
    expect(lines[3]).toMatch(/x = 1 \(delay 400 ms\) → 1$/);
  } finally {
    await pool.close();
  }
});

test('timeouts: the stuck call fails with TaskTimeoutError and the pool goes on', async () => {
  const { data, lines } = await timeoutPattern(threads, { stuckMs: 60_000, timeout: 200 });
  expect(data.timedOut).toBe(true);
  expect(data.error).toBeInstanceOf(TaskTimeoutError);
  expect(data.error.timeout).toBe(200);
  expect(data.after).toBe(111); // Collatz steps of 27, a classic
  expect(lines[0]).toContain('TaskTimeoutError after');
  expect(lines[2]).toContain('collatzSteps(27) = 111');
});

test('partial results: fail fast names the first bad item; settle keeps the good ones', async () => {
  const input = ['a,1', 'b,2.5', 'c', 'd,-4', 'e,hot', 'f,7'];
  const valid = /^[a-z]+,-?\d+(\.\d+)?$/;
  const { data, lines } = await partialPattern(threads, {
    lines: input,
    spins: [5, 60_000, 5],
    timeout: 300,
  });
  const firstBad = input.findIndex((l) => !valid.test(l));
  expect(data.failFast).toBeInstanceOf(TaskError);
  expect(data.failFast.key).toMatch(new RegExp(`^parseReading-map\\d+,${firstBad}$`));
  expect(data.settled.map((r: { status: string }) => r.status)).toEqual(
    input.map((l) => (valid.test(l) ? 'fulfilled' : 'rejected')),
  );
  expect(data.settled[3]).toEqual({ status: 'fulfilled', value: { station: 'd', celsius: -4 } });
  expect(data.mean).toBeCloseTo((1 + 2.5 - 4 + 7) / 4, 12);
  expect(lines).toContain('Mean of the 4 good readings: 1.63 °C.');
  expect(data.timed.map((r: { status: string }) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(data.timed[1].reason).toBeInstanceOf(TaskTimeoutError);
  expect(lines.at(-1)).toMatch(/: 5 ms, TaskTimeoutError, 5 ms$/);
});
