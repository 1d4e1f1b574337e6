/**
 * The Monte Carlo π graph and its statistics: `chunks` independent `countHits` tasks (one random
 * stream each, see kernels.js), summed by a tree of `sumCounts` tasks (fan-in 8), so the reduction
 * is parallel too and no task receives thousands of inputs. Also used by bench/benchmarks/speedup.js.
 */

import { delayed } from '@tusk/core';
import { countHits, sumCounts } from './kernels.js';

const countHitsD = delayed(countHits, { pure: true });
const sumCountsD = delayed(sumCounts, { pure: true });

/**
 * The lazy count of darts inside the quarter circle: `chunks` × `samples` darts, seeded by `seed`.
 *
 * @example
 * const hits = await piGraph({ chunks: 8, samples: 1e6, seed: 42 }).compute({ scheduler: 'threads' });
 */
export function piGraph({ chunks, samples, seed }) {
  let level = [];
  for (let i = 0; i < chunks; i++) level.push(countHitsD(seed, i, samples));
  while (level.length > 1) {
    const next = [];
    for (let i = 0; i < level.length; i += 8) next.push(sumCountsD(...level.slice(i, i + 8)));
    level = next;
  }
  return level[0];
}

/**
 * The estimate of π from `hits` darts inside out of `n`, with its standard error: each dart is a
 * draw of 4·[inside], of mean π and standard deviation σ = 4·√(p(1 − p)), p = hits / n; the mean of
 * n of them has standard error σ / √n.
 *
 * @example
 * piStatistics(785_398, 1_000_000); // { estimate: 3.141592, sigma: 1.642, stderr: 0.00164 }
 */
export function piStatistics(hits, n) {
  const p = hits / n;
  const estimate = 4 * p;
  const sigma = 4 * Math.sqrt(p * (1 - p));
  return { estimate, sigma, stderr: sigma / Math.sqrt(n) };
}
