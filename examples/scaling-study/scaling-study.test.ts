/**
 * Smoke test of the scaling study: the fits on synthetic timings with a known serial fraction
 * (checked against the formulas and a brute-force grid search), the verdict on adding workers,
 * the printed numbers against ratios computed here, and one tiny real run on threads and
 * processes whose checksum is recomputed here with a plain loop.
 */

import { describe, expect, test } from 'vitest';
import { amdahlSpeedup, fitAmdahl, fitGustafson, gustafsonSpeedup, stopsPaying } from './fit.js';
import { splitWork } from './graph.js';
import { analyseStudy, formatStudy, measureStudy } from './study.js';

/** The f on a grid of step 1e-5 with the smallest sum of squared speedup residuals. */
function gridAmdahl(points: { p: number; speedup: number }[]): number {
  let best = 0;
  let bestSs = Number.POSITIVE_INFINITY;
  for (let i = 0; i <= 100_000; i++) {
    const f = i / 100_000;
    let ss = 0;
    for (const { p, speedup } of points) ss += (speedup - 1 / (f + (1 - f) / p)) ** 2;
    if (ss < bestSs) {
      bestSs = ss;
      best = f;
    }
  }
  return best;
}

describe('fits', () => {
  test("Amdahl's f is recovered from exact speedups", () => {
    const f = 0.12;
    const points = [1, 2, 4, 8, 16].map((p) => ({ p, speedup: 1 / (f + (1 - f) / p) }));
    const fit = fitAmdahl(points);
    expect(fit.f).toBeCloseTo(f, 9);
    expect(fit.residual).toBeLessThan(1e-18);
    expect(amdahlSpeedup(0.1, 4)).toBeCloseTo(1 / (0.1 + 0.9 / 4), 15);
  });

  test('with noisy speedups, the least-squares f agrees with a grid search', () => {
    const points = [
      { p: 1, speedup: 1 },
      { p: 2, speedup: 1.71 },
      { p: 3, speedup: 2.38 },
      { p: 4, speedup: 2.61 },
    ];
    expect(Math.abs(fitAmdahl(points).f - gridAmdahl(points))).toBeLessThan(2e-5);
  });

  test("Gustafson's α is recovered, and clamped to [0, 1]", () => {
    const alpha = 0.07;
    const points = [1, 2, 4, 8].map((n) => ({ n, speedup: n - alpha * (n - 1) }));
    expect(fitGustafson(points).alpha).toBeCloseTo(alpha, 12);
    expect(gustafsonSpeedup(0.1, 4)).toBeCloseTo(3.7, 12);
    // Superlinear scaled speedups would give α < 0 unconstrained.
    expect(fitGustafson([{ n: 2, speedup: 2.1 }]).alpha).toBe(0);
  });

  test('adding workers stops paying at the first step that gains < 10 %', () => {
    const rows = [
      { workers: 1, speedup: 1 },
      { workers: 2, speedup: 1.9 },
      { workers: 4, speedup: 2.0 },
      { workers: 8, speedup: 2.5 },
    ];
    const stop = stopsPaying(rows);
    expect(stop?.from.workers).toBe(2);
    expect(stop?.to.workers).toBe(4);
    expect(stop?.gain).toBeCloseTo(2 / 1.9, 12);
    expect(stopsPaying(rows.slice(0, 2))).toBeUndefined();
  });
});

test('analysis of synthetic times with a known serial fraction, and what is printed', () => {
  // T(w) = T1 (f + (1 − f) / min(w, cores)), 2 cores, f = 0.1; 4 workers pay 5 % for sharing.
  const f = 0.1;
  const t1 = 1000;
  const cores = 2;
  const strong = (w: number) => t1 * (f + (1 - f) / Math.min(w, cores)) * (w > cores ? 1.05 : 1);
  // Weak scaling: w × the parallel work. One worker: T1 (f + (1 − f) w); w workers: T1 (f + (1 − f) w / p).
  const weakOne = (w: number) => t1 * (f + (1 - f) * w);
  const weak = (w: number) => t1 * (f + ((1 - f) * w) / Math.min(w, cores)) * (w > cores ? 1.05 : 1);
  const runs = [1, 2, 4].map((w) => ({
    kind: 'threads',
    workers: w,
    strongMs: strong(w),
    strongValue: 7,
    weakMs: weak(w),
    weakValue: w,
    weakOneWorkerMs: weakOne(w),
    weakOneWorkerValue: w,
  }));
  const raw = {
    steps: 1e6,
    chunks: 4,
    serialShare: f,
    serialSteps: 1e5,
    chunkSteps: 225_000,
    repeats: 1,
    runs,
  };
  const study = analyseStudy(raw, cores);
  const k = study.kinds[0];
  expect(k.amdahl.f).toBeCloseTo(f, 9);
  // Gustafson's α is the serial share of the 2-worker run: T1 f / (T1 (f + (1 − f))) = f here.
  expect(k.gustafson.alpha).toBeCloseTo((t1 * f) / weak(2), 9);
  expect(k.rows.map((r: { speedup: number }) => r.speedup)).toEqual([1, t1 / strong(2), t1 / strong(4)]);
  expect(k.stop.to.workers).toBe(4);
  expect(k.consistent).toBe(true);
  const lines = formatStudy(study);
  const row2 = lines.find((l: string) => /^\s+2 {2}2 {2}\s+\d+ ms/.test(l));
  expect(row2).toContain(`${(t1 / strong(2)).toFixed(2)}×`); // 1.82×
  expect(row2).toContain(`${((100 * t1) / strong(2) / 2).toFixed(0)} %`); // 91 %
  expect(lines.join('\n')).toContain('serial fraction f = 0.100');
  expect(lines.join('\n')).toContain('Adding workers stops paying at 2 → 4');
  expect(lines.join('\n')).toContain('this machine has 2 cores');
});

