/**
 * Benchmark 'scheduling': the per-task overhead of Tusk's schedulers beside Dask's, on graphs of
 * tiny tasks where nothing but overhead is measured.
 *
 * Shapes (n = 10,000 by default; the same functions and task counts on both sides):
 *   independent  n × inc(i), then one total([...])                       n + 1 tasks
 *   chain        inc(inc(inc(… inc(0))))                                  n tasks
 *   tree         n × inc(i) leaves, then pairwise add() down to one value 2n − 1 tasks
 *
 * What is timed, per sample (µs per task = time / tasks):
 *   build  constructing the lazy collection from user code: calling the delayed-wrapped functions
 *          (the wrappers are made once, outside the clock). Dask: the same with dask.delayed.
 *   run    compute() end to end on the already built collection: merge layers + optimise + compile +
 *          order + execute + finalize. Tusk is run twice per round: with its default optimisation
 *          (cull, inline, fuse: the chain becomes ONE fused task) and with `optimize: false`, which
 *          shows the honest per-task scheduling cost. Dask: `.compute(scheduler=...)`, which includes
 *          its delayed optimisation (cull only) and its ordering.
 * Samples of Tusk and Dask are interleaved round by round in one run (lib/measure.js); ratios are the
 * median of per-round ratios. A further table splits Tusk's synchronous run into its phases, and a
 * last one gives what a ProgressBar or Profiler listening to the run costs per task (diagnostics.js).
 *
 * Targets (synchronous): run ≤ 3 µs/task, ten times below Dask's synchronous scheduler; build ≤ 2 µs/task.
 */

import { compute, prepareRun } from '@tusk/core';
import { sampleRounds } from '../lib/measure.js';
import { resolveSchedulers } from '../lib/tusk.js';
import { breakdown } from './scheduling/breakdown.js';
import { diagnosticsCost } from './scheduling/diagnostics.js';
import { DASK_SCHEDULER, report } from './scheduling/report.js';
import { SHAPES } from './scheduling/shapes.js';

export { SHAPES };

function tuskContender(id, shape, n, options) {
  const expected = shape.expected(n);
  return {
    id,
    async sample() {
      const t0 = performance.now();
      const c = shape.build(n);
      const t1 = performance.now();
      const [v] = await compute(c, options);
      const t2 = performance.now();
      if (v !== expected) throw new Error(`${shape.id}(n=${n}) computed ${v}, expected ${expected}`);
      return { build: (t1 - t0) / 1e3, run: (t2 - t1) / 1e3 };
    },
  };
}

function daskContender(peer, shape, n, scheduler, workers, collect) {
  return {
    id: 'dask',
    async sample() {
      const r = await peer.request('sample', {
        shape: shape.id,
        n,
        scheduler,
        workers: workers ?? null,
        collect,
      });
      if (r.tasks !== shape.tasks(n)) {
        throw new Error(`Dask built ${r.tasks} tasks for ${shape.id}, expected ${shape.tasks(n)}`);
      }
      return { build: r.build, run: r.run };
    },
  };
}

/** Check, outside any clock, that each shape has the task count the table divides by. */
function checkTaskCounts(n) {
  for (const shape of SHAPES) {
    const { graph } = prepareRun([shape.build(n)], { optimize: false });
    if (graph.size !== shape.tasks(n)) {
      throw new Error(`scheduling: ${shape.id}(n=${n}) has ${graph.size} tasks, expected ${shape.tasks(n)}`);
    }
  }
}

export default {
  name: 'scheduling',
  title: 'Scheduling overhead: µs per task of tiny tasks, Tusk vs Dask',
  defaults: { n: 10_000 },

  async run(ctx) {
    const n = ctx.n ?? this.defaults.n;
    checkTaskCounts(n);
    const schedulers = await resolveSchedulers(ctx.schedulers);
    for (const s of schedulers) if (!s.available) ctx.log(`  Tusk '${s.name}': n/a — ${s.reason}`);
    const peer = ctx.peers ? await ctx.startPeer('dask_scheduling.py', 'Dask') : undefined;
    const daskVersions = peer?.available ? peer.versions : undefined;
    const daskReason = peer?.reason;

    const cases = [];
    try {
      for (const s of schedulers) {
        const daskName = DASK_SCHEDULER[s.name];
        for (const shape of SHAPES) {
          ctx.log(`  ${s.name} / ${shape.id}…`);
          const opts = { scheduler: s.name, ...(ctx.workers ? { workers: ctx.workers } : {}) };
          const contenders = [];
          if (s.available) {
            contenders.push(tuskContender('tusk', shape, n, opts));
            contenders.push(tuskContender('tusk-noopt', shape, n, { ...opts, optimize: false }));
          }
          if (peer?.available && daskName) {
            contenders.push(daskContender(peer, shape, n, daskName, ctx.workers, ctx.sampling.collect));
          }
          const results = await sampleRounds(contenders, { ...ctx.sampling, log: ctx.log });
          cases.push({ scheduler: s.name, daskScheduler: daskName, shape, n, results });
        }
      }
    } finally {
      await peer?.close();
    }
    const phase = schedulers.some((s) => s.name === 'synchronous' && s.available)
      ? await breakdown(ctx, n)
      : undefined;
    const diagnostics = await diagnosticsCost(ctx, n, schedulers);
    return report({ n, schedulers, daskVersions, daskReason, cases, phase, diagnostics, ctx });
  },
};
