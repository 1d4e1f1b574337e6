/**
 * memory — peak RSS against input size under a memory limit: the same computation at 1×, 4× and 16×
 * the limit, on each Tusk scheduler and on Dask, in one run. Out-of-core works when the peak stays
 * flat as the input grows (target: peak at 16× ≤ 1.5 × peak at 1×).
 *
 * Computations (memory/graphs.js, mirrored in peers/dask_memory.py), over Float64Array / NumPy chunks:
 * `persist` (every chunk alive before any is consumed), `transpose` (all-to-all: every output takes a
 * piece of every input) and `tree` (pairwise elementwise sums). Every sample is a fresh child process
 * (memory/sample.js for Tusk, `dask_memory.py --sample` for Dask) whose whole process tree is measured
 * from /proc (memory/process-tree.js): the sampled peak of the summed RSS, the RSS at rest just before
 * the computation, and the root process's VmHWM. Wall time is that of `compute()` alone. Answers are
 * checked against plain loops (memory/truth.js); a wrong answer is reported, not hidden.
 *
 * Contenders: Tusk `synchronous`, `threads`, `processes` (`--schedulers`; memoryLimit per run),
 * Dask's local threaded scheduler (no spilling: Dask's local schedulers have no memory limit), and a
 * Dask distributed LocalCluster (worker processes, memory_limit = the budget / workers, spilling at
 * its managed-memory target 0.6; see the peer for the thresholds turned off and why).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mark, num } from '../lib/format.js';
import { resolveSchedulers } from '../lib/tusk.js';
import { SHAPES } from './memory/graphs.js';
import { measureTree } from './memory/process-tree.js';
import { truth } from './memory/truth.js';

const MiB = 1024 * 1024;
const SAMPLE_JS = fileURLToPath(new URL('./memory/sample.js', import.meta.url));
const PEER_PY = fileURLToPath(new URL('../peers/dask_memory.py', import.meta.url));
const MULTIPLES = [1, 4, 16];
const FLAT = 1.5;

/**
 * Memory limit and chunk size per computation. The transpose cuts each input into its pieces right
 * after making it (order.ts: selections follow their input), so out of core it spills and reloads
 * pieces, about the input once, rather than every input once per output. Its chunks are twice as
 * large as the others' so that 16× makes 64² pieces (spill files) rather than 128². `--quick` halves all.
 */
function plans(quick) {
  const scale = quick ? 0.5 : 1;
  const plan = (limitMiB, chunkMiB) => ({ limit: limitMiB * scale * MiB, chunk: chunkMiB * scale * MiB });
  return { persist: plan(64, 8), transpose: plan(64, 16), tree: plan(64, 8) };
}

function tuskContender(scheduler, workers) {
  return {
    label: `Tusk ${scheduler}`,
    kind: 'tusk',
    run: (p, spillDir) =>
      measureTree(process.execPath, [
        SAMPLE_JS,
        JSON.stringify({
          scheduler,
          shape: p.shape,
          chunks: p.chunks,
          length: p.length,
          memoryLimit: p.limit,
          spillDir,
          workers,
        }),
      ]).then((m) => ({
        ...m,
        value: m.result.value[0],
        wallMs: m.result.wallMs,
        spilledBytes: m.result.store.bytesWritten,
        storePeakBytes: m.result.store.peakMemoryBytes,
      })),
  };
}

function daskContender(python, engine, workers) {
  return {
    label: engine === 'threads' ? 'Dask threads (no spill)' : 'Dask distributed',
    kind: 'dask',
    run: (p, spillDir) =>
      measureTree(python, [
        PEER_PY,
        '--sample',
        JSON.stringify({
          engine,
          shape: p.shape,
          chunks: p.chunks,
          length: p.length,
          memory_limit: p.limit,
          workers,
          spill_dir: spillDir,
        }),
      ]).then((m) => ({
        ...m,
        value: m.result.value,
        wallMs: m.result.wallMs,
        spilledBytes: m.result.spill?.disk_write_bytes_total,
        storePeakBytes: undefined,
      })),
  };
}

const mib = (b) => (b === undefined || b === null ? 'n/a' : num(b / MiB));

