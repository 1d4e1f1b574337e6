/**
 * Patterns of the WorkerPool futures API (Tusk's concurrent.futures / multiprocessing.Pool), each
 * section printing what it shows: map, starmap, asCompleted, timeouts, and partial results when
 * some items fail. The functions that run on workers are in tasks.js; the patterns in patterns.js.
 *
 *   npx tsc -b && node examples/pool-patterns/main.js [--kind threads|processes] [--workers 2]
 */

import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { WorkerPool } from '@tusk/schedulers';
import {
  asCompletedPattern,
  mapPattern,
  partialPattern,
  starmapPattern,
  timeoutPattern,
} from './patterns.js';

const { values: args } = parseArgs({
  options: {
    kind: { type: 'string', default: 'threads' },
    workers: { type: 'string', default: String(availableParallelism()) },
  },
});
if (args.kind !== 'threads' && args.kind !== 'processes') {
  throw new Error(`--kind must be 'threads' or 'processes', got '${args.kind}'.`);
}

const pool = new WorkerPool({ kind: args.kind, workers: Number(args.workers) });
console.log(`A WorkerPool of ${pool.workers} ${pool.kind}.`);
try {
  const sections = [
    () => mapPattern(pool, { n: 300_000, chunksize: 10_000 }),
    () => starmapPattern(pool, { limit: 2_000_000, parts: 8 }),
    () => asCompletedPattern(pool, { delays: [400, 50, 250, 120] }),
    () => timeoutPattern(pool, { stuckMs: 60_000, timeout: 300 }),
    () =>
      partialPattern(pool, {
        lines: ['oslo,-3.5', 'lima,19', 'cairo', 'perth,24.5', 'quito,warm', 'nuuk,-11'],
        spins: [20, 60_000, 20],
        timeout: 300,
      }),
  ];
  for (const [i, run] of sections.entries()) {
    const { title, lines } = await run();
    console.log(`\n${i + 1}. ${title}`);
    for (const line of lines) console.log(`   ${line}`);
  }
} finally {
  await pool.close(); // or, in TypeScript: `await using pool = new WorkerPool(...)`
}
