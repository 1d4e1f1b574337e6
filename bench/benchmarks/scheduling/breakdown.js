/**
 * The phase table of the 'scheduling' benchmark: where Tusk's synchronous run goes, split exactly
 * within one run (merge + optimise, compile + order, loop + execute).
 */

import { prepareRun, runGraph, SynchronousExecutor } from '@tusk/core';
import { int, num } from '../../lib/format.js';
import { sampleRounds, series } from '../../lib/measure.js';
import { summarize } from '../../lib/stats.js';
import { SHAPES } from './shapes.js';

/** The synchronous executor, noting when the loop hands it the graph (after compile and order). */
class TimedSynchronousExecutor extends SynchronousExecutor {
  prepare(graph) {
    this.preparedAt = performance.now();
    return super.prepare(graph);
  }
}

/**
 * Where Tusk's synchronous run goes, split exactly within one run: prepareRun() (merge + optimise),
 * then runGraph() up to the executor's prepare (compile + order), then the rest (prepare: load
 * functions, then the loop and the tasks).
 */
export async function breakdown(ctx, n) {
  const contenders = [];
  for (const shape of SHAPES) {
    for (const optimize of [true, false]) {
      contenders.push({
        id: `${shape.id}/${optimize ? 'default' : 'optimize:false'}`,
        shape,
        optimize,
        async sample() {
          const c = shape.build(n);
          const executor = new TimedSynchronousExecutor();
          const t0 = performance.now();
          const { graph, keys } = prepareRun([c], { scheduler: 'synchronous', optimize });
          const t1 = performance.now();
          await runGraph(graph, keys, executor);
          const t3 = performance.now();
          const t2 = executor.preparedAt;
          this.nodes = graph.size;
          return { prepare: (t1 - t0) / 1e3, compile: (t2 - t1) / 1e3, loop: (t3 - t2) / 1e3 };
        },
      });
    }
  }
  ctx.log('  phase breakdown of the synchronous run…');
  const results = await sampleRounds(contenders, { ...ctx.sampling, log: ctx.log });
  const rows = [];
  const data = [];
  for (const c of contenders) {
    const r = results.get(c.id);
    const per = 1e6 / c.shape.tasks(n);
    const phases = ['prepare', 'compile', 'loop'].map((m) =>
      summarize(series(r, m, per).map((s) => s.value)),
    );
    const sum = phases.reduce((acc, s) => acc + s.median, 0);
    rows.push([
      c.shape.label,
      c.optimize ? 'default' : 'false',
      int(c.nodes ?? 0),
      ...phases.map((s) => num(s.median)),
      num(sum),
    ]);
    data.push({
      shape: c.shape.id,
      optimize: c.optimize,
      nodes: c.nodes,
      phasesUsPerTask: phases,
      error: r.error,
    });
  }
  return {
    data,
    table: {
      title: 'Where Tusk’s synchronous run goes (µs per task of the unoptimised graph, medians)',
      columns: [
        { title: 'shape', align: 'left' },
        { title: 'optimize', align: 'left' },
        { title: 'nodes run', align: 'right' },
        { title: 'merge + optimise', align: 'right' },
        { title: 'compile + order', align: 'right' },
        { title: 'loop + execute', align: 'right' },
        { title: 'sum', align: 'right' },
      ],
      rows,
      notes: [
        'One run split in three: prepareRun() (collect the layers into one TaskGraph, then cull, inline and fuse ' +
          'unless optimize:false); runGraph() up to the executor’s prepare (compileGraph: CSR arrays + validation; ' +
          'order); the rest (load functions, the loop, the tasks). Finalize and compute()’s option handling are ' +
          'not in the sum.',
        '"nodes run" is the graph size after optimisation (the chain fuses into one node).',
      ],
    },
  };
}
