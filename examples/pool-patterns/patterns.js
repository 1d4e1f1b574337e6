/**
 * The patterns of the pool-patterns example, one function per section. Each takes a WorkerPool
 * and its inputs, runs the pattern, and returns `{ title, lines, data }`: what to print and the
 * values behind it (the smoke test checks those against values it computes itself).
 *
 *   mapPattern        pool.map over many items, in chunks; `ordered: false`
 *   starmapPattern    pool.starmap: each item spread as the arguments
 *   asCompletedPattern  asCompleted(futures): results in the order they finish, not submitted
 *   timeoutPattern    a per-call `timeout` stops a stuck call, and the pool goes on
 *   partialPattern    fail fast (the default) versus `settle: true`: failures beside successes
 */

import { asCompleted, TaskTimeoutError } from '@tusk/schedulers';
import { collatzSteps, countPrimes, parseReading, spin, squareLater } from './tasks.js';

const fmt = (n) => n.toLocaleString('en-US');

/**
 * map: Collatz chain lengths of 1…n, in chunks of `chunksize` items per job.
 *
 * @example
 * const { data } = await mapPattern(pool, { n: 1000, chunksize: 100 }); // data.longest.n === 871
 */
export async function mapPattern(pool, { n, chunksize }) {
  const items = Array.from({ length: n }, (_, i) => i + 1);
  const t0 = performance.now();
  const steps = await pool.map(collatzSteps, items, { chunksize });
  const ms = performance.now() - t0;
  let longest = 0;
  for (let i = 1; i < n; i++) if (steps[i] > steps[longest]) longest = i;
  const total = steps.reduce((a, b) => a + b, 0);
  const unordered = await pool.map(collatzSteps, items, { chunksize, ordered: false });
  const sameMultiset = unordered.reduce((a, b) => a + b, 0) === total && unordered.length === n;
  const jobs = Math.ceil(n / chunksize);
  return {
    title: 'map: one function over many items, in chunks',
    lines: [
      `pool.map(collatzSteps, [1 … ${fmt(n)}], { chunksize: ${fmt(chunksize)} }) ran ${jobs} jobs in ${ms.toFixed(0)} ms.`,
      `Results come back in item order: longest chain from n = ${fmt(longest + 1)} (${steps[longest]} steps); ` +
        `${fmt(total)} steps in all.`,
      `With { ordered: false } the same ${fmt(unordered.length)} results arrive in the order the chunks finish` +
        ` (${sameMultiset ? 'same total' : 'DIFFERENT total'}).`,
    ],
    data: { steps, longest: { n: longest + 1, steps: steps[longest] }, total, unordered },
  };
}

/**
 * starmap: primes below `limit`, counted in `parts` ranges `[lo, hi)`, one call per range.
 *
 * @example
 * const { data } = await starmapPattern(pool, { limit: 100, parts: 4 }); // data.total === 25
 */
export async function starmapPattern(pool, { limit, parts }) {
  const width = Math.ceil(limit / parts);
  const ranges = Array.from({ length: parts }, (_, i) => [i * width, Math.min(limit, (i + 1) * width)]);
  const counts = await pool.starmap(countPrimes, ranges, { chunksize: 1 });
  const total = counts.reduce((a, b) => a + b, 0);
  return {
    title: 'starmap: each item spread as the arguments',
    lines: [
      `pool.starmap(countPrimes, [[lo, hi], …]) over ${parts} ranges below ${fmt(limit)}:`,
      ...ranges.map(([lo, hi], i) => `  countPrimes(${fmt(lo)}, ${fmt(hi)}) = ${fmt(counts[i])}`),
      `${fmt(total)} primes below ${fmt(limit)}; later ranges hold fewer (density ≈ 1 / ln n).`,
    ],
    data: { ranges, counts, total },
  };
}

/**
 * asCompleted: submit `squareLater(x, delay)` for each delay; take results as they finish.
 *
 * @example
 * const { data } = await asCompletedPattern(pool, { delays: [300, 50, 150] }); // data.order: [1, 2, 0] with room for all
 */
