/**
 * overlap: every block extended by `depth` cells from its neighbours on each side of each axis
 * (Dask's `dask.array.overlap.overlap`), and `trimOverlap`, which cuts them off again. At the array's
 * edges the `boundary` rule supplies the cells: 'reflect' mirrors the edge (…, x1, x0 | x0, x1, …),
 * 'periodic' wraps around, 'nearest' repeats the edge value, a number fills with that constant, and
 * 'none' adds nothing there (halos stop at the edges). For each extended block this module works
 * out, per axis, which global position every cell comes from; the neighbouring blocks are cut to
 * the ranges needed (strips, shared between the blocks that read them) and `haloBlock` copies them
 * into place. A depth larger than a chunk simply reaches further neighbours.
 */

import { Ref, task } from '@tusk/core';
import { ChunkedArray } from '../chunked-array.js';
import { chunkOffsets } from '../chunks.js';
import { ArrayError } from '../errors.js';
import { arrayLayer, gridNodes, kernel, keyOf, layerName } from '../graph/build.js';
import { haloBlock } from '../kernels/halo.js';
import { sliceBlock } from '../kernels/structure.js';
import { normalizeAxis } from './axes.js';

/** What fills the cells beyond the array's edge. */
export type Boundary = 'reflect' | 'periodic' | 'nearest' | 'none' | number;

/** Depth per axis: one number for all, one per axis, or `{ axis: depth }` (others 0). */
export type DepthInput = number | readonly number[] | Readonly<Record<number, number>>;

/** Boundary for all axes, one per axis, or `{ axis: boundary }` (others 'none'). */
export type BoundaryInput = Boundary | readonly Boundary[] | Readonly<Record<number, Boundary>>;

/** Per-axis depth and boundary, checked. */
export interface OverlapSpec {
  readonly depth: number[];
  readonly boundary: Boundary[];
}

function perAxis<T>(
  op: string,
  what: string,
  v: T | readonly T[] | Readonly<Record<number, T>>,
  ndim: number,
  dflt: T,
  scalar: (u: unknown) => boolean,
): T[] {
  if (scalar(v)) return new Array<T>(ndim).fill(v as T);
  if (Array.isArray(v)) {
    if (v.length !== ndim)
      throw new ArrayError(`${op}: give one ${what} per axis (${ndim}), got ${v.length}.`);
    return [...v];
  }
  const out = new Array<T>(ndim).fill(dflt);
  for (const [k, val] of Object.entries(v as Record<string, T>))
    out[normalizeAxis(op, Number(k), ndim)] = val;
  return out;
}

/** Check depth and boundary against `x` (a clear error for bad values). */
export function overlapSpec(
  op: string,
  x: ChunkedArray,
  depth: DepthInput,
  boundary: BoundaryInput = 'none',
): OverlapSpec {
  const isBoundary = (u: unknown) => typeof u === 'number' || typeof u === 'string';
  const d = perAxis(op, 'depth', depth, x.ndim, 0, (u) => typeof u === 'number');
  const b = perAxis<Boundary>(op, 'boundary', boundary, x.ndim, 'none', isBoundary);
  d.forEach((v, a) => {
    if (!Number.isInteger(v) || v < 0)
      throw new ArrayError(`${op}: depth along axis ${a} must be a non-negative integer, got ${v}.`);
    const m = b[a];
    if (typeof m === 'string' && !['reflect', 'periodic', 'nearest', 'none'].includes(m)) {
      throw new ArrayError(
        `${op}: boundary '${m}' along axis ${a} is not one of 'reflect', 'periodic', 'nearest', 'none' or a number.`,
      );
    }
    if ((m === 'reflect' || m === 'periodic') && v > x.shape[a] && x.shape[a] > 0) {
      throw new ArrayError(
        `${op}: depth ${v} along axis ${a} exceeds its length ${x.shape[a]}, which '${m}' cannot supply; use a smaller depth.`,
      );
    }
  });
  // An empty axis has nothing to exchange.
  return { depth: d.map((v, a) => (x.shape[a] === 0 ? 0 : v)), boundary: b };
}

/** Cells added before and after block `i` along an axis cut into `chunks` ('none' stops at the edges). */
function sides(depth: number, boundary: Boundary, i: number, chunks: readonly number[]): [number, number] {
  if (boundary !== 'none') return [depth, depth];
  let before = 0;
  for (let b = 0; b < i; b++) before += chunks[b];
  let after = 0;
  for (let b = i + 1; b < chunks.length; b++) after += chunks[b];
  return [Math.min(depth, before), Math.min(depth, after)];
}

/** Global source position of global position g (−1: the constant). */
function source(g: number, n: number, boundary: Boundary): number {
  if (g >= 0 && g < n) return g;
  switch (boundary) {
    case 'periodic':
      return ((g % n) + n) % n;
    case 'reflect':
      return g < 0 ? -g - 1 : 2 * n - 1 - g;
    case 'nearest':
      return g < 0 ? 0 : n - 1;
    default:
      return -1;
  }
}

/** Per axis and block: the extended chunk, the segments [block, lo, hi) and the cell maps. */
interface AxisHalo {
  readonly size: number;
  readonly segments: [number, number, number][];
  readonly seg: number[];
  readonly local: number[];
}

