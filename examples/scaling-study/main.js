/**
 * A scaling study: how much faster does a CPU-bound graph get with more workers, and where does
 * adding workers stop paying? The graph is a serial task followed by independent chunks and a
 * reduction (graph.js). It runs on threads and on processes with 1, 2 and 4 workers, first on the
 * same work (strong scaling: speedup, efficiency, Amdahl's serial fraction fitted by least
 * squares), then on work that grows with the workers (weak scaling: Gustafson's scaled speedup).
 *
 *   npx tsc -b && node examples/scaling-study/main.js [--workers 1,2,4] [--kinds threads,processes]
 *       [--steps 320] (millions of steps on one worker) [--chunks 16] [--serial 0.05] [--repeats 3]
 */

import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { analyseStudy, formatStudy, measureStudy } from './study.js';

const { values: args } = parseArgs({
  options: {
    workers: { type: 'string', default: '1,2,4' },
    kinds: { type: 'string', default: 'threads,processes' },
    steps: { type: 'string', default: '320' },
    chunks: { type: 'string', default: '16' },
    serial: { type: 'string', default: '0.05' },
    repeats: { type: 'string', default: '3' },
    seed: { type: 'string', default: '42' },
  },
});
const workerCounts = args.workers.split(',').map(Number);
const kinds = args.kinds.split(',');
for (const k of kinds) {
  if (k !== 'threads' && k !== 'processes') throw new Error(`--kinds: 'threads' or 'processes', got '${k}'.`);
}
if (
  workerCounts[0] !== 1 ||
  workerCounts.some((w, i) => !Number.isInteger(w) || (i > 0 && w <= workerCounts[i - 1]))
) {
  throw new Error(`--workers must be increasing whole numbers starting with 1, got '${args.workers}'.`);
}

const cores = availableParallelism();
const loadBefore = loadavg()[0];
console.log(
  `Scaling study on ${cores} cores (load average ${loadBefore.toFixed(1)}): ${kinds.join(' and ')}, ` +
    `${workerCounts.join(', ')} workers.`,
);
const raw = await measureStudy({
  kinds,
  workerCounts,
  steps: Number(args.steps) * 1e6,
  chunks: Number(args.chunks),
  serialShare: Number(args.serial),
  repeats: Number(args.repeats),
  seed: Number(args.seed),
});
const study = analyseStudy(raw, cores);
for (const line of formatStudy(study)) console.log(line);
// The load average counts this study too (up to the largest worker count): more than that is others.
const busy = Math.max(loadBefore, loadavg()[0] - Math.min(cores, workerCounts.at(-1)));
if (busy >= cores / 2) {
  console.log(
    `\nNOTE: other programs kept this machine busy (load average ${loadBefore.toFixed(1)} before, ` +
      `${loadavg()[0].toFixed(1)} after, on ${cores} cores): the speedups above measure contention for the ` +
      'cores more than Tusk. Run the study on a quiet machine.',
  );
}
process.exitCode = study.kinds.every((k) => k.consistent) ? 0 : 1;