export async function asCompletedPattern(pool, { delays }) {
  const t0 = performance.now();
  const futures = delays.map((ms, i) => pool.submit(squareLater, i + 1, ms));
  const index = new Map(futures.map((f, i) => [f, i]));
  const settledAt = delays.map(() => Number.NaN);
  futures.forEach((f, i) => {
    f.then(() => {
      settledAt[i] = performance.now() - t0;
    });
  });
  const order = [];
  const lines = [
    `Submitted squareLater(x, delay) for x = 1 … ${delays.length}, delays ${delays.join(', ')} ms:`,
  ];
  for await (const f of asCompleted(futures)) {
    const i = index.get(f);
    order.push(i);
    lines.push(
      `  after ${(performance.now() - t0).toFixed(0).padStart(5)} ms: x = ${i + 1} (delay ${delays[i]} ms) → ${await f}`,
    );
  }
  lines.push(
    'asCompleted yields each future as soon as it settles: completion order, not submission order.',
    'A call starts when a worker has room, so a short call queued behind long ones can still finish late.',
  );
  return { title: 'asCompleted: results in the order they finish', lines, data: { order, settledAt } };
}

/**
 * Timeouts: a call that would spin for `stuckMs` gets `timeout` ms; the pool then runs more work.
 *
 * @example
 * const { data } = await timeoutPattern(pool, { stuckMs: 60_000, timeout: 200 }); // data.error is a TaskTimeoutError
 */
export async function timeoutPattern(pool, { stuckMs, timeout }) {
  const t0 = performance.now();
  const error = await pool.apply(spin, [stuckMs], { timeout }).then(
    () => undefined,
    (e) => e,
  );
  const stoppedAfter = performance.now() - t0;
  const after = await pool.submit(collatzSteps, 27);
  const timedOut = error instanceof TaskTimeoutError;
  return {
    title: 'timeouts: a stuck call is stopped, the pool goes on',
    lines: [
      `pool.apply(spin, [${fmt(stuckMs)}], { timeout: ${timeout} }) → ${error?.name ?? 'no error'} after ` +
        `${stoppedAfter.toFixed(0)} ms:`,
      `  ${error?.message ?? '(the call finished in time)'}`,
      `A busy-waiting task cannot be interrupted from inside, so its worker was stopped and replaced;` +
        ` the next call ran normally: collatzSteps(27) = ${after}.`,
    ],
    data: { error, timedOut, stoppedAfter, after },
  };
}

/**
 * Partial results: parse `lines`; fail fast first, then `settle: true`; and a settling map with a
 * per-chunk timeout, where one item spins for `stuckMs`.
 *
 * @example
 * const { data } = await partialPattern(pool, { lines: ['a,1', 'b,x'], spins: [5, 60_000], timeout: 300 });
 */
export async function partialPattern(pool, { lines: input, spins, timeout }) {
  const out = [
    `Parsing ${input.length} readings, some malformed: ${input.map((l) => JSON.stringify(l)).join(', ')}`,
  ];
  const failFast = await pool.map(parseReading, input, { chunksize: 2 }).then(
    () => undefined,
    (e) => e,
  );
  out.push(
    `Fail fast (the default): the map rejects at the first failure, the other chunks are cancelled:`,
    `  ${failFast?.name}: ${failFast?.message}`,
  );
  const settled = await pool.map(parseReading, input, { chunksize: 2, settle: true });
  out.push(`With { settle: true } every item gets { status, value | reason }:`);
  settled.forEach((r, i) => {
    out.push(
      r.status === 'fulfilled'
        ? `  [${i}] fulfilled  ${r.value.station} ${r.value.celsius} °C`
        : `  [${i}] rejected   ${r.reason.cause?.message ?? r.reason.message}`,
    );
  });
  const good = settled.filter((r) => r.status === 'fulfilled').map((r) => r.value.celsius);
  const mean = good.reduce((a, b) => a + b, 0) / good.length;
  out.push(`Mean of the ${good.length} good readings: ${mean.toFixed(2)} °C.`);
  const timed = await pool.map(spin, spins, { chunksize: 1, timeout, settle: true });
  out.push(
    `pool.map(spin, [${spins.map(fmt).join(', ')}], { timeout: ${timeout}, settle: true }): ` +
      timed.map((r) => (r.status === 'fulfilled' ? `${r.value} ms` : r.reason.name)).join(', '),
  );
  return {
    title: 'partial results: failures beside successes',
    lines: out,
    data: { failFast, settled, mean, timed },
  };
}