export default {
  name: 'memory',
  title: 'peak RSS against input size under a memory limit (out-of-core), beside Dask',
  defaults: { schedulers: ['synchronous', 'threads', 'processes'] },

  async run(ctx) {
    const workers = ctx.workers ?? 2;
    const byShape = plans(ctx.quick);
    const schedulers = await resolveSchedulers(ctx.schedulers ?? this.defaults.schedulers);
    const contenders = [];
    const notes = [];
    for (const s of schedulers) {
      if (s.available) contenders.push(tuskContender(s.name, workers));
      else notes.push(`Tusk ${s.name}: n/a (${s.reason}).`);
    }
    if (ctx.peers) {
      const peer = await ctx.startPeer('dask_memory.py', 'Dask');
      if (peer.available) {
        contenders.push(
          daskContender(peer.python, 'threads', workers),
          daskContender(peer.python, 'distributed', workers),
        );
      }
      await peer.close?.();
    }
    const spillRoot = mkdtempSync(join(tmpdir(), 'tusk-bench-memory-'));
    const samples = [];
    try {
      let round = 0;
      for (const multiple of MULTIPLES) {
        for (const shape of SHAPES) {
          const { limit, chunk } = byShape[shape];
          const chunks = (multiple * limit) / chunk;
          const p = { shape, multiple, limit, chunk, chunks, length: chunk / 8 };
          const expected = truth(shape, chunks, p.length);
          // Rotate the contenders' order from case to case, so machine drift does not favour one.
          const rotated = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
          round++;
          for (const c of rotated) {
            ctx.log(
              `  ${shape} ${multiple}× (${chunks} chunks of ${chunk / MiB} MiB, limit ${limit / MiB} MiB): ${c.label}…`,
            );
            const spillDir = mkdtempSync(join(spillRoot, 'run-'));
            const row = { contender: c.label, kind: c.kind, ...p, expected };
            try {
              const m = await c.run(p, spillDir);
              Object.assign(row, {
                ok: true,
                value: m.value,
                correct: m.value === expected,
                peakRssBytes: m.peakRssBytes,
                baselineRssBytes: m.baselineRssBytes,
                rootHwmBytes: m.rootHwmBytes,
                processes: m.processes,
                wallMs: m.wallMs,
                spilledBytes: m.spilledBytes,
                storePeakBytes: m.storePeakBytes,
              });
              ctx.log(
                `    peak ${mib(m.peakRssBytes)} MiB (at rest ${mib(m.baselineRssBytes)}), ${num(m.wallMs / 1e3)} s, ` +
                  `spilled ${mib(m.spilledBytes)} MiB, answer ${row.correct ? 'right' : `WRONG (${m.value} ≠ ${expected})`}`,
              );
            } catch (err) {
              row.ok = false;
              row.error = String(err?.message ?? err).split('\n')[0];
              ctx.log(`    failed: ${row.error}`);
            } finally {
              rmSync(spillDir, { recursive: true, force: true });
            }
            samples.push(row);
          }
        }
      }
    } finally {
      rmSync(spillRoot, { recursive: true, force: true });
    }
    return {
      tables: tables(samples, contenders, byShape, notes),
      data: { plans: byShape, workers, samples },
    };
  },
};

function tables(samples, contenders, byShape, notes) {
  const out = [];
  for (const shape of SHAPES) {
    const { limit, chunk } = byShape[shape];
    const rows = [];
    for (const c of contenders) {
      for (const multiple of MULTIPLES) {
        const s = samples.find(
          (x) => x.contender === c.label && x.shape === shape && x.multiple === multiple,
        );
        if (!s) continue;
        const input = `${multiple}× (${num((multiple * limit) / MiB)} MiB)`;
        if (!s.ok) {
          rows.push([c.label, input, `failed: ${s.error.slice(0, 80)}`, '', '', '', '', '', '']);
          continue;
        }
        rows.push([
          c.label,
          input,
          mib(s.peakRssBytes),
          mib(s.baselineRssBytes),
          mib(s.peakRssBytes - (s.baselineRssBytes ?? 0)),
          mib(s.rootHwmBytes),
          num(s.wallMs / 1e3),
          mib(s.spilledBytes),
          s.correct ? '✓' : `✗ ${s.value}`,
        ]);
      }
    }
    out.push({
      title: `${shape}: ${chunk / MiB} MiB chunks, memory limit ${limit / MiB} MiB`,
      columns: [
        { title: 'engine', align: 'left' },
        { title: 'input', align: 'left' },
        { title: 'peak RSS MiB', align: 'right' },
        { title: 'at rest MiB', align: 'right' },
        { title: 'growth MiB', align: 'right' },
        { title: 'root VmHWM MiB', align: 'right' },
        { title: 'wall s', align: 'right' },
        { title: 'spilled MiB', align: 'right' },
        { title: 'answer', align: 'left' },
      ],
      rows,
      notes: [],
    });
  }
  const flatRows = [];
  for (const c of contenders) {
    const row = [c.label];
    for (const shape of SHAPES) {
      const at = (m) =>
        samples.find((x) => x.contender === c.label && x.shape === shape && x.multiple === m && x.ok);
      const lo = at(1);
      const hi = at(16);
      if (!lo || !hi) {
        row.push('n/a', 'n/a');
        continue;
      }
      const r = hi.peakRssBytes / lo.peakRssBytes;
      const g = (hi.peakRssBytes - hi.baselineRssBytes) / (lo.peakRssBytes - lo.baselineRssBytes);
      row.push(`${num(r)}× ${mark(r <= FLAT)}`, `${num(g)}×`);
    }
    flatRows.push(row);
  }
  out.push({
    title: `Flatness: peak RSS at 16× ÷ peak RSS at 1× (target ≤ ${FLAT}×); growth = the same for peak minus RSS at rest`,
    columns: [
      { title: 'engine', align: 'left' },
      ...SHAPES.flatMap((s) => [
        { title: `${s} peak`, align: 'right' },
        { title: `${s} growth`, align: 'right' },
      ]),
    ],
    rows: flatRows,
    notes: [
      'Peak RSS: the highest sum of VmRSS over the sample process and all its descendants (worker processes, ' +
        'Dask nannies and workers; worker threads are inside their process), read from /proc every 10 ms ' +
        '(a sampled peak; shared pages count in each process). "At rest": the same sum just before the timed ' +
        'computation (runtime, imports, warm worker pool or cluster). Root VmHWM: the kernel-kept high-water ' +
        'mark of the root process alone.',
      'Spilled: bytes written to spill files (Tusk store `bytesWritten`; Dask workers `disk_write_bytes_total`, ' +
        "uncompressed as Tusk's). Dask's local threaded scheduler keeps every result in memory and cannot spill.",
      "Tusk's memoryLimit is per run: one store in the main process holds every result; workers hold only the " +
        'inputs of the task they run. Dask distributed splits the same budget across its worker processes.',
      'The processes scheduler hands arrays of 1 MB or more to its workers through files in /dev/shm: that ' +
        'memory is tmpfs, not RSS, and is not in these figures while a message is in flight.',
      'One sample per cell (each a fresh process tree); the machine is shared: read wall times as rough.',
      ...notes,
    ],
  });
  return out;
}
