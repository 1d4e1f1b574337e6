/**
 * Benchmark 'array': chunked arrays, Tusk beside Dask array (Debian's python3-dask) in one run, on
 * the threads scheduler with 2 workers (`--workers`).
 *
 * Cases (the same on both sides; bench/peers/dask_array.py mirrors them):
 *   sum      random((20000, 20000), chunks 2000).sum()      3.2 GB of float64 made and reduced
 *   mean     the same .mean()
 *   x + x.T  (x + x.T).sum() on the same array               transposed blocks meet their mirror
 *   matmul   x @ x.T for (4000, 4000), chunks 1000           128 GFLOP; Dask calls OpenBLAS
 * `--quick` shrinks the arrays to (8000, 8000) and (2000, 2000), keeping the chunks.
 *
 * One sample = compute() of an already built array (building is microseconds on both sides). Answers
 * are checked: sums of n² uniforms against n²/2 (and 2 × that for x + x.T) within ten standard
 * errors, the mean against 1/2, and the matmul's shape, symmetry and trace (the sum of squares of x,
 * ≈ n²/3). Rounds interleave Tusk and Dask (lib/measure.js); the ratio column is the median of
 * per-round ratios Dask ÷ Tusk (above 1: Tusk is faster).
 *
 * Targets (issue 5): sums and elementwise at least as fast as Dask (ratio ≥ 1.0); matmul within 3×
 * of Dask's OpenBLAS (ratio ≥ 0.33).
 */

import { mark, num, ratio, spread } from '../lib/format.js';
import { sampleRounds } from '../lib/measure.js';
import { pairedRatio, summarize } from '../lib/stats.js';

const CASES = [
  { id: 'sum', title: 'random((n, n), chunks 2000).sum()', n: 20000, quickN: 8000, chunks: 2000, target: 1 },
  {
    id: 'mean',
    title: 'random((n, n), chunks 2000).mean()',
    n: 20000,
    quickN: 8000,
    chunks: 2000,
    target: 1,
  },
  { id: 'xxt', title: '(x + x.T).sum()', n: 20000, quickN: 8000, chunks: 2000, target: 1 },
  { id: 'matmul', title: 'x @ x.T', n: 4000, quickN: 2000, chunks: 1000, target: 1 / 3 },
];

function build(ta, c, n, seed) {
  const x = ta.random.random([n, n], { chunks: c.chunks, seed });
  if (c.id === 'sum') return x.sum();
  if (c.id === 'mean') return x.mean();
  if (c.id === 'xxt') return x.add(x.T).sum();
  return x.matmul(x.T);
}

/** Throws when an answer is off (see the header for the checks). */
function check(c, n, r) {
  const m = n * n;
  const se = Math.sqrt(m / 12);
  if (c.id === 'sum' && Math.abs(r.value - m / 2) > 10 * se)
    throw new Error(`sum ${r.value}, expected ≈ ${m / 2}`);
  if (c.id === 'xxt' && Math.abs(r.value - m) > 20 * se)
    throw new Error(`(x + x.T).sum() ${r.value}, expected ≈ ${m}`);
  if (c.id === 'mean' && Math.abs(r.value - 0.5) > (10 * se) / m)
    throw new Error(`mean ${r.value}, expected ≈ 0.5`);
  if (c.id === 'matmul') {
    if (r.shape[0] !== n || r.shape[1] !== n) throw new Error(`matmul shape ${r.shape}`);
    if (r.asym > 1e-9 * n) throw new Error(`x @ x.T is not symmetric (|c12 − c21| = ${r.asym})`);
    if (Math.abs(r.trace - m / 3) > 0.01 * m) throw new Error(`trace ${r.trace}, expected ≈ ${m / 3}`);
  }
}

