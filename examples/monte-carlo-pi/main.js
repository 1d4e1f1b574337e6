/**
 * π by the dartboard method, on every scheduler: throw darts at the unit square, count those inside
 * the quarter circle, and 4 × (inside / thrown) estimates π.
 *
 * The work is `--chunks` independent tasks of `--samples` darts. Each chunk has its own random
 * stream seeded by (seed, chunk index) — not by worker — so a chunk throws the same darts wherever it
 * runs, and the estimate is bit-identical on the synchronous, threads and processes schedulers.
 * The program prints the estimate, its standard error σ/√n, the time on each scheduler (median of
 * `--repeats` runs, after one warm-up run that starts the workers), and checks that the three
 * estimates are the same 64-bit number.
 *
 *   npx tsc -b && node examples/monte-carlo-pi/main.js [--chunks 64] [--samples 1000000] [--seed 42]
 *                                                      [--workers N] [--repeats 3]
 */

import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import '@tusk/schedulers';
import { piGraph, piStatistics } from './graph.js';

const { values: args } = parseArgs({
  options: {
    chunks: { type: 'string', default: '64' },
    samples: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    workers: { type: 'string', default: String(availableParallelism()) },
    repeats: { type: 'string', default: '3' },
  },
});
const chunks = Number(args.chunks);
const samples = Number(args.samples);
const seed = Number(args.seed);
const workers = Number(args.workers);
const repeats = Number(args.repeats);
const n = chunks * samples;
if (!Number.isSafeInteger(n) || chunks < 1 || samples < 1)
  throw new Error('--chunks and --samples must be ≥ 1');

/** The bits of a double, as hex: equal strings mean bit-identical numbers. */
function bits(x) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

console.log(
  `π by Monte Carlo: ${chunks} chunks × ${samples.toLocaleString('en-US')} darts = ` +
    `${n.toLocaleString('en-US')} darts, seed ${seed}, ${workers} workers, ${availableParallelism()} cores\n`,
);

const results = [];
for (const scheduler of ['synchronous', 'threads', 'processes']) {
  const options = { scheduler, workers };
  // Warm-up: starts the pool's workers and compiles the kernel there (not timed).
  await piGraph({ chunks: workers, samples: 100_000, seed }).compute(options);
  const times = [];
  let hits;
  for (let r = 0; r < repeats; r++) {
    const graph = piGraph({ chunks, samples, seed });
    const t0 = performance.now();
    hits = await graph.compute(options);
    times.push(performance.now() - t0);
  }
  results.push({ scheduler, hits, ms: median(times), ...piStatistics(hits, n) });
}

const sync = results[0];
console.log(
  'scheduler     estimate of π        bits of the double    std error   time (median)  vs synchronous',
);
for (const r of results) {
  console.log(
    `${r.scheduler.padEnd(12)}  ${r.estimate.toFixed(12)}  ${bits(r.estimate)}  ${r.stderr.toExponential(2)}` +
      `  ${`${r.ms.toFixed(0)} ms`.padStart(13)}  ${`${(sync.ms / r.ms).toFixed(2)}×`.padStart(14)}`,
  );
}

const { estimate, sigma, stderr } = sync;
const off = estimate - Math.PI;
console.log(
  `\nπ ≈ ${estimate.toFixed(6)} ± ${stderr.toFixed(6)} (one standard error: σ/√n = ` +
    `${sigma.toFixed(4)}/√${n.toLocaleString('en-US')}); Math.PI − estimate = ${(-off).toExponential(2)}, ` +
    `${Math.abs(off / stderr).toFixed(2)} standard errors.`,
);
const identical = results.every((r) => r.hits === sync.hits && bits(r.estimate) === bits(sync.estimate));
console.log(
  identical
    ? `Identical on all three schedulers: ${sync.hits.toLocaleString('en-US')} darts inside, estimate bits ${bits(estimate)}.`
    : `NOT identical: ${results.map((r) => `${r.scheduler} ${r.hits}`).join(', ')}.`,
);
process.exitCode = identical ? 0 : 1;
