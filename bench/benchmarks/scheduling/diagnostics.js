/**
 * The diagnostics table of the 'scheduling' benchmark: what a ProgressBar or a Profiler listening
 * to a run costs per task, on the graph of tiny tasks where nothing else hides it (n × inc(i), then
 * total; optimize: false, so every task is scheduled on its own).
 *
 * Contenders per scheduler, interleaved round by round: no callbacks; a ProgressBar redrawing in
 * place as on a terminal (`tty: true`, writing to a sink that drops the text, so the terminal's own
 * speed is not measured); the same bar in plain-line mode (CI logs); a Profiler recording every task.
 * Listening to task start/finish also makes the executors time each task, which is part of what a
 * user pays and so is inside these figures. Overhead = the median of per-round ratios to the plain run.
 */

import { compute } from '@tusk/core';
import { Profiler, ProgressBar } from '@tusk/schedulers';
import { int, num } from '../../lib/format.js';
import { sampleRounds, series } from '../../lib/measure.js';
import { pairedRatio, summarize } from '../../lib/stats.js';
import { SHAPES } from './shapes.js';

/** A stream that keeps nothing: the bar's formatting runs, the terminal's speed is not measured. */
function nullStream(tty) {
  return { isTTY: tty, columns: 100, write: () => true };
}

const LISTENERS = [
  { id: 'none', label: 'no callbacks', make: () => undefined },
  {
    id: 'bar-tty',
    label: 'ProgressBar (terminal)',
    make: () => new ProgressBar({ stream: nullStream(true) }),
  },
  {
    id: 'bar-plain',
    label: 'ProgressBar (plain lines)',
    make: () => new ProgressBar({ stream: nullStream(false) }),
  },
  { id: 'profiler', label: 'Profiler', make: () => new Profiler() },
];

/** µs per task with and without diagnostics listening, per available scheduler. */
export async function diagnosticsCost(ctx, n, schedulers) {
  const shape = SHAPES.find((s) => s.id === 'independent');
  const tasks = shape.tasks(n);
  const expected = shape.expected(n);
  const rows = [];
  const data = [];
  for (const s of schedulers.filter((x) => x.available)) {
    ctx.log(`  ${s.name} / diagnostics cost…`);
    const base = { scheduler: s.name, optimize: false, ...(ctx.workers ? { workers: ctx.workers } : {}) };
    const contenders = LISTENERS.map((l) => ({
      id: l.id,
      async sample() {
        const c = shape.build(n);
        const listener = l.make();
        const t0 = performance.now();
        const [v] = await compute(c, listener ? { ...base, callbacks: [listener] } : base);
        const t1 = performance.now();
        if (v !== expected) throw new Error(`${shape.id}(n=${n}) computed ${v}, expected ${expected}`);
        if (listener instanceof Profiler && listener.records.length !== tasks) {
          throw new Error(`the Profiler recorded ${listener.records.length} tasks of ${tasks}`);
        }
        return { run: (t1 - t0) / 1e3 };
      },
    }));
    const results = await sampleRounds(contenders, { ...ctx.sampling, log: ctx.log });
    const plain = series(results.get('none'), 'run');
    for (const l of LISTENERS) {
      const runs = series(results.get(l.id), 'run');
      const perTask = summarize(runs.map((x) => (x.value * 1e6) / tasks));
      const ratio = l.id === 'none' ? undefined : pairedRatio(runs, plain);
      rows.push([
        s.name,
        l.label,
        `${num(perTask.median)} (${num(perTask.min)}–${num(perTask.max)})`,
        ratio ? `${num(ratio.median)}× (${num(ratio.min)}–${num(ratio.max)})` : '—',
      ]);
      data.push({ scheduler: s.name, listener: l.id, usPerTask: perTask, ratioToPlain: ratio });
    }
  }
  return {
    data,
    table: {
      title: `Diagnostics cost: µs per task with a listener (independent + sum, n = ${int(n)}, optimize: false)`,
      columns: [
        { title: 'scheduler', align: 'left' },
        { title: 'listening', align: 'left' },
        { title: 'run µs/task', align: 'right' },
        { title: '÷ no callbacks', align: 'right' },
      ],
      rows,
      notes: [
        'The bars write to a stream that drops the text; redraws are throttled to one per 100 ms timer tick ' +
          '(terminal) or one line per 10 % of the tasks (plain). With a listener the executors also time every ' +
          'task (two clock reads and a callback per task); that is inside the figures.',
      ],
    },
  };
}
