// Kernels for measure-tasks.mjs, in their own module so workers can import them.
import { defineTasks } from '@tusk/core';

export const inc = (x) => x + 1;
export const add = (a, b) => a + b;
export const make = (n) => new Float64Array(n).fill(2);
export function total(a) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

defineTasks(import.meta.url, { inc, add, make, total });
