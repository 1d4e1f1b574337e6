/**
 * The scaling laws the study fits to its measurements, and the rule for "adding workers stops
 * paying".
 *
 *   - Amdahl (fixed work): with a serial fraction f of the one-worker time, p processors give
 *     S(p) = 1 / (f + (1 − f) / p), never more than 1 / f. `fitAmdahl` finds the f in [0, 1] that
 *     minimises Σ (S_measured − S(p))² over the measured speedups: a one-dimensional least-squares
 *     problem, solved by a grid scan (to find the basin) and golden-section refinement.
 *   - Gustafson (work grows with the workers): with a serial fraction α of the N-worker run time,
 *     the scaled speedup is S(N) = N − α (N − 1). It is linear in α, so least squares has a closed
 *     form: α = Σ (N − 1)(N − S) / Σ (N − 1)², clamped to [0, 1].
 *   - `stopsPaying`: the first step up in workers that makes the run less than `minGain` faster.
 *
 * p and N are the processors really available: min(workers, cores), since workers beyond the cores
 * only share them. Reference: G. Amdahl, AFIPS 1967; J. Gustafson, CACM 31(5), 1988.
 */

/**
 * Amdahl's speedup on `p` processors with serial fraction `f`.
 *
 * @example
 * amdahlSpeedup(0.1, 4); // 3.0769…
 */
export function amdahlSpeedup(f, p) {
  return 1 / (f + (1 - f) / p);
}

/**
 * Gustafson's scaled speedup on `n` processors with serial fraction `alpha`.
 *
 * @example
 * gustafsonSpeedup(0.1, 4); // 3.7
 */
export function gustafsonSpeedup(alpha, n) {
  return n - alpha * (n - 1);
}

function sumOfSquares(points, f) {
  let s = 0;
  for (const { p, speedup } of points) {
    const r = speedup - amdahlSpeedup(f, p);
    s += r * r;
  }
  return s;
}

/**
 * The serial fraction f ∈ [0, 1] whose Amdahl curve best fits `points` ({ p, speedup }) in the
 * least-squares sense, with the residual sum of squares.
 *
 * @example
 * fitAmdahl([{ p: 1, speedup: 1 }, { p: 2, speedup: 1.8182 }, { p: 4, speedup: 3.0769 }]); // { f: ≈0.1, … }
 */
export function fitAmdahl(points) {
  if (!points.some((q) => q.p > 1)) throw new RangeError('fitAmdahl needs a point with p > 1.');
  const GRID = 1000;
  let best = 0;
  for (let i = 1; i <= GRID; i++) {
    if (sumOfSquares(points, i / GRID) < sumOfSquares(points, best / GRID)) best = i;
  }
  // Golden-section search in the grid cell either side of the best grid point.
  let lo = Math.max(0, (best - 1) / GRID);
  let hi = Math.min(1, (best + 1) / GRID);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  for (let i = 0; i < 100 && hi - lo > 1e-12; i++) {
    if (sumOfSquares(points, a) <= sumOfSquares(points, b)) {
      hi = b;
      b = a;
      a = hi - ratio * (hi - lo);
    } else {
      lo = a;
      a = b;
      b = lo + ratio * (hi - lo);
    }
  }
  const f = (lo + hi) / 2;
  return { f, residual: sumOfSquares(points, f) };
}

/**
 * The serial fraction α that fits Gustafson's law to `points` ({ n, speedup }) by least squares.
 *
 * @example
 * fitGustafson([{ n: 2, speedup: 1.9 }, { n: 4, speedup: 3.7 }]); // { alpha: 0.1, … }
 */
export function fitGustafson(points) {
  let num = 0;
  let den = 0;
  for (const { n, speedup } of points) {
    num += (n - 1) * (n - speedup);
    den += (n - 1) * (n - 1);
  }
  if (den === 0) throw new RangeError('fitGustafson needs a point with n > 1.');
  // The sum of squares is a parabola in α: its minimum over [0, 1] is the clamped vertex.
  const alpha = Math.min(1, Math.max(0, num / den));
  let residual = 0;
  for (const { n, speedup } of points) residual += (speedup - gustafsonSpeedup(alpha, n)) ** 2;
  return { alpha, residual };
}

/**
 * The first step in `rows` ({ workers, speedup }, by increasing workers) whose speedup is less than
 * `minGain` times the previous one, or undefined when every step paid.
 *
 * @example
 * stopsPaying([{ workers: 1, speedup: 1 }, { workers: 2, speedup: 1.9 }, { workers: 4, speedup: 1.85 }]);
 * // { from: { workers: 2, … }, to: { workers: 4, … }, gain: 0.974 }
 */
export function stopsPaying(rows, minGain = 1.1) {
  for (let i = 1; i < rows.length; i++) {
    const gain = rows[i].speedup / rows[i - 1].speedup;
    if (gain < minGain) return { from: rows[i - 1], to: rows[i], gain };
  }
  return undefined;
}
