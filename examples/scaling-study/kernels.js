/**
 * The CPU-bound kernels of the scaling study: pure integer work (xorshift32 steps, Marsaglia 2003,
 * "Xorshift RNGs") whose cost is exactly proportional to the number of steps asked for, so a run's
 * work is known in advance and the serial and parallel parts can be sized on purpose.
 *
 *   prepare(seed, steps)          the serial stage: every chunk waits for its result;
 *   burn(start, chunk, steps)     one parallel chunk, started from the serial stage's state;
 *   checksum(...states)           the reduction: XOR of the chunks' final states.
 *
 * Kept apart from the graph building (graph.js) so workers import only this module.
 */

import { defineTasks } from '@tusk/core';

/**
 * Run `steps` xorshift32 steps from `state` (never 0) and return the final state, as uint32.
 *
 * @example
 * xorshiftSteps(1, 3); // 2647435461
 */
export function xorshiftSteps(state, steps) {
  let x = state | 0 || 1;
  for (let i = 0; i < steps; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  return x >>> 0;
}

/**
 * The serial stage: `steps` steps from `seed`.
 *
 * @example
 * prepare(42, 1000); // a uint32
 */
export function prepare(seed, steps) {
  return xorshiftSteps(seed, steps);
}

/**
 * One chunk: `steps` steps from the serial stage's state mixed with the chunk index.
 *
 * @example
 * burn(prepare(42, 10), 3, 1_000_000); // a uint32
 */
export function burn(start, chunk, steps) {
  return xorshiftSteps((start ^ Math.imul(chunk + 1, 0x9e3779b9)) >>> 0, steps);
}

/**
 * The XOR of the chunks' states (the same in any order).
 *
 * @example
 * checksum(1, 2, 4); // 7
 */
export function checksum(...states) {
  let x = 0;
  for (const s of states) x ^= s;
  return x >>> 0;
}

defineTasks(import.meta.url, { prepare, burn, checksum });
