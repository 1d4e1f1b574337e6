/**
 * Reduction kernels for tree reductions (graph side: ops/reductions.ts). A reduction runs in three
 * steps, each a task: `reducePartial` reduces one block over the reduced axes into a state,
 * `reduceCombine` merges up to `splitEvery` states of neighbouring blocks, `reduceFinalize` turns the
 * last state into the result block. States keep the reduced axes with length 1:
 *   sum, prod        → float64 block of running sums / products (cast at the end)
 *   min, max         → block in the input's dtype (NaN wins, as NumPy)
 *   any, all         → uint8 block
 *   mean             → { s: float64 block, n: count }
 *   var, std         → { n, m: mean block, q: block of squared deviations } merged with Chan et al.'s
 *                      pairwise update, which stays accurate where the textbook Σx² − n·mean² fails
 *   argmin, argmax   → { v: values, i: global indices } (first occurrence wins; NaN wins)
 */

import { defineTasks } from '@tusk/core';
import { type Block, sizeOf, stridesOf } from '../block.js';
import { allocate, type DType, type TypedArray } from '../dtype.js';

/** Reductions the kernels know. */
export type ReduceOp =
  | 'sum'
  | 'prod'
  | 'min'
  | 'max'
  | 'any'
  | 'all'
  | 'mean'
  | 'var'
  | 'std'
  | 'argmin'
  | 'argmax';

type Acc = (acc: TypedArray, o: number, v: number, first: boolean) => void;

const ACC: Record<string, Acc> = {
  sum: (a, o, v) => {
    a[o] += v;
  },
  prod: (a, o, v) => {
    a[o] *= v;
  },
  min: (a, o, v, f) => {
    if (f || v < a[o] || Number.isNaN(v)) {
      if (f || !Number.isNaN(a[o])) a[o] = v;
    }
  },
  max: (a, o, v, f) => {
    if (f || v > a[o] || Number.isNaN(v)) {
      if (f || !Number.isNaN(a[o])) a[o] = v;
    }
  },
  any: (a, o, v) => {
    if (v !== 0) a[o] = 1;
  },
  all: (a, o, v, f) => {
    if (f) a[o] = 1;
    if (v === 0) a[o] = 0;
  },
};

/** Walk `b`, calling `visit(outOffset, value, flatIndexInBlock)` with the reduced axes collapsed. */
function walk(b: Block, axes: readonly number[], visit: (o: number, v: number, i: number) => void): number[] {
  const nd = b.shape.length;
  const outShape = b.shape.map((n, a) => (axes.includes(a) ? 1 : n));
  const os = stridesOf(outShape);
  for (let a = 0; a < nd; a++) if (axes.includes(a)) os[a] = 0;
  const n = b.data.length;
  if (n === 0) return outShape;
  const data = b.data;
  if (nd === 0) {
    visit(0, data[0], 0);
    return outShape;
  }
  const last = nd - 1;
  const inner = b.shape[last];
  const step = os[last];
  const idx = new Array<number>(nd).fill(0);
  for (let p = 0; p < n; p += inner) {
    let o = 0;
    for (let a = 0; a < last; a++) o += idx[a] * os[a];
    for (let i = 0; i < inner; i++) visit(o + i * step, data[p + i], p + i);
    for (let a = last - 1; a >= 0; a--) {
      if (++idx[a] < b.shape[a]) break;
      idx[a] = 0;
    }
  }
  return outShape;
}

/** Sum of a whole float block with four accumulators (the common case of a full reduction). */
function sumAll(d: TypedArray): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = d.length;
  const m = n - (n % 4);
  for (let i = 0; i < m; i += 4) {
    s0 += d[i];
    s1 += d[i + 1];
    s2 += d[i + 2];
    s3 += d[i + 3];
  }
  for (let i = m; i < n; i++) s0 += d[i];
  return s0 + s1 + s2 + s3;
}

