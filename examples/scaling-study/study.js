/**
 * The scaling study: time the graph of graph.js on each kind of pool with 1, 2, 4, … workers, on
 * the same work (strong scaling) and on work that grows with the workers (weak scaling), then fit
 * Amdahl's and Gustafson's laws (fit.js) and find where adding workers stops paying.
 *
 * Each (kind, workers) pair gets its own WorkerPool, warmed up by one small untimed run that starts
 * every worker and compiles the kernel there; a time is the median of `repeats` runs of
 * `compute()`. Strong scaling: speedup = T(1) / T(w), efficiency = speedup / w. Weak scaling: with
 * w workers the graph has w × `chunks` chunks (the serial stage is unchanged), and the scaled
 * speedup is the time one worker takes on that same work divided by the time w workers take.
 * Both laws assume one worker per processor, so they are fitted on the runs with at most one worker
 * per core — every timed run is a point, its speedup taken against the one-worker median — while
 * runs with more workers than cores show what oversubscribing costs.
 *
 * `measureStudy` returns the raw times; `analyseStudy` turns them into rows and fits, and
 * `formatStudy` into the printed lines, so the arithmetic can be checked on any times.
 */

import { compute } from '@tusk/core';
import { WorkerPool } from '@tusk/schedulers';
import { amdahlSpeedup, fitAmdahl, fitGustafson, gustafsonSpeedup, stopsPaying } from './fit.js';
import { splitWork, studyGraph } from './graph.js';

const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

/** Median wall time (ms) and the checksum of `repeats` runs of `graph` on `pool`. */
async function time(graph, pool, repeats) {
  const times = [];
  let value;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    [value] = await compute(graph, { scheduler: pool.kind, pool });
    times.push(performance.now() - t0);
  }
  return { ms: median(times), samples: times, value };
}

/**
 * Time the study's runs. `steps` is the work of the strong-scaling run (xorshift steps), split
 * into `serialShare` for the serial stage and `chunks` equal chunks.
 *
 * @example
 * const raw = await measureStudy({ kinds: ['threads'], workerCounts: [1, 2], steps: 1e8, chunks: 8,
 *   serialShare: 0.05, repeats: 3, seed: 42 });
 */
export async function measureStudy({ kinds, workerCounts, steps, chunks, serialShare, repeats, seed }) {
  if (workerCounts[0] !== 1) throw new RangeError('workerCounts must start with 1 (the baseline).');
  const { serialSteps, chunkSteps } = splitWork({ steps, serialShare, chunks });
  const graphOf = (w) => studyGraph({ seed, serialSteps, chunkSteps, chunks: w * chunks });
  const runs = [];
  for (const kind of kinds) {
    let oneWorker; // one worker's times on every weak-scaling work size: the scaled speedups' numerators
    for (const workers of workerCounts) {
      const pool = new WorkerPool({ kind, workers });
      try {
        // Warm-up (untimed): one tiny chunk per worker starts every worker and compiles the kernel.
        await compute(studyGraph({ seed, serialSteps: 1000, chunkSteps: 100_000, chunks: workers }), {
          scheduler: kind,
          pool,
        });
        const strong = await time(graphOf(1), pool, repeats);
        if (workers === 1) {
          oneWorker = new Map([[1, strong]]);
          for (const w of workerCounts.slice(1)) oneWorker.set(w, await time(graphOf(w), pool, repeats));
        }
        const weak = workers === 1 ? strong : await time(graphOf(workers), pool, repeats);
        const reference = oneWorker.get(workers);
        runs.push({
          kind,
          workers,
          strongMs: strong.ms,
          strongSamples: strong.samples,
          strongValue: strong.value,
          weakMs: weak.ms,
          weakSamples: weak.samples,
          weakValue: weak.value,
          weakOneWorkerMs: reference.ms,
          weakOneWorkerValue: reference.value,
        });
      } finally {
        await pool.close();
      }
    }
  }
  return { steps, chunks, serialShare, serialSteps, chunkSteps, repeats, runs };
}

/**
 * Speedups, efficiencies and fits from measured times, per kind. `cores` bounds the processors a
 * run really had: p = min(workers, cores).
 *
 * @example
 * analyseStudy(raw, 2).kinds[0].amdahl.f; // the fitted serial fraction on threads
 */
