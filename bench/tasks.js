/**
 * The tiny task functions benchmarks call, as named exports registered with `defineTasks`, so the
 * same graphs run on every scheduler: the synchronous one calls them directly, worker threads and
 * processes import this module by URL. Their Python twins live in bench/peers/dask_scheduling.py.
 */

import { defineTasks } from '@tusk/core';

/** `x + 1`. */
export function inc(x) {
  return x + 1;
}

/** `a + b`. */
export function add(a, b) {
  return a + b;
}

/** The sum of an array of numbers. */
export function total(xs) {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

defineTasks(import.meta.url, { inc, add, total });