function simple(b: Block, op: string, axes: readonly number[]): Block {
  const outShape = b.shape.map((n, a) => (axes.includes(a) ? 1 : n));
  const dtype: DType =
    op === 'any' || op === 'all' ? 'bool' : op === 'min' || op === 'max' ? b.dtype : 'float64';
  const acc = allocate(dtype, sizeOf(outShape));
  if (op === 'sum' && axes.length === b.shape.length) {
    acc[0] = sumAll(b.data);
    return { shape: outShape, dtype, data: acc };
  }
  const f = ACC[op];
  const seen = new Uint8Array(acc.length);
  if (op === 'all' || op === 'prod') acc.fill(1);
  walk(b, axes, (o, v) => {
    f(acc, o, v, seen[o] === 0);
    seen[o] = 1;
  });
  return { shape: outShape, dtype, data: acc };
}

/** The running state of reducing one block. */
export type ReduceState =
  | Block
  | { readonly s: Block; readonly n: number }
  | { readonly n: number; readonly m: Block; readonly q: Block }
  | { readonly v: Block; readonly i: Block };

/**
 * Reduce block `b` over `axes`. For argmin/argmax, `offset` (the block's start in the array) and
 * `shape` (the array's) give global indices: along the one reduced axis, or flat over all axes.
 */
export function reducePartial(
  b: Block,
  op: ReduceOp,
  axes: readonly number[],
  offset: readonly number[] = [],
  shape: readonly number[] = [],
): ReduceState {
  switch (op) {
    case 'sum':
    case 'prod':
    case 'min':
    case 'max':
    case 'any':
    case 'all':
      return simple(b, op, axes);
    case 'mean': {
      const n = axes.reduce((p, a) => p * b.shape[a], 1);
      return { s: simple(b, 'sum', axes), n };
    }
    case 'var':
    case 'std': {
      const n = axes.reduce((p, a) => p * b.shape[a], 1);
      const m = simple(b, 'sum', axes);
      for (let i = 0; i < m.data.length; i++) m.data[i] /= n;
      const q = allocate('float64', m.data.length);
      const md = m.data;
      walk(b, axes, (o, v) => {
        const d = v - md[o];
        q[o] += d * d;
      });
      return { n, m, q: { shape: m.shape, dtype: 'float64', data: q } };
    }
    case 'argmin':
    case 'argmax': {
      const outShape = b.shape.map((n, a) => (axes.includes(a) ? 1 : n));
      const size = sizeOf(outShape);
      const v = allocate('float64', size);
      const ix = allocate('float64', size);
      const seen = new Uint8Array(size);
      const bs = stridesOf(b.shape);
      const gs = stridesOf(shape);
      const flat = axes.length !== 1;
      const ax = axes[0];
      const isMin = op === 'argmin';
      walk(b, axes, (o, x, p) => {
        // The element's global index: along `ax`, or flat in the whole array.
        let g = 0;
        if (flat) {
          let rest = p;
          for (let a = 0; a < b.shape.length; a++) {
            const i = Math.floor(rest / bs[a]);
            rest -= i * bs[a];
            g += (offset[a] + i) * gs[a];
          }
        } else g = offset[ax] + (Math.floor(p / bs[ax]) % b.shape[ax]);
        if (seen[o] === 0 || better(x, v[o], isMin)) {
          v[o] = x;
          ix[o] = g;
          seen[o] = 1;
        }
      });
      return {
        v: { shape: outShape, dtype: 'float64', data: v },
        i: { shape: outShape, dtype: 'float64', data: ix },
      };
    }
  }
}

function better(x: number, best: number, isMin: boolean): boolean {
  if (Number.isNaN(best)) return false;
  if (Number.isNaN(x)) return true;
  return isMin ? x < best : x > best;
}

