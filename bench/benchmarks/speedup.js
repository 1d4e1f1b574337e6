/**
 * Benchmark 'speedup': CPU-bound parallel speedup — Monte Carlo π with 1 and 2 workers, Tusk beside
 * Dask in one run.
 *
 * Work: `chunks` independent tasks of `samples` darts each (examples/monte-carlo-pi: one seeded
 * random stream per chunk, so every worker count gives the same count of hits, checked), then a
 * tree of sums. Tusk runs it on `threads` and `processes`; Dask (bench/peers/dask_speedup.py) the
 * same shape with dask.delayed over NumPy on its threaded and processes schedulers. One sample =
 * compute() of an already built graph on a warm pool. Speedup = the 1-worker time ÷ the 2-worker
 * time, per round (both samples from the same round), median and range.
 *
 * Target (issue 3): with 2 workers on 2 cores, at least 1.8× the speed of 1 worker.
 */

import '@tusk/schedulers'; // registers 'threads' and 'processes'
import { piGraph } from '../../examples/monte-carlo-pi/graph.js';
import { mark, num, ratio, spread } from '../lib/format.js';
import { sampleRounds } from '../lib/measure.js';
import { pairedRatio, summarize } from '../lib/stats.js';

const SEED = 42;

function tuskContender(id, scheduler, workers, chunks, samples) {
  let expected;
  return {
    id,
    async sample() {
      const graph = piGraph({ chunks, samples, seed: SEED });
      const t0 = performance.now();
      const hits = await graph.compute({ scheduler, workers });
      const run = (performance.now() - t0) / 1e3;
      expected ??= hits;
      if (hits !== expected) throw new Error(`${id}: ${hits} hits, another run gave ${expected}`);
      return { run };
    },
  };
}

function daskContender(id, peer, scheduler, workers, chunks, samples) {
  let expected;
  return {
    id,
    async sample() {
      const r = await peer.request('sample', { chunks, samples, workers, scheduler, seed: SEED });
      expected ??= r.hits;
      if (r.hits !== expected) throw new Error(`${id}: ${r.hits} hits, another run gave ${expected}`);
      const p = r.hits / (chunks * samples);
      if (Math.abs(4 * p - Math.PI) > 0.01) throw new Error(`${id}: estimate ${4 * p} is not near π`);
      return { run: r.run };
    },
  };
}

export default {
  name: 'speedup',
  title: 'CPU-bound speedup: Monte Carlo π with 1 and 2 workers, Tusk vs Dask',

  async run(ctx) {
    const chunks = 64;
    const samples = ctx.quick ? 1_000_000 : 4_000_000;
    const peer = ctx.peers ? await ctx.startPeer('dask_speedup.py', 'Dask') : undefined;
    const daskReason = peer && !peer.available ? peer.reason : undefined;
    const engines = [
      {
        label: 'Tusk threads',
        make: (w) => tuskContender(`tusk-threads-${w}`, 'threads', w, chunks, samples),
      },
      {
        label: 'Tusk processes',
        make: (w) => tuskContender(`tusk-processes-${w}`, 'processes', w, chunks, samples),
      },
    ];
    if (peer?.available) {
      for (const s of ['threads', 'processes']) {
        engines.push({
          label: `Dask ${s}`,
          make: (w) => daskContender(`dask-${s}-${w}`, peer, s, w, chunks, samples),
        });
      }
    }
    const rows = [];
    const data = [];
    try {
      for (const e of engines) {
        ctx.log(
          `  ${e.label}: ${chunks} chunks × ${samples.toLocaleString('en-US')} darts, 1 and 2 workers…`,
        );
        const one = e.make(1);
        const two = e.make(2);
        const results = await sampleRounds([one, two], { ...ctx.sampling, log: ctx.log });
        const series = (id) =>
          (results.get(id)?.samples ?? []).map((s) => ({ round: s.round, value: s.metrics.run }));
        const error = results.get(one.id)?.error ?? results.get(two.id)?.error;
        const s = pairedRatio(series(one.id), series(two.id));
        rows.push([
          e.label,
          error
            ? `failed: ${error.slice(0, 60)}`
            : spread(summarize(series(one.id).map((x) => x.value)), ' s'),
          error ? '' : spread(summarize(series(two.id).map((x) => x.value)), ' s'),
          error ? 'n/a' : ratio(s),
          e.label.startsWith('Tusk') ? `≥ 1.8× ${mark(s.n > 0 ? s.median >= 1.8 : undefined)}` : '',
        ]);
        data.push({ engine: e.label, results: Object.fromEntries(results) });
      }
    } finally {
      await peer?.close();
    }
    return {
      tables: [
        {
          title: `Monte Carlo π, ${chunks} chunks × ${num(samples / 1e6)} M darts (seconds per compute)`,
          columns: [
            { title: 'engine', align: 'left' },
            { title: '1 worker', align: 'right' },
            { title: '2 workers', align: 'right' },
            { title: 'speedup', align: 'right' },
            { title: 'target', align: 'left' },
          ],
          rows,
          notes: [
            'Speedup: median of per-round ratios (1-worker time ÷ 2-worker time of the same round), min–max in brackets.',
            'Tusk: a JavaScript xoshiro128** loop per chunk; Dask: NumPy generators, vectorised (numbers of the two are not comparable, speedups are).',
            ...(daskReason ? [`Dask n/a: ${daskReason}`] : []),
          ],
        },
      ],
      data,
    };
  },
};
