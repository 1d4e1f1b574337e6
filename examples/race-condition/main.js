/**
 * Race conditions and locks: four worker threads each add 1 to a shared counter many times.
 *
 *   - without a lock, each increment is "read the counter, work a little, write it back"; two
 *     workers that read the same value both write value + 1, so one of the two updates is lost;
 *   - with a Lock around the same read-work-write, only one worker at a time is inside it: no loss;
 *   - with Atomics.add (SharedArray.add), the read-modify-write is one indivisible instruction: no
 *     loss, and no lock needed.
 *
 * The workers receive the counter, the lock and a start Barrier as plain forms (`encodeShared`), the
 * way the threads scheduler passes them as task arguments, and revive them on their side.
 *
 *   npx tsc -b && node examples/race-condition/main.js [--workers 4] [--increments 20000]
 */

import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { Barrier, encodeShared, Lock, SharedArray } from '@tusk/schedulers';

const { values: args } = parseArgs({
  options: {
    workers: { type: 'string', default: '4' },
    increments: { type: 'string', default: '20000' },
  },
});
const workers = Number(args.workers);
const increments = Number(args.increments);

/** Run `workers` threads incrementing one fresh counter `increments` times each; return its final value. */
async function count(mode) {
  const counter = new SharedArray('int32', 1);
  const lock = new Lock();
  const start = new Barrier(workers); // all workers begin together, so they really overlap
  const task = encodeShared({ mode, counter, lock, start, increments });
  await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise((resolve, reject) => {
          const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: task });
          worker.once('error', reject);
          worker.once('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`)),
          );
        }),
    ),
  );
  return counter.load(0);
}

const expected = workers * increments;
console.log(`${workers} workers x ${increments} increments each (expected ${expected}):`);
for (const [mode, label] of [
  ['unlocked', 'no lock'],
  ['lock', 'with Lock'],
  ['atomic', 'Atomics.add'],
]) {
  const total = await count(mode);
  const lost = expected - total;
  console.log(`  ${label.padEnd(12)} ${String(total).padStart(9)}${lost ? `   (${lost} updates lost)` : ''}`);
}