/** Merge the states of neighbouring blocks (same shapes, in array order). */
export function reduceCombine(states: readonly ReduceState[], op: ReduceOp): ReduceState {
  if (states.length === 1) return states[0];
  switch (op) {
    case 'sum':
    case 'prod':
    case 'min':
    case 'max':
    case 'any':
    case 'all': {
      const bs = states as Block[];
      const out = allocate(bs[0].dtype, bs[0].data.length);
      out.set(bs[0].data);
      const f = ACC[op];
      for (let k = 1; k < bs.length; k++) {
        const d = bs[k].data;
        if (op === 'sum') for (let i = 0; i < d.length; i++) out[i] += d[i];
        else for (let i = 0; i < d.length; i++) f(out, i, d[i], false);
      }
      return { shape: bs[0].shape, dtype: bs[0].dtype, data: out };
    }
    case 'mean': {
      const ss = states as { s: Block; n: number }[];
      const s = reduceCombine(
        ss.map((x) => x.s),
        'sum',
      ) as Block;
      return { s, n: ss.reduce((p, x) => p + x.n, 0) };
    }
    case 'var':
    case 'std': {
      const ss = states as { n: number; m: Block; q: Block }[];
      const len = ss[0].m.data.length;
      const m = new Float64Array(ss[0].m.data);
      const q = new Float64Array(ss[0].q.data);
      let n = ss[0].n;
      for (let k = 1; k < ss.length; k++) {
        const nb = ss[k].n;
        if (nb === 0) continue;
        const tot = n + nb;
        const mb = ss[k].m.data;
        const qb = ss[k].q.data;
        if (n === 0) {
          m.set(mb);
          q.set(qb);
          n = nb;
          continue;
        }
        for (let i = 0; i < len; i++) {
          const d = mb[i] - m[i];
          m[i] += (d * nb) / tot;
          q[i] += qb[i] + (d * d * n * nb) / tot;
        }
        n = tot;
      }
      const shape = ss[0].m.shape;
      return { n, m: { shape, dtype: 'float64', data: m }, q: { shape, dtype: 'float64', data: q } };
    }
    case 'argmin':
    case 'argmax': {
      const ss = states as { v: Block; i: Block }[];
      const v = new Float64Array(ss[0].v.data);
      const ix = new Float64Array(ss[0].i.data);
      const isMin = op === 'argmin';
      for (let k = 1; k < ss.length; k++) {
        const vb = ss[k].v.data;
        const ib = ss[k].i.data;
        for (let i = 0; i < v.length; i++) {
          if (better(vb[i], v[i], isMin) || (vb[i] === v[i] && ib[i] < ix[i])) {
            v[i] = vb[i];
            ix[i] = ib[i];
          }
        }
      }
      const shape = ss[0].v.shape;
      return { v: { shape, dtype: 'float64', data: v }, i: { shape, dtype: 'float64', data: ix } };
    }
  }
}

/** The result block of `shape` and `dtype` from the last state. */
export function reduceFinalize(
  state: ReduceState,
  op: ReduceOp,
  shape: readonly number[],
  dtype: DType,
  ddof = 0,
): Block {
  const out = allocate(dtype, sizeOf(shape));
  switch (op) {
    case 'mean': {
      const { s, n } = state as { s: Block; n: number };
      for (let i = 0; i < out.length; i++) out[i] = s.data[i] / n;
      break;
    }
    case 'var':
    case 'std': {
      const { n, q } = state as { n: number; q: Block };
      for (let i = 0; i < out.length; i++) {
        const v = q.data[i] / Math.max(0, n - ddof);
        out[i] = op === 'std' ? Math.sqrt(v) : v;
      }
      break;
    }
    case 'argmin':
    case 'argmax':
      out.set((state as { i: Block }).i.data);
      break;
    default:
      out.set((state as Block).data);
  }
  return { shape: [...shape], dtype, data: out };
}

defineTasks(import.meta.url, { reducePartial, reduceCombine, reduceFinalize });
