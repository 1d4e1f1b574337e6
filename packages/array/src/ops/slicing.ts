/**
 * Basic indexing (NumPy's): per axis an integer (negative counts from the end; the axis is dropped),
 * a slice — `'start:stop:step'` text or `{ start, stop, step }`, negative steps walk backwards — `null`
 * for a new axis of length 1, and one `'...'` standing for all the axes not named. Missing trailing
 * axes are taken whole. Each output block is a strided cut of one input block, so the result keeps
 * the input's chunk boundaries (blocks that lose all their elements disappear); a block taken whole
 * is passed through as an alias.
 */

import { alias, Ref, task } from '@tusk/core';
import { ChunkedArray } from '../chunked-array.js';
import { chunkOffsets } from '../chunks.js';
import { IndexError } from '../errors.js';
import { arrayLayer, gridNodes, kernel, keyOf, layerName } from '../graph/build.js';
import { sliceBlock } from '../kernels/structure.js';
import { expandDims } from './reshape.js';

/** A slice object. */
export interface Slice {
  start?: number | null;
  stop?: number | null;
  step?: number | null;
}

/** One entry of an index. */
export type SliceSpec = number | string | Slice | null;

/** Per output block along one axis: input block, local start, step, count. */
type AxisPart = [number, number, number, number];

function parseText(s: string): Slice {
  const parts = s.split(':');
  if (parts.length < 2 || parts.length > 3) {
    throw new IndexError(
      'slice',
      s,
      `'${s}' is not a slice; write 'start:stop:step' (any part may be empty).`,
    );
  }
  const num = (t: string): number | null => {
    if (t.trim() === '') return null;
    const v = Number(t);
    if (!Number.isInteger(v)) throw new IndexError('slice', s, `'${t}' in '${s}' is not an integer.`);
    return v;
  };
  return { start: num(parts[0]), stop: num(parts[1]), step: parts.length === 3 ? num(parts[2]) : null };
}

/** NumPy's slice.indices: normalised start, step and count for an axis of length n. */
export function sliceIndices(sl: Slice, n: number): { start: number; step: number; count: number } {
  const step = sl.step ?? 1;
  if (!Number.isInteger(step) || step === 0)
    throw new IndexError('slice', sl, `the step must be a non-zero integer, got ${step}.`);
  const norm = (v: number | null | undefined, dflt: number, lo: number, hi: number) => {
    if (v === null || v === undefined) return dflt;
    const w = v < 0 ? v + n : v;
    return Math.min(hi, Math.max(lo, w));
  };
  let start: number;
  let stop: number;
  if (step > 0) {
    start = norm(sl.start, 0, 0, n);
    stop = norm(sl.stop, n, 0, n);
  } else {
    start = norm(sl.start, n - 1, -1, n - 1);
    stop = norm(sl.stop, -1, -1, n - 1);
  }
  const count = Math.max(0, Math.ceil((stop - start) / step));
  return { start, step, count };
}

function axisParts(chunks: readonly number[], start: number, step: number, count: number): AxisPart[] {
  const off = chunkOffsets(chunks);
  const parts: AxisPart[] = [];
  const order = step > 0 ? chunks.map((_, b) => b) : chunks.map((_, b) => chunks.length - 1 - b);
  const last = start + (count - 1) * step;
  for (const b of order) {
    if (count === 0) break;
    const lo = off[b];
    const hi = off[b + 1] - 1;
    // First selected index inside [lo, hi].
    let first: number;
    if (step > 0) {
      if (hi < start || lo > last) continue;
      first = start + Math.max(0, Math.ceil((lo - start) / step)) * step;
      if (first > hi) continue;
      const n = Math.floor((Math.min(hi, last) - first) / step) + 1;
      parts.push([b, first - lo, step, n]);
    } else {
      if (lo > start || hi < last) continue;
      first = start - Math.max(0, Math.ceil((start - hi) / -step)) * -step;
      if (first < lo) continue;
      const n = Math.floor((first - Math.max(lo, last)) / -step) + 1;
      parts.push([b, first - lo, step, n]);
    }
  }
  if (parts.length === 0) parts.push([0, 0, 1, 0]);
  return parts;
}

/**
 * Index the array (rules in the header).
 *
 * @example
 * arange(10).slice('::-3'); // [9, 6, 3, 0]
 * zeros([4, 5]).slice(-1, '1:4').shape; // [3]
 */
export function slice(x: ChunkedArray, ...index: SliceSpec[]): ChunkedArray {
  const ell = index.filter((s) => s === '...').length;
  if (ell > 1) throw new IndexError('slice', index, "an index can only have one '...'.");
  const named = index.filter((s) => s !== null && s !== '...').length;
  if (named > x.ndim) {
    throw new IndexError('slice', index, `too many indices: ${named} for an array of ${x.ndim} dimensions.`);
  }
  const specs: SliceSpec[] = [];
  for (const s of index) {
    if (s === '...') for (let i = 0; i < x.ndim - named; i++) specs.push({});
    else specs.push(s);
  }
  while (specs.filter((s) => s !== null).length < x.ndim) specs.push({});
  const perAxis: AxisPart[][] = [];
  const drop: number[] = [];
  const newAxes: number[] = [];
  let a = 0;
  let outAxis = 0;
  for (const s of specs) {
    if (s === null) {
      newAxes.push(outAxis++);
      continue;
    }
    const n = x.shape[a];
    if (typeof s === 'number') {
      if (!Number.isInteger(s) || s < -n || s >= n) {
        throw new IndexError('slice', s, `index ${s} is out of bounds for axis ${a} of length ${n}.`);
      }
      const i = s < 0 ? s + n : s;
      perAxis.push(axisParts(x.chunks[a], i, 1, 1));
      drop.push(a);
    } else {
      const sl = typeof s === 'string' ? parseText(s) : s;
      if (typeof sl !== 'object') throw new IndexError('slice', s, `cannot index with ${typeof s}.`);
      const { start, step, count } = sliceIndices(sl, n);
      perAxis.push(axisParts(x.chunks[a], start, step, count));
      outAxis++;
    }
    a++;
  }
  const chunksAll = perAxis.map((p) => p.map((q) => q[3]));
  const name = layerName('getitem', x.name, perAxis, drop);
  const ref = kernel(sliceBlock);
  const nodes = gridNodes(name, chunksAll, (idx) => {
    const parts = idx.map((i, ax) => perAxis[ax][i]);
    const src = keyOf(
      x.name,
      parts.map((p) => p[0]),
    );
    const key = keyOf(
      name,
      idx.filter((_, ax) => !drop.includes(ax)),
    );
    const whole = parts.every((p, ax) => p[1] === 0 && p[2] === 1 && p[3] === x.chunks[ax][p[0]]);
    if (whole && drop.length === 0) return alias(key, src);
    return task(key, ref, [
      new Ref(src),
      parts.map((p) => p[1]),
      parts.map((p) => p[2]),
      parts.map((p) => p[3]),
      drop,
    ]);
  });
  const chunks = chunksAll.filter((_, ax) => !drop.includes(ax));
  const shape = chunks.map((c) => c.reduce((p, q) => p + q, 0));
  let out = new ChunkedArray(name, arrayLayer(name, nodes, [x.__tusk_layer()]), shape, chunks, x.dtype);
  for (const p of newAxes) out = expandDims(out, p);
  return out;
}