function tuskContender(ta, c, n, opts) {
  return {
    id: 'tusk',
    async sample() {
      const arr = build(ta, c, n, 1);
      const t0 = performance.now();
      const v = await arr.compute(opts);
      const run = (performance.now() - t0) / 1e3;
      const r =
        c.id === 'matmul'
          ? { shape: v.shape, trace: trace(v, n), asym: Math.abs(v.get(1, 2) - v.get(2, 1)) }
          : { value: v.get() };
      check(c, n, r);
      return { run };
    },
  };
}

function trace(v, n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += v.data[i * n + i];
  return s;
}

function daskContender(peer, c, n, workers, collect) {
  return {
    id: 'dask',
    async sample() {
      const r = await peer.request('sample', { case: c.id, n, chunks: c.chunks, seed: 1, workers, collect });
      check(c, n, r);
      return { run: r.run };
    },
  };
}

export default {
  name: 'array',
  title: 'Chunked arrays: Tusk vs Dask array (threads, 2 workers)',
  defaults: { workers: 2 },

  async run(ctx) {
    const ta = await import('@tusk/array');
    const workers = ctx.workers ?? this.defaults.workers;
    const opts = { scheduler: 'threads', workers };
    const peer = ctx.peers ? await ctx.startPeer('dask_array.py', 'Dask') : undefined;
    const daskReason = peer && !peer.available ? peer.reason : undefined;
    const settings = { ...ctx.sampling, warmup: 1, warmupSeconds: 0, budgetSeconds: ctx.quick ? 20 : 60 };
    const rows = [];
    const data = [];
    try {
      for (const c of CASES) {
        const n = ctx.quick ? c.quickN : c.n;
        ctx.log(`  ${c.id}: ${c.title.replace('(n, n)', `(${n}, ${n})`)}…`);
        const contenders = [tuskContender(ta, c, n, opts)];
        if (peer?.available) contenders.push(daskContender(peer, c, n, workers, ctx.sampling.collect));
        const results = await sampleRounds(contenders, { ...settings, log: ctx.log });
        const series = (id) =>
          (results.get(id)?.samples ?? []).map((s) => ({ round: s.round, value: s.metrics.run }));
        const tusk = summarize(series('tusk').map((s) => s.value));
        const dask = summarize(series('dask').map((s) => s.value));
        const r = pairedRatio(series('dask'), series('tusk'));
        const flops = c.id === 'matmul' ? (2 * n ** 3) / 1e9 : undefined;
        rows.push([
          c.title.replace('(n, n)', `(${n}, ${n})`),
          results.get('tusk')?.error
            ? `failed: ${results.get('tusk').error.slice(0, 60)}`
            : spread(tusk, ' s'),
          peer?.available ? spread(dask, ' s') : 'n/a',
          peer?.available ? ratio(r) : 'n/a',
          flops ? `${num(flops / tusk.median)} / ${num(flops / dask.median)}` : '',
          `${c.target >= 1 ? '≥ 1.0×' : '≥ 0.33×'} ${mark(peer?.available && r.n > 0 ? r.median >= c.target : undefined)}`,
        ]);
        data.push({ case: c.id, n, chunks: c.chunks, results: Object.fromEntries(results) });
      }
    } finally {
      await peer?.close();
    }
    return {
      tables: [
        {
          title: `Arrays, threads scheduler, ${workers} workers (seconds per compute; ratio = Dask ÷ Tusk)`,
          columns: [
            { title: 'case', align: 'left' },
            { title: 'Tusk', align: 'right' },
            { title: 'Dask', align: 'right' },
            { title: 'Dask ÷ Tusk', align: 'right' },
            { title: 'GFLOP/s Tusk / Dask', align: 'right' },
            { title: 'target', align: 'left' },
          ],
          rows,
          notes: [
            'Tusk blocks are typed arrays in SharedArrayBuffers; block products use a WebAssembly SIMD kernel (packages/array/src/kernels/gemm-wasm.ts).',
            ...(daskReason ? [`Dask n/a: ${daskReason}`] : []),
          ],
        },
      ],
      data,
    };
  },
};
