/**
 * The tables of the 'scheduling' benchmark: graph build, run per scheduler (with targets), and the
 * JSON data stored in bench/out/. Medians with (min–max); ratios are medians of per-round ratios.
 */

import { int, mark, num, ratio, spread } from '../../lib/format.js';
import { series } from '../../lib/measure.js';
import { pairedRatio, summarize } from '../../lib/stats.js';

/** Dask's name for each Tusk scheduler (a scheduler without a Dask twin gets no Dask column). */
export const DASK_SCHEDULER = { synchronous: 'sync', threads: 'threads', processes: 'processes' };

/** Targets printed beside the numbers (synchronous scheduler). */
export const TARGET = { runUs: 3, ratio: 10, buildUs: 2 };

/** µs-per-task series of one contender's metric. */
function us(results, id, metric, shape, n) {
  return series(results.get(id), metric, 1e6 / shape.tasks(n));
}

function cell(results, id, metric, shape, n) {
  const r = results.get(id);
  if (!r) return 'n/a';
  if (r.error) return 'failed';
  return spread(summarize(us(results, id, metric, shape, n).map((s) => s.value)));
}

/** Notes on failed contenders (with what is known about why) and on those cut short by the time budget. */
function problems(cases) {
  const notes = [];
  const short = [];
  for (const c of cases) {
    for (const [id, r] of c.results) {
      if (r.stoppedEarly) short.push(`${c.shape.id}/${id} (${r.samples.length})`);
      if (!r.error) continue;
      let why = '';
      if (id === 'dask' && c.daskScheduler === 'processes' && /deep recursion/.test(r.error)) {
        why =
          ` — dask.multiprocessing.get fuses the chain into one task nested ${int(c.shape.tasks(c.n))} calls deep, ` +
          'which pickle cannot serialise: a Dask limitation, not a harness error';
      }
      notes.push(`FAILED ${c.shape.id}/${id}: ${r.error.split('\n')[0]}${why}.`);
    }
  }
  if (short.length > 0) notes.push(`Fewer samples (time budget): ${short.join(', ')}.`);
  return notes;
}