test('every timed run is a point of the fits: noisy samples against a grid search', () => {
  const base = { strongValue: 1, weakValue: 1, weakOneWorkerValue: 1, kind: 'processes' };
  const runs = [
    {
      ...base,
      workers: 1,
      strongMs: 1000,
      strongSamples: [990, 1000, 1030],
      weakMs: 1000,
      weakOneWorkerMs: 1000,
    },
    {
      ...base,
      workers: 2,
      strongMs: 560,
      strongSamples: [540, 560, 600],
      weakMs: 1050,
      weakSamples: [1010, 1050, 1100],
      weakOneWorkerMs: 1900,
    },
    {
      ...base,
      workers: 4,
      strongMs: 600,
      strongSamples: [600, 610, 590],
      weakMs: 2100,
      weakOneWorkerMs: 3800,
    },
  ];
  const raw = { steps: 1, chunks: 4, serialShare: 0.1, serialSteps: 0, chunkSteps: 0, repeats: 3, runs };
  const k = analyseStudy(raw, 2).kinds[0];
  const points = [
    ...[990, 1000, 1030].map((ms) => ({ p: 1, speedup: 1000 / ms })),
    ...[540, 560, 600].map((ms) => ({ p: 2, speedup: 1000 / ms })),
  ];
  expect(Math.abs(k.amdahl.f - gridAmdahl(points))).toBeLessThan(2e-5);
  expect(k.amdahl.residual).toBeGreaterThan(0);
  // Gustafson over the 2-worker samples only (n = 1 carries no weight): α = mean of (2 − S).
  const alpha = [1010, 1050, 1100].reduce((a, ms) => a + (2 - 1900 / ms), 0) / 3;
  expect(k.gustafson.alpha).toBeCloseTo(alpha, 12);
  expect(k.rows[2].p).toBe(2);
  expect(k.stop.to.workers).toBe(4);
});

/** The study graph's checksum by a plain loop (the same arithmetic, written out here). */
function checksumByLoop(seed: number, serialSteps: number, chunkSteps: number, chunks: number): number {
  const steps = (x: number, n: number) => {
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
    }
    return x >>> 0;
  };
  const start = steps(seed, serialSteps);
  let out = 0;
  for (let c = 0; c < chunks; c++)
    out ^= steps((start ^ Math.imul(c + 1, 0x9e3779b9)) >>> 0 || 1, chunkSteps);
  return out >>> 0;
}

test('a tiny real run on threads and processes: checksums, speedups and fits as printed', async () => {
  const raw = await measureStudy({
    kinds: ['threads', 'processes'],
    workerCounts: [1, 2],
    steps: 2_000_000,
    chunks: 4,
    serialShare: 0.1,
    repeats: 1,
    seed: 42,
  });
  const { serialSteps, chunkSteps } = splitWork({ steps: 2_000_000, serialShare: 0.1, chunks: 4 });
  expect([serialSteps, chunkSteps]).toEqual([200_000, 450_000]);
  expect(raw.runs).toHaveLength(4);
  for (const r of raw.runs) {
    expect(r.strongValue).toBe(checksumByLoop(42, serialSteps, chunkSteps, 4));
    expect(r.weakValue).toBe(checksumByLoop(42, serialSteps, chunkSteps, 4 * r.workers));
    expect(r.weakOneWorkerValue).toBe(r.weakValue);
  }
  const study = analyseStudy(raw, 2);
  const lines = formatStudy(study).join('\n');
  for (const kind of ['threads', 'processes']) {
    const [one, two] = raw.runs.filter((r: { kind: string }) => r.kind === kind);
    const speedup = one.strongMs / two.strongMs;
    const k = study.kinds.find((x: { kind: string }) => x.kind === kind);
    // With one point at p = 2, least squares solves 1/S = f + (1 − f)/2 exactly: f = 2/S − 1.
    expect(k.amdahl.f).toBeCloseTo(Math.min(1, Math.max(0, 2 / speedup - 1)), 6);
    expect(lines).toContain(`${speedup.toFixed(2)}×`);
    expect(k.consistent).toBe(true);
  }
});
