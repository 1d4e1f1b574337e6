/**
 * Counting and moment aggregators: count, size, sum, mean, var, std.
 *
 * sum/mean keep (sum, count) per group in float64 (integer sums are exact up to 2^53). var/std keep
 * (n, mean, M2) per group: a partial makes two passes over its rows (group means, then the sum of
 * squared deviations from them — stable for values like 1e9 + small, where Σx² − (Σx)²/n cancels
 * catastrophically), and combine merges with Chan, Golub & LeVeque's parallel formula
 *     n = nA + nB,  δ = meanB − meanA,  mean = meanA + δ·nB/n,  M2 = M2A + M2B + δ²·nA·nB/n.
 * Reference: Chan, Golub, LeVeque, "Updating formulae and a pairwise algorithm for computing sample
 * variances" (1979); Welford (1962). Semantics as pandas: nulls are skipped; the sum of no values is
 * 0; mean/var/std of no values are null; var/std divide by n − ddof (ddof = 1) and are null when
 * n ≤ ddof. Outputs are float64 (counts too: exact to 2^53, and plain JavaScript numbers, not BigInt).
 */

import type { Data } from 'apache-arrow';
import { isNumeric } from '../../expr/dtype.js';
import { DTypeError } from '../../expr/errors.js';
import { type NumArray, readNumbers } from '../arrow/numbers.js';
import { type Aggregator, f64Data, type GroupContext, validityOf } from './aggregator.js';
import type { ResolvedAgg } from './spec.js';

function requireNumeric(spec: ResolvedAgg): void {
  const d = spec.dtype;
  if (d === undefined || !(isNumeric(d) || d === 'bool' || d === 'null')) {
    throw new DTypeError(
      `Aggregation '${spec.agg}' needs a numeric or bool column; column '${spec.column}' is ${d}.`,
      spec.column,
    );
  }
}

const SIZES = Symbol('rows per group');

/**
 * Rows per group (nulls included), counted once per partition and shared through the memo: it is
 * the count of every column without nulls. Callers get a copy (results must not share buffers).
 */
function groupSizes(ctx: GroupContext): Float64Array {
  let c = ctx.memo?.get(SIZES) as Float64Array | undefined;
  if (c === undefined) {
    c = new Float64Array(ctx.groups + 1);
    const codes = ctx.codes;
    if (codes === null) c[0] = ctx.rows;
    else for (let i = 0; i < ctx.rows; i++) c[codes[i]]++;
    ctx.memo?.set(SIZES, c);
  }
  return c.slice();
}

/** Per-group (sum, count) of the valid values of a number chunk. */
function sumCount(ctx: GroupContext, data: Data): [Float64Array, Float64Array] {
  const hit = ctx.memo?.get(data) as [Float64Array, Float64Array] | undefined;
  if (hit) return hit;
  const r = computeSumCount(ctx, data);
  ctx.memo?.set(data, r);
  return r;
}

function computeSumCount(ctx: GroupContext, data: Data): [Float64Array, Float64Array] {
  const G = ctx.groups;
  const s = new Float64Array(G + 1);
  const c = new Float64Array(G + 1);
  const v: NumArray = readNumbers(data);
  const n = ctx.rows;
  const codes = ctx.codes;
  const [bits, off] = validityOf(data);
  if (codes === null) {
    let acc = 0;
    let cnt = 0;
    if (bits === null) {
      for (let i = 0; i < n; i++) acc += v[i];
      cnt = n;
    } else {
      for (let i = 0; i < n; i++) {
        const j = off + i;
        if ((bits[j >> 3] >> (j & 7)) & 1) {
          acc += v[i];
          cnt++;
        }
      }
    }
    s[0] = acc;
    c[0] = cnt;
  } else if (bits === null) {
    for (let i = 0; i < n; i++) s[codes[i]] += v[i];
    return [s, groupSizes(ctx)];
  } else {
    for (let i = 0; i < n; i++) {
      const j = off + i;
      if ((bits[j >> 3] >> (j & 7)) & 1) {
        const g = codes[i];
        s[g] += v[i];
        c[g]++;
      }
    }
  }
  return [s, c];
}

/** Per-group sums of a float64 state column. */
function sumStates(ctx: GroupContext, state: Data): Float64Array {
  const out = new Float64Array(ctx.groups + 1);
  const v = readNumbers(state);
  const codes = ctx.codes;
  if (codes === null) for (let i = 0; i < ctx.rows; i++) out[0] += v[i];
  else for (let i = 0; i < ctx.rows; i++) out[codes[i]] += v[i];
  return out;
}

/** count: valid values per group. */
export const countAgg: Aggregator = {
  stats: ['n'],
  check() {},
  partial(ctx, data) {
    const G = ctx.groups;
    const codes = ctx.codes;
    const [bits, off] = validityOf(data!);
    if (bits === null) return [f64Data(groupSizes(ctx), G)];
    const c = new Float64Array(G + 1);
    if (codes === null) c[0] = ctx.rows - data!.nullCount;
    else {
      for (let i = 0; i < ctx.rows; i++) {
        const j = off + i;
        c[codes[i]] += (bits[j >> 3] >> (j & 7)) & 1;
      }
    }
    return [f64Data(c, G)];
  },
  combine: (ctx, [n]) => [f64Data(sumStates(ctx, n), ctx.groups)],
  finalize: ([n]) => n,
};