export function report({ n, schedulers, daskVersions, daskReason, cases, phase, diagnostics, ctx }) {
  const daskLabel = daskVersions ? `Dask ${daskVersions.dask.replace(/\+.*/, '')}` : 'Dask';
  const tables = [];

  // Build: the same code whatever the scheduler; taken from the first scheduler's rounds.
  const first = cases.filter((c) => c.scheduler === schedulers[0].name);
  const buildRows = first.map((c) => {
    const tusk = summarize(us(c.results, 'tusk', 'build', c.shape, n).map((s) => s.value));
    const r = pairedRatio(
      us(c.results, 'dask', 'build', c.shape, n),
      us(c.results, 'tusk', 'build', c.shape, n),
    );
    return [
      c.shape.label,
      int(c.shape.tasks(n)),
      cell(c.results, 'tusk', 'build', c.shape, n),
      cell(c.results, 'dask', 'build', c.shape, n),
      r.n ? ratio(r) : 'n/a',
      tusk.n ? mark(tusk.median <= TARGET.buildUs) : 'n/a',
    ];
  });
  const daskChain = first.find((c) => c.shape.id === 'chain');
  const daskIndep = first.find((c) => c.shape.id === 'independent');
  const buildNotes = [
    'build = calling the delayed-wrapped functions to construct the lazy collection (wrappers made once, ' +
      'outside the clock); Dask: the same with dask.delayed. Same code for every scheduler: taken from the ' +
      `'${schedulers[0].name}' rounds.`,
  ];
  if (daskChain && daskIndep) {
    const a = summarize(
      us(daskChain.results, 'dask', 'build', daskChain.shape, n).map((s) => s.value),
    ).median;
    const b = summarize(
      us(daskIndep.results, 'dask', 'build', daskIndep.shape, n).map((s) => s.value),
    ).median;
    if (a > 10 * b) {
      buildNotes.push(
        `Dask's chain build costs ${num(a / b)}× its independent build per task: each dask.delayed call merges the ` +
          'layers of its inputs into a new HighLevelGraph, so a chain of n calls copies O(n²) layer entries. ' +
          'Tusk links each call to its inputs’ layers without copying.',
      );
    }
  }
  tables.push({
    title: `Graph build, µs per task (n = ${int(n)}; median (min–max))`,
    columns: [
      { title: 'shape', align: 'left' },
      { title: 'tasks', align: 'right' },
      { title: 'Tusk', align: 'right' },
      { title: daskLabel, align: 'right' },
      { title: 'Dask ÷ Tusk', align: 'right' },
      { title: `Tusk ≤ ${TARGET.buildUs} µs`, align: 'right' },
    ],
    rows: buildRows,
    notes: buildNotes,
  });

  for (const s of schedulers) {
    const rows = [];
    const daskName = DASK_SCHEDULER[s.name];
    const sync = s.name === 'synchronous';
    for (const c of cases.filter((x) => x.scheduler === s.name)) {
      const t = us(c.results, 'tusk', 'run', c.shape, n);
      const t0 = us(c.results, 'tusk-noopt', 'run', c.shape, n);
      const d = us(c.results, 'dask', 'run', c.shape, n);
      const r = pairedRatio(d, t);
      const r0 = pairedRatio(d, t0);
      const mt = summarize(t.map((x) => x.value));
      const mt0 = summarize(t0.map((x) => x.value));
      const row = [
        c.shape.label,
        int(c.shape.tasks(n)),
        s.available ? cell(c.results, 'tusk', 'run', c.shape, n) : 'n/a',
        s.available ? cell(c.results, 'tusk-noopt', 'run', c.shape, n) : 'n/a',
        cell(c.results, 'dask', 'run', c.shape, n),
        r.n ? ratio(r) : 'n/a',
        r0.n ? ratio(r0) : 'n/a',
      ];
      if (sync) {
        row.push(
          `${mark(mt.n ? mt.median <= TARGET.runUs : undefined)} / ${mark(mt0.n ? mt0.median <= TARGET.runUs : undefined)}`,
          `${mark(r.n ? r.median >= TARGET.ratio : undefined)} / ${mark(r0.n ? r0.median >= TARGET.ratio : undefined)}`,
        );
      }
      rows.push(row);
    }
    const columns = [
      { title: 'shape', align: 'left' },
      { title: 'tasks', align: 'right' },
      { title: 'Tusk', align: 'right' },
      { title: 'Tusk optimize:false', align: 'right' },
      { title: daskName ? `${daskLabel} ${daskName}` : 'Dask', align: 'right' },
      { title: 'Dask ÷ Tusk', align: 'right' },
      { title: 'Dask ÷ Tusk optimize:false', align: 'right' },
    ];
    if (sync) {
      columns.push(
        { title: `≤ ${TARGET.runUs} µs`, align: 'right' },
        { title: `≥ ${TARGET.ratio}× below Dask`, align: 'right' },
      );
    }
    const notes = [
      'run = compute() end to end on an already built collection: merge + optimise + compile + order + execute + ' +
        `finalize. Dask: .compute(scheduler='${daskName ?? '-'}'), which includes its delayed optimisation ` +
        '(cull only) and ordering.',
      'Tusk’s default optimisation fuses the chain into one task, so its chain figure is not a per-task ' +
        'scheduling cost; the optimize:false column is.',
      'Ratios: median of per-round ratios (samples of both taken in the same round), min–max in brackets.',
    ];
    if (sync)
      notes.push(
        `Target marks: default / optimize:false. Targets: Tusk ≤ ${TARGET.runUs} µs/task and ≥ ${TARGET.ratio}× below Dask's synchronous scheduler.`,
      );
    if (!s.available) notes.push(`Tusk '${s.name}' n/a: ${s.reason}.`);
    notes.push(...problems(cases.filter((x) => x.scheduler === s.name)));
    if (s.name === 'processes') {
      notes.push(
        "Dask's processes scheduler starts a new process pool for every compute() (its default); that start-up is part of its run time.",
      );
    }
    tables.push({
      title: `Run, scheduler ${s.name}: µs per task (n = ${int(n)}; median (min–max))`,
      columns,
      rows,
      notes,
    });
  }
  if (phase) tables.push(phase.table);
  if (diagnostics) tables.push(diagnostics.table);
  if (!daskVersions) {
    const why = ctx.peers ? (daskReason ?? 'not started') : 'peers disabled (--no-peers)';
    tables[0].notes.push(`Dask n/a: ${why}.`);
  }

  return {
    tables,
    data: {
      n,
      targets: TARGET,
      peers: { dask: daskVersions ?? { available: false, reason: daskReason ?? 'peers disabled' } },
      schedulers,
      cases: cases.map((c) => ({
        scheduler: c.scheduler,
        daskScheduler: c.daskScheduler,
        shape: c.shape.id,
        tasks: c.shape.tasks(n),
        contenders: Object.fromEntries(
          [...c.results].map(([id, r]) => [
            id,
            {
              error: r.error,
              stoppedEarly: r.stoppedEarly,
              samples: r.samples,
              usPerTask: {
                build: summarize(us(c.results, id, 'build', c.shape, n).map((s) => s.value)),
                run: summarize(us(c.results, id, 'run', c.shape, n).map((s) => s.value)),
              },
            },
          ]),
        ),
      })),
      breakdown: phase?.data,
      diagnostics: diagnostics?.data,
    },
  };
}
