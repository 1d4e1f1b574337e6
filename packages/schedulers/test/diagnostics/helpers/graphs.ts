/**
 * Small delayed graphs for the diagnostics tests (run with the synchronous scheduler).
 *
 *     inc(0) inc(1) … inc(n-1)        n independent tasks
 *        \     |      /
 *           total                      one sum over all of them
 */

import { type Delayed, delayed } from '@tusk/core';

export const inc = delayed((x: number) => x + 1, { name: 'inc' });
export const double = delayed((x: number) => 2 * x, { name: 'double' });
export const total = delayed((xs: number[]) => xs.reduce((a, b) => a + b, 0), { name: 'total' });
export const sleepInc = delayed(
  (x: number, ms: number) => new Promise<number>((resolve) => setTimeout(() => resolve(x + 1), ms)),
  { name: 'sleep_inc' },
);
export const tickInc = delayed(
  (x: number) => new Promise<number>((resolve) => setImmediate(() => resolve(x + 1))),
  { name: 'tick_inc' },
);

/** total([double(inc(i)) for i < n]): 2n + 1 tasks, 3 functions. */
export function sumOfDoubles(n: number): Delayed<number> {
  const parts: Delayed<number>[] = [];
  for (let i = 0; i < n; i++) parts.push(double(inc(i)));
  return total(parts);
}

/** total([inc(i) for i < n]): n + 1 tiny tasks. */
export function manyTiny(n: number, f: typeof inc = inc): Delayed<number> {
  const parts: Delayed<number>[] = [];
  for (let i = 0; i < n; i++) parts.push(f(i));
  return total(parts);
}
