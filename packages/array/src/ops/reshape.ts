/**
 * reshape, squeeze and expandDims: new shapes for the same row-major data.
 *
 * `reshape` splits the old and new shapes into groups of axes with equal products (e.g. (6, 4) →
 * (2, 3, 4) groups as [6] → [2, 3] and [4] → [4]). A group can be done block by block when
 *   - it maps one axis to one axis: the chunks carry over;
 *   - it merges axes (a, b, …) → one: every input axis but the first is one whole block; the new
 *     chunks are the first axis's chunks times the product of the rest;
 *   - it splits one axis → (a, b, …): for some split axis, the new axes after it are whole blocks,
 *     the ones before it blocks of 1, and the old blocks cut the split axis the same way each time
 *     round (24 in blocks of 6 → (2, 4, 3) with chunks (1, 1), (2, 2), (3)). Merges followed by
 *     splits combine both rules.
 * Anything else is refused with a ChunkError that says which axes to rechunk (Dask rechunks for you;
 * here the cost stays visible). One `-1` in the new shape is inferred. Each block is relabelled, not
 * copied (`reshapeBlock`).
 */

import { Ref, task } from '@tusk/core';
import { sizeOf } from '../block.js';
import { ChunkedArray } from '../chunked-array.js';
import { ChunkError, ShapeError } from '../errors.js';
import { arrayLayer, gridNodes, kernel, keyOf, layerName } from '../graph/build.js';
import { reshapeBlock } from '../kernels/structure.js';
import { normalizeAxes, normalizeAxis } from './axes.js';

function inferShape(x: ChunkedArray, shape: readonly number[]): number[] {
  const s = [...shape];
  const unknown = s.filter((n) => n === -1).length;
  if (unknown > 1 || !s.every((n) => n === -1 || (Number.isInteger(n) && n >= 0))) {
    throw new ShapeError(
      'reshape',
      [x.shape, s],
      'the new shape needs non-negative integers and at most one -1',
    );
  }
  if (unknown === 1) {
    const known = s.filter((n) => n !== -1).reduce((p, q) => p * q, 1);
    if (known === 0 || x.size % known !== 0) {
      throw new ShapeError(
        'reshape',
        [x.shape, s],
        `cannot infer the -1: ${x.size} elements do not divide by ${known}`,
      );
    }
    s[s.indexOf(-1)] = x.size / known;
  }
  if (sizeOf(s) !== x.size) {
    throw new ShapeError('reshape', [x.shape, s], `${x.size} elements cannot take a shape of ${sizeOf(s)}`);
  }
  return s;
}

/** Build a block-by-block relabel to `shape` with `chunks` whose block grid maps onto the input's. */
function relabel(
  x: ChunkedArray,
  prefix: string,
  shape: readonly number[],
  chunks: number[][],
  inIndex: (outIdx: number[]) => number[],
): ChunkedArray {
  const name = layerName(prefix, x.name, shape, chunks);
  const ref = kernel(reshapeBlock);
  const nodes = gridNodes(name, chunks, (idx, key) =>
    task(key, ref, [new Ref(keyOf(x.name, inIndex(idx))), idx.map((i, a) => chunks[a][i])]),
  );
  return new ChunkedArray(name, arrayLayer(name, nodes, [x.__tusk_layer()]), shape, chunks, x.dtype);
}

/**
 * The same data with a new shape (rules in the header).
 *
 * @example
 * arange(12, { chunks: 4 }).reshape(3, 4).chunks; // [[1, 1, 1], [4]]
 */