/** size: rows per group (nulls included). */
export const sizeAgg: Aggregator = {
  stats: ['n'],
  check() {},
  partial(ctx) {
    return [f64Data(groupSizes(ctx), ctx.groups)];
  },
  combine: (ctx, [n]) => [f64Data(sumStates(ctx, n), ctx.groups)],
  finalize: ([n]) => n,
};

/** sum of valid values (0 for none). */
export const sumAgg: Aggregator = {
  stats: ['sum'],
  check: requireNumeric,
  partial(ctx, data) {
    return [f64Data(sumCount(ctx, data!)[0], ctx.groups)];
  },
  combine: (ctx, [s]) => [f64Data(sumStates(ctx, s), ctx.groups)],
  finalize: ([s]) => s,
};

/** mean of valid values (null for none). */
export const meanAgg: Aggregator = {
  stats: ['sum', 'n'],
  check: requireNumeric,
  partial(ctx, data) {
    const [s, c] = sumCount(ctx, data!);
    return [f64Data(s, ctx.groups), f64Data(c, ctx.groups)];
  },
  combine: (ctx, [s, n]) => [f64Data(sumStates(ctx, s), ctx.groups), f64Data(sumStates(ctx, n), ctx.groups)],
  finalize([s, n], G) {
    const sv = readNumbers(s);
    const nv = readNumbers(n);
    const out = new Float64Array(G);
    const valid = new Uint8Array(G);
    for (let g = 0; g < G; g++) {
      if (nv[g] > 0) {
        out[g] = sv[g] / nv[g];
        valid[g] = 1;
      }
    }
    return f64Data(out, G, valid);
  },
};

function momentsPartial(ctx: GroupContext, data: Data): Data[] {
  const G = ctx.groups;
  const [s, c] = sumCount(ctx, data);
  const mean = new Float64Array(G + 1);
  for (let g = 0; g < G; g++) mean[g] = c[g] > 0 ? s[g] / c[g] : 0;
  const m2 = new Float64Array(G + 1);
  const v = readNumbers(data);
  const codes = ctx.codes;
  const [bits, off] = validityOf(data);
  const n = ctx.rows;
  if (codes === null) {
    const mu = mean[0];
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const j = off + i;
      if (bits === null || (bits[j >> 3] >> (j & 7)) & 1) {
        const d = v[i] - mu;
        acc += d * d;
      }
    }
    m2[0] = acc;
  } else {
    for (let i = 0; i < n; i++) {
      const j = off + i;
      if (bits === null || (bits[j >> 3] >> (j & 7)) & 1) {
        const g = codes[i];
        const d = v[i] - mean[g];
        m2[g] += d * d;
      }
    }
  }
  return [f64Data(c, G), f64Data(mean, G), f64Data(m2, G)];
}

function momentsCombine(ctx: GroupContext, [nS, meanS, m2S]: readonly Data[]): Data[] {
  const G = ctx.groups;
  const N = new Float64Array(G + 1);
  const M = new Float64Array(G + 1);
  const Q = new Float64Array(G + 1);
  const nv = readNumbers(nS);
  const mv = readNumbers(meanS);
  const qv = readNumbers(m2S);
  const codes = ctx.codes;
  for (let i = 0; i < ctx.rows; i++) {
    const nb = nv[i];
    if (nb === 0) continue;
    const g = codes === null ? 0 : codes[i];
    const na = N[g];
    const n = na + nb;
    const delta = mv[i] - M[g];
    M[g] += (delta * nb) / n;
    Q[g] += qv[i] + (delta * delta * na * nb) / n;
    N[g] = n;
  }
  return [f64Data(N, G), f64Data(M, G), f64Data(Q, G)];
}

function varianceFinalize(sqrt: boolean) {
  return ([nS, , m2S]: readonly Data[], G: number, spec: ResolvedAgg): Data => {
    const ddof = spec.ddof ?? 1;
    const nv = readNumbers(nS);
    const qv = readNumbers(m2S);
    const out = new Float64Array(G);
    const valid = new Uint8Array(G);
    for (let g = 0; g < G; g++) {
      const dof = nv[g] - ddof;
      if (dof > 0) {
        const v = Math.max(0, qv[g] / dof);
        out[g] = sqrt ? Math.sqrt(v) : v;
        valid[g] = 1;
      }
    }
    return f64Data(out, G, valid);
  };
}

/** var: sample variance (ddof 1). */
export const varAgg: Aggregator = {
  stats: ['n', 'mean', 'm2'],
  check: requireNumeric,
  partial: (ctx, data) => momentsPartial(ctx, data!),
  combine: momentsCombine,
  finalize: varianceFinalize(false),
};

/** std: sample standard deviation (ddof 1). */
export const stdAgg: Aggregator = {
  stats: ['n', 'mean', 'm2'],
  check: requireNumeric,
  partial: (ctx, data) => momentsPartial(ctx, data!),
  combine: momentsCombine,
  finalize: varianceFinalize(true),
};
