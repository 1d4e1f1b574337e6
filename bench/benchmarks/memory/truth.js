/**
 * The memory benchmark's answers by plain loops over `chunkValue` (no chunk is ever materialised, no
 * task kernel is called), against which Tusk's and Dask's results are checked. All values are integers
 * below 2^53, so the answers are exact and compared with `===`.
 */

import { chunkValue } from './kernels.js';

function chunkSum(i, length) {
  let s = 0;
  for (let j = 0; j < length; j++) s += chunkValue(i, j);
  return s;
}

/** The exact answer of `shape` over n chunks of `length` elements. */
export function truth(shape, n, length) {
  if (shape === 'persist') {
    // Each of the n consumers adds its chunk's sum and the barrier (n × length).
    let s = 0;
    for (let i = 0; i < n; i++) s += chunkSum(i, length) + n * length;
    return s;
  }
  if (shape === 'tree') {
    let s = 0;
    for (let i = 0; i < n; i++) s += chunkSum(i, length);
    return s;
  }
  if (shape === 'transpose') {
    // Output j is piece j of input 0, piece j of input 1, ...; its element at position p weighs (p % 7) + 1.
    const len = Math.floor(length / n);
    let s = 0;
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < len; k++) s += chunkValue(i, j * len + k) * (((i * len + k) % 7) + 1);
      }
    }
    return s;
  }
  throw new Error(`Unknown memory-benchmark shape '${shape}'.`);
}