function axisHalo(chunks: readonly number[], i: number, depth: number, boundary: Boundary): AxisHalo {
  const off = chunkOffsets(chunks);
  const n = off[chunks.length];
  const [lo, hi] = sides(depth, boundary, i, chunks);
  const size = chunks[i] + lo + hi;
  const src: number[] = [];
  for (let t = 0; t < size; t++) src.push(source(off[i] - lo + t, n, boundary));
  const blockOf = (p: number) => {
    let b = 0;
    while (off[b + 1] <= p) b++;
    return b;
  };
  const range = new Map<number, [number, number]>();
  for (const p of src) {
    if (p < 0) continue;
    const b = blockOf(p);
    const r = range.get(b);
    if (r) {
      r[0] = Math.min(r[0], p - off[b]);
      r[1] = Math.max(r[1], p - off[b] + 1);
    } else range.set(b, [p - off[b], p - off[b] + 1]);
  }
  const blocks = [...range.keys()].sort((p, q) => p - q);
  const segments = blocks.map((b) => [b, ...range.get(b)!] as [number, number, number]);
  const seg: number[] = [];
  const local: number[] = [];
  for (const p of src) {
    if (p < 0) {
      seg.push(-1);
      local.push(0);
      continue;
    }
    const b = blockOf(p);
    const s = blocks.indexOf(b);
    seg.push(s);
    local.push(p - off[b] - segments[s][1]);
  }
  return { size, segments, seg, local };
}

/**
 * Each block extended by its neighbours' cells (the halo).
 *
 * @example
 * overlap(arange(10, { chunks: 5 }), 1, 'periodic').chunks; // [[7, 7]]
 */
export function overlap(x: ChunkedArray, depth: DepthInput, boundary: BoundaryInput = 'none'): ChunkedArray {
  const spec = overlapSpec('overlap', x, depth, boundary);
  if (spec.depth.every((d) => d === 0)) return x;
  const halos = x.chunks.map((c, a) => c.map((_, i) => axisHalo(c, i, spec.depth[a], spec.boundary[a])));
  const chunks = halos.map((h) => h.map((v) => v.size));
  const fills = spec.boundary.map((m) => (typeof m === 'number' ? m : 0));
  const fill = fills.find((v) => v !== 0) ?? 0;
  if (fills.some((v) => v !== 0 && v !== fill))
    throw new ArrayError('overlap: constant boundaries must use the same value on every axis.');
  const name = layerName('overlap', x.name, spec.depth, spec.boundary);
  const stripName = `${name}-strip`;
  const strips = new Map<string, Ref>();
  const extra: ReturnType<typeof task>[] = [];
  const strip = (b: number[], lo: number[], hi: number[]): Ref => {
    const whole = b.every((v, a) => lo[a] === 0 && hi[a] === x.chunks[a][v]);
    if (whole) return new Ref(keyOf(x.name, b));
    const id = `${b.join(',')}|${lo.join(',')}|${hi.join(',')}`;
    let ref = strips.get(id);
    if (!ref) {
      const key = keyOf(stripName, [strips.size]);
      const count = hi.map((h, a) => h - lo[a]);
      extra.push(
        task(key, kernel(sliceBlock), [new Ref(keyOf(x.name, b)), lo, count.map(() => 1), count, []]),
      );
      ref = new Ref(key);
      strips.set(id, ref);
    }
    return ref;
  };
  const nodes = gridNodes(name, chunks, (idx, key) => {
    const h = idx.map((i, a) => halos[a][i]);
    // Pieces: the product of the segments of every axis, row-major.
    let combos: [number, number, number][][] = [[]];
    for (const ax of h) combos = combos.flatMap((c) => ax.segments.map((s) => [...c, s]));
    const pieces = combos.map((c) =>
      strip(
        c.map((s) => s[0]),
        c.map((s) => s[1]),
        c.map((s) => s[2]),
      ),
    );
    return task(key, kernel(haloBlock), [
      pieces,
      h.map((v) => v.seg),
      h.map((v) => v.local),
      h.map((v) => v.size),
      x.dtype,
      fill,
    ]);
  });
  return new ChunkedArray(
    name,
    arrayLayer(name, [...extra, ...nodes], [x.__tusk_layer()]),
    chunks.map((c) => c.reduce((p, q) => p + q, 0)),
    chunks,
    x.dtype,
  );
}

/**
 * Cut the halo that `overlap(x, depth, boundary)` added off every block of `y` (which has the
 * extended chunks): the result has `x`'s chunks.
 */
export function trimOverlap(y: ChunkedArray, x: ChunkedArray, spec: OverlapSpec): ChunkedArray {
  if (spec.depth.every((d) => d === 0)) return y;
  const name = layerName('trim-overlap', y.name, spec.depth, spec.boundary);
  const nodes = gridNodes(name, x.chunks, (idx, key) => {
    const lo = idx.map((i, a) => sides(spec.depth[a], spec.boundary[a], i, x.chunks[a])[0]);
    const count = idx.map((i, a) => x.chunks[a][i]);
    return task(key, kernel(sliceBlock), [new Ref(keyOf(y.name, idx)), lo, count.map(() => 1), count, []]);
  });
  return new ChunkedArray(name, arrayLayer(name, nodes, [y.__tusk_layer()]), x.shape, x.chunks, y.dtype);
}
