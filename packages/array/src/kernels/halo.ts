/**
 * `haloBlock`: one block extended by its halo (mapOverlap's first step). The caller has worked out,
 * per axis, where every cell of the extended block comes from: `seg[a][t]` is the index of the
 * source piece along axis a (−1: the constant fill), `local[a][t]` the position inside that piece.
 * The pieces are the neighbouring blocks cut to the ranges needed, one per combination of segments,
 * in row-major order over the segment grid. Boundary rules (reflect, periodic, nearest) are already
 * folded into the maps, so this kernel only copies: runs of consecutive positions along the last
 * axis are copied with `set`, mirrored and repeated runs element by element.
 */

import { defineTasks } from '@tusk/core';
import { type Block, sizeOf, stridesOf } from '../block.js';
import { allocate, type DType } from '../dtype.js';

/** A run along the last axis: piece segment (−1: fill), start inside the piece, length, step. */
type Run = [number, number, number, number];

function lastAxisRuns(seg: readonly number[], local: readonly number[]): Run[] {
  const runs: Run[] = [];
  for (let t = 0; t < seg.length; ) {
    const s = seg[t];
    let len = 1;
    let step = 0;
    if (t + 1 < seg.length && seg[t + 1] === s) step = s < 0 ? 0 : local[t + 1] - local[t];
    if (step < -1 || step > 1) step = 0;
    while (t + len < seg.length && seg[t + len] === s && (s < 0 || local[t + len] === local[t] + len * step))
      len++;
    runs.push([s, s < 0 ? 0 : local[t], len, step]);
    t += len;
  }
  return runs;
}

/**
 * The extended block of `shape` built from `pieces` along the maps `seg` / `local`.
 *
 * @example
 * const b = { shape: [3], dtype: 'float64', data: Float64Array.of(1, 2, 3) };
 * haloBlock([b], [[0, 0, 0, 0, 0]], [[0, 0, 1, 2, 2]], [5], 'float64', 0).data; // [1, 1, 2, 3, 3]
 */
export function haloBlock(
  pieces: readonly Block[],
  seg: readonly (readonly number[])[],
  local: readonly (readonly number[])[],
  shape: readonly number[],
  dtype: DType,
  fill: number,
): Block {
  const nd = shape.length;
  const out = allocate(dtype, sizeOf(shape));
  if (out.length === 0) return { shape: [...shape], dtype, data: out };
  if (nd === 0) {
    out[0] = pieces[0].data[0];
    return { shape: [], dtype, data: out };
  }
  // Number of segments per axis, and the piece-grid strides.
  const nseg = seg.map((s) => Math.max(0, ...s) + 1);
  const pst = stridesOf(nseg);
  const strides = pieces.map((p) => stridesOf(p.shape));
  const last = nd - 1;
  const runs = lastAxisRuns(seg[last], local[last]);
  const row = shape[last];
  const idx = new Array<number>(nd).fill(0);
  for (let o = 0; o < out.length; o += row) {
    // The outer axes pick a piece row (or the fill when any of them is outside).
    let pbase = 0;
    let outside = false;
    for (let a = 0; a < last; a++) {
      const s = seg[a][idx[a]];
      if (s < 0) outside = true;
      else pbase += s * pst[a];
    }
    if (outside) out.fill(fill, o, o + row);
    else {
      let t = o;
      for (const [s, l0, len, step] of runs) {
        if (s < 0) {
          out.fill(fill, t, t + len);
          t += len;
          continue;
        }
        const p = pieces[pbase + s * pst[last]];
        const st = strides[pbase + s * pst[last]];
        let base = 0;
        for (let a = 0; a < last; a++) base += local[a][idx[a]] * st[a];
        const src = p.data;
        const from = base + l0;
        if (step === 1 && src.constructor === out.constructor) out.set(src.subarray(from, from + len), t);
        else for (let i = 0; i < len; i++) out[t + i] = src[from + i * step];
        t += len;
      }
    }
    for (let a = last - 1; a >= 0; a--) {
      if (++idx[a] < shape[a]) break;
      idx[a] = 0;
    }
  }
  return { shape: [...shape], dtype, data: out };
}

defineTasks(import.meta.url, { haloBlock });
