/**
 * Reference arrays for the tests: a shape plus a flat row-major list of numbers, built and
 * transformed with plain loops written here — independent of the code under test.
 */

export interface Ref {
  shape: number[];
  data: number[];
}

export function size(shape: readonly number[]): number {
  return shape.reduce((p, q) => p * q, 1);
}

export function strides(shape: readonly number[]): number[] {
  const s: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** All index tuples of `shape`, row-major. */
export function indices(shape: readonly number[]): number[][] {
  const out: number[][] = [];
  const n = size(shape);
  const st = strides(shape);
  for (let f = 0; f < n; f++) out.push(shape.map((s, a) => Math.floor(f / st[a]) % s));
  return out;
}

export function fromFn(shape: number[], f: (idx: number[]) => number): Ref {
  return { shape, data: indices(shape).map(f) };
}

export function at(r: Ref, idx: readonly number[]): number {
  const st = strides(r.shape);
  return r.data[idx.reduce((p, i, a) => p + i * st[a], 0)];
}

/** A deterministic pseudo-random sequence (LCG), for test data. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Broadcast-aware binary map over references. */
export function map2(a: Ref, b: Ref, f: (x: number, y: number) => number): Ref {
  const nd = Math.max(a.shape.length, b.shape.length);
  const pa = [...Array(nd - a.shape.length).fill(1), ...a.shape];
  const pb = [...Array(nd - b.shape.length).fill(1), ...b.shape];
  const shape = pa.map((n, i) => Math.max(n, pb[i]));
  const ra = { shape: pa, data: a.data };
  const rb = { shape: pb, data: b.data };
  return fromFn(shape, (idx) =>
    f(
      at(
        ra,
        idx.map((i, k) => (pa[k] === 1 ? 0 : i)),
      ),
      at(
        rb,
        idx.map((i, k) => (pb[k] === 1 ? 0 : i)),
      ),
    ),
  );
}

/** Reduce `r` over `axes` with `f(values) → number`. */
export function reduceRef(
  r: Ref,
  axes: readonly number[],
  f: (xs: number[]) => number,
  keepdims = false,
): Ref {
  const outShape = r.shape.map((n, a) => (axes.includes(a) ? 1 : n));
  const groups = new Map<number, number[]>();
  const ost = strides(outShape);
  indices(r.shape).forEach((idx, flat) => {
    const o = idx.reduce((p, i, a) => p + (axes.includes(a) ? 0 : i * ost[a]), 0);
    if (!groups.has(o)) groups.set(o, []);
    groups.get(o)!.push(r.data[flat]);
  });
  const data = indices(outShape).map((_, o) => f(groups.get(o) ?? []));
  return { shape: keepdims ? outShape : r.shape.filter((_, a) => !axes.includes(a)), data };
}

/** Nested JS arrays of a reference (for fromArray). */
export function nested(r: Ref): unknown {
  const st = strides(r.shape);
  const build = (axis: number, off: number): unknown =>
    axis === r.shape.length
      ? r.data[off]
      : Array.from({ length: r.shape[axis] }, (_, i) => build(axis + 1, off + i * st[axis]));
  return build(0, 0);
}

/** The schedulers conformance cases run on. */
export const SCHEDULERS = [
  { scheduler: 'synchronous' },
  { scheduler: 'threads', workers: 2 },
  { scheduler: 'processes', workers: 2 },
] as const;
