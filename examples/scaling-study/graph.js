/**
 * The graph the scaling study times: one serial `prepare` task, then `chunks` independent `burn`
 * tasks that all read its result, then one `checksum` over them.
 *
 *   prepare ──┬── burn(0) ──┐
 *             ├── burn(1) ──┼── checksum
 *             └── burn(…) ──┘
 *
 * The work is counted in xorshift steps: `serialShare` of `steps` go to `prepare`, the rest are
 * split evenly over the chunks. Weak scaling grows the chunk count and keeps `prepare` fixed.
 */

import { delayed } from '@tusk/core';
import { burn, checksum, prepare } from './kernels.js';

const prepareD = delayed(prepare, { pure: true });
const burnD = delayed(burn, { pure: true });
const checksumD = delayed(checksum, { pure: true });

/**
 * How the work of a run is split: steps of the serial stage and of each chunk.
 *
 * @example
 * splitWork({ steps: 1000, serialShare: 0.1, chunks: 9 }); // { serialSteps: 100, chunkSteps: 100 }
 */
export function splitWork({ steps, serialShare, chunks }) {
  if (!(serialShare >= 0 && serialShare < 1)) {
    throw new RangeError(`serialShare must be in [0, 1), got ${serialShare}.`);
  }
  if (!Number.isInteger(chunks) || chunks < 1) throw new RangeError(`chunks must be ≥ 1, got ${chunks}.`);
  const serialSteps = Math.round(steps * serialShare);
  return { serialSteps, chunkSteps: Math.round((steps - serialSteps) / chunks) };
}

/**
 * The lazy checksum of one run: `prepare(seed, serialSteps)`, then `chunks` × `burn(…, chunkSteps)`.
 *
 * @example
 * const x = studyGraph({ seed: 7, serialSteps: 1e6, chunkSteps: 1e7, chunks: 16 });
 * await x.compute({ scheduler: 'threads', workers: 2 });
 */
export function studyGraph({ seed, serialSteps, chunkSteps, chunks }) {
  const start = prepareD(seed, serialSteps);
  const parts = Array.from({ length: chunks }, (_, i) => burnD(start, i, chunkSteps));
  return checksumD(...parts);
}