export function analyseStudy(raw, cores) {
  const kinds = [];
  for (const kind of [...new Set(raw.runs.map((r) => r.kind))]) {
    const runs = raw.runs.filter((r) => r.kind === kind).sort((a, b) => a.workers - b.workers);
    const t1 = runs[0].strongMs;
    const rows = runs.map((r) => {
      const p = Math.min(r.workers, cores);
      const speedup = t1 / r.strongMs;
      const scaled = r.weakOneWorkerMs / r.weakMs;
      return {
        ...r,
        p,
        speedup,
        efficiency: speedup / r.workers,
        scaled,
        scaledEfficiency: scaled / r.workers,
      };
    });
    // The laws model one worker per processor: fit them on the runs that had that.
    const fitted = rows.filter((r) => r.workers <= cores);
    if (!fitted.some((r) => r.p > 1)) {
      throw new RangeError(
        `A fit needs a run with 2 to ${cores} workers (one per core); add one to workerCounts.`,
      );
    }
    // One point per timed run (not per median), each against the baseline's median.
    const amdahl = fitAmdahl(
      fitted.flatMap((r) => (r.strongSamples ?? [r.strongMs]).map((ms) => ({ p: r.p, speedup: t1 / ms }))),
    );
    const gustafson = fitGustafson(
      fitted.flatMap((r) =>
        (r.weakSamples ?? [r.weakMs]).map((ms) => ({ n: r.p, speedup: r.weakOneWorkerMs / ms })),
      ),
    );
    for (const r of rows) {
      r.amdahl = amdahlSpeedup(amdahl.f, r.p);
      r.gustafson = gustafsonSpeedup(gustafson.alpha, r.p);
    }
    const consistent = rows.every(
      (r) => r.strongValue === rows[0].strongValue && r.weakValue === r.weakOneWorkerValue,
    );
    kinds.push({
      kind,
      rows,
      fittedWorkers: fitted.map((r) => r.workers),
      amdahl,
      gustafson,
      stop: stopsPaying(rows),
      consistent,
    });
  }
  return { ...raw, cores, kinds };
}

const pct = (x) => `${(100 * x).toFixed(0)} %`;
const times = (x) => `${x.toFixed(2)}×`;
const ms = (x) => `${x.toFixed(0)} ms`;

/**
 * The study as printed lines (tables, fits, and the verdict on adding workers).
 *
 * @example
 * for (const line of formatStudy(analyseStudy(raw, 2))) console.log(line);
 */
export function formatStudy(study) {
  const out = [];
  const steps = (n) => `${(n / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })} M`;
  out.push(
    `Work: one serial task of ${steps(study.serialSteps)} xorshift steps, then ${study.chunks} chunks of ` +
      `${steps(study.chunkSteps)} steps (serial share of the work by design: ${pct(study.serialShare)}); ` +
      `${study.cores} cores; median of ${study.repeats} runs.`,
  );
  for (const k of study.kinds) {
    out.push('', `## ${k.kind}`, '');
    out.push('Strong scaling (the same work on more workers):');
    out.push('workers  p  time        speedup  efficiency  Amdahl fit');
    for (const r of k.rows) {
      out.push(
        `${String(r.workers).padStart(7)}  ${r.p}  ${ms(r.strongMs).padStart(10)}  ${times(r.speedup).padStart(7)}` +
          `  ${pct(r.efficiency).padStart(10)}  ${times(r.amdahl).padStart(10)}`,
      );
    }
    out.push(
      `Amdahl, least squares over the speedups of every run with ${k.fittedWorkers.join(', ')} workers (at most one per core): serial fraction f = ${k.amdahl.f.toFixed(3)} ` +
        `(residual ${k.amdahl.residual.toExponential(1)}); no number of cores can beat 1/f = ` +
        `${k.amdahl.f > 0 ? times(1 / k.amdahl.f) : '∞'}.`,
    );
    out.push('', `Weak scaling (w workers get w × ${study.chunks} chunks; the serial task stays the same):`);
    out.push(
      'workers  p  chunks  time        1 worker, same work  scaled speedup  efficiency  Gustafson fit',
    );
    for (const r of k.rows) {
      out.push(
        `${String(r.workers).padStart(7)}  ${r.p}  ${String(r.workers * study.chunks).padStart(6)}  ` +
          `${ms(r.weakMs).padStart(10)}  ${ms(r.weakOneWorkerMs).padStart(19)}  ${times(r.scaled).padStart(14)}` +
          `  ${pct(r.scaledEfficiency).padStart(10)}  ${times(r.gustafson).padStart(13)}`,
      );
    }
    out.push(
      `Gustafson, least squares over the scaled speedups of every run with ${k.fittedWorkers.join(', ')} workers: serial fraction α = ${k.gustafson.alpha.toFixed(3)} ` +
        `(residual ${k.gustafson.residual.toExponential(1)}): S(N) = N − α(N − 1).`,
    );
    out.push('');
    if (k.stop === undefined) {
      out.push(
        `Every step up to ${k.rows.at(-1).workers} workers paid (each made the run at least 10 % faster).`,
      );
    } else {
      const { from, to, gain } = k.stop;
      const why =
        to.workers > study.cores
          ? `this machine has ${study.cores} cores, so ${to.workers} workers only share them`
          : `the serial part and the overheads dominate (f = ${k.amdahl.f.toFixed(3)})`;
      out.push(
        `Adding workers stops paying at ${from.workers} → ${to.workers}: speedup ${times(from.speedup)} → ` +
          `${times(to.speedup)} (${gain >= 1 ? '+' : '−'}${pct(Math.abs(gain - 1))}), efficiency ` +
          `${pct(to.efficiency)}; ${why}.`,
      );
    }
    if (!k.consistent) out.push('WARNING: the checksums differ between runs of the same work.');
  }
  return out;
}