export function reshape(x: ChunkedArray, ...args: number[] | [readonly number[]]): ChunkedArray {
  const wanted = (typeof args[0] === 'number' ? args : args[0]) as readonly number[];
  const shape = inferShape(x, wanted);
  if (shape.length === x.ndim && shape.every((n, a) => n === x.shape[a])) return x;
  // Drop length-1 axes on both sides (they hold one block each), then group.
  const inAxes = x.shape.map((_, a) => a).filter((a) => x.shape[a] !== 1);
  const outAxes = shape.map((_, a) => a).filter((a) => shape[a] !== 1);
  const chunks: number[][] = shape.map(() => [1]);
  // For each kept out axis: how its block index maps to an input axis's block index.
  const mapping: { outAxes: number[]; inAxis: number; split: number; groupLen: number }[] = [];
  let i = 0;
  let j = 0;
  const fail = (detail: string): never => {
    throw new ChunkError(
      'reshape',
      x.shape,
      x.chunks,
      `cannot reshape (${x.shape.join(', ')}) to (${shape.join(', ')}) block by block: ${detail}`,
    );
  };
  if (x.size === 0) {
    if (x.chunks.some((cs) => cs.length !== 1))
      fail('an empty array must be one block; rechunk it to -1 first.');
    return relabel(
      x,
      'reshape',
      shape,
      shape.map((n) => [n]),
      () => x.shape.map(() => 0),
    );
  }
  while (i < inAxes.length || j < outAxes.length) {
    const gi = [inAxes[i++]];
    const go = [outAxes[j++]];
    let pi = x.shape[gi[0]];
    let po = shape[go[0]];
    while (pi !== po) {
      if (pi < po) {
        gi.push(inAxes[i++]);
        pi *= x.shape[gi[gi.length - 1]];
      } else {
        go.push(outAxes[j++]);
        po *= shape[go[go.length - 1]];
      }
    }
    const first = gi[0];
    for (const a of gi.slice(1)) {
      if (x.chunks[a].length !== 1) {
        fail(
          `axis ${a} (length ${x.shape[a]}) is merged into the axis before it, so it must be one block; ` +
            `rechunk it first (x.rechunk([...]) with -1 for axis ${a}).`,
        );
      }
    }
    const inner = gi.slice(1).reduce((p, a) => p * x.shape[a], 1);
    const counts = x.chunks[first].map((c) => c * inner);
    const plan = splitPlan(
      counts,
      go.map((a) => shape[a]),
    );
    if (!plan) {
      const trailing = go.slice(1).reduce((p, a) => p * shape[a], 1);
      fail(
        `the blocks of axis ${first} (${x.chunks[first].join(', ')}) do not cut evenly into the new axes ` +
          `(${go.map((a) => shape[a]).join(' × ')}); rechunk axis ${first} to multiples of ${Math.max(1, trailing / inner)} first.`,
      );
    }
    go.forEach((a, k) => {
      chunks[a] = plan!.chunks[k];
    });
    mapping.push({
      outAxes: go,
      inAxis: first,
      split: plan!.split,
      groupLen: plan!.chunks[plan!.split].length,
    });
  }
  return relabel(x, 'reshape', shape, chunks, (idx) => {
    const src = x.shape.map(() => 0);
    for (const m of mapping) {
      // Block b of the input axis is repetition r (over the out axes before the split) at position p.
      let r = 0;
      for (let k = 0; k < m.split; k++) r = r * shape[m.outAxes[k]] + idx[m.outAxes[k]];
      src[m.inAxis] = r * m.groupLen + idx[m.outAxes[m.split]];
    }
    return src;
  });
}

/**
 * How blocks of `counts` elements (in order) map onto new axes `lengths` (row-major): the axes after
 * some split axis are whole, the ones before it have blocks of 1, and the split axis is cut the same
 * way in every repetition. Undefined when no split axis works.
 */
function splitPlan(
  counts: readonly number[],
  lengths: readonly number[],
): { split: number; chunks: number[][] } | undefined {
  for (let s = 0; s < lengths.length; s++) {
    const P = lengths.slice(s + 1).reduce((p, q) => p * q, 1);
    if (!counts.every((c) => c % P === 0)) continue;
    const q = counts.map((c) => c / P);
    const L = lengths[s];
    const groups: number[][] = [];
    let cur: number[] = [];
    let sum = 0;
    let ok = true;
    for (const v of q) {
      cur.push(v);
      sum += v;
      if (sum === L) {
        groups.push(cur);
        cur = [];
        sum = 0;
      } else if (sum > L) {
        ok = false;
        break;
      }
    }
    const reps = lengths.slice(0, s).reduce((p, r) => p * r, 1);
    if (!ok || cur.length > 0 || groups.length !== reps) continue;
    if (!groups.every((g) => g.length === groups[0].length && g.every((v, i) => v === groups[0][i])))
      continue;
    const chunks = lengths.map((n, k) => (k < s ? new Array<number>(n).fill(1) : k === s ? groups[0] : [n]));
    return { split: s, chunks };
  }
  return undefined;
}

/**
 * Remove axes of length 1 (all of them, or those in `axis`).
 *
 * @example
 * zeros([1, 3, 1]).squeeze().shape; // [3]
 */
export function squeeze(x: ChunkedArray, axis?: number | readonly number[]): ChunkedArray {
  const axes =
    axis === undefined
      ? x.shape.map((_, a) => a).filter((a) => x.shape[a] === 1)
      : normalizeAxes('squeeze', axis, x.ndim);
  for (const a of axes) {
    if (x.shape[a] !== 1) {
      throw new ShapeError(
        'squeeze',
        [x.shape],
        `axis ${a} has length ${x.shape[a]}; only axes of length 1 can be removed`,
      );
    }
  }
  if (axes.length === 0) return x;
  const keep = x.shape.map((_, a) => a).filter((a) => !axes.includes(a));
  return relabel(
    x,
    'squeeze',
    keep.map((a) => x.shape[a]),
    keep.map((a) => [...x.chunks[a]]),
    (idx) => {
      const src = x.shape.map(() => 0);
      keep.forEach((a, k) => {
        src[a] = idx[k];
      });
      return src;
    },
  );
}

/** Insert an axis of length 1 at position `axis` of the result. */
export function expandDims(x: ChunkedArray, axis: number): ChunkedArray {
  const a = normalizeAxis('expandDims', axis, x.ndim + 1);
  const shape = [...x.shape.slice(0, a), 1, ...x.shape.slice(a)];
  const chunks = [...x.chunks.slice(0, a).map((c) => [...c]), [1], ...x.chunks.slice(a).map((c) => [...c])];
  return relabel(x, 'expand_dims', shape, chunks, (idx) => [...idx.slice(0, a), ...idx.slice(a + 1)]);
}
