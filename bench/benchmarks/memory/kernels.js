/**
 * Chunk kernels of the memory benchmark: Float64Array chunks whose elements are small integers, so
 * every sum is exact whatever the order of additions and Tusk's, Dask's and the plain loop's answers
 * can be compared with `===`. Registered with `defineTasks`, so the threads and processes schedulers
 * import them in their workers. `cutPiece` is marked cheap: cutting a piece runs in the scheduler's
 * own thread, as a selection does, instead of copying a whole chunk to a worker for a small slice.
 *
 * The same kernels, in NumPy, are in bench/peers/dask_memory.py; `chunkValue` is their common
 * definition of the data, which the plain-loop truth (truth.js) uses directly.
 */

import { defineTasks, functionRef } from '@tusk/core';

/** Element j of chunk i (an integer in 0..1023). */
export function chunkValue(i, j) {
  return (i * 7 + j) & 1023;
}

/** Chunk i: `length` elements, `chunkValue(i, j)` each. */
export function makeChunk(i, length) {
  const a = new Float64Array(length);
  const base = (i * 7) & 1023;
  for (let j = 0; j < length; j++) a[j] = (base + j) & 1023;
  return a;
}

/** Elementwise a + b, in a new chunk. */
export function addChunks(a, b) {
  const out = new Float64Array(a.length);
  for (let j = 0; j < a.length; j++) out[j] = a[j] + b[j];
  return out;
}

/** Sum of a chunk's elements. */
export function sumChunk(a) {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j];
  return s;
}

/** Sum of a chunk, weighted by position: element j counts (j % 7) + 1 times (layout matters). */
export function weightedSum(a) {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * ((j % 7) + 1);
  return s;
}

/** Number of elements of a chunk (the persist barrier's input: it needs the chunk to exist). */
export function chunkLength(a) {
  return a.length;
}

/** Sum of numbers. */
export function total(...xs) {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/** sumChunk(a) + barrier: a chunk consumed only after every chunk exists (the barrier needs them all). */
export function sumAfter(a, barrier) {
  return sumChunk(a) + barrier;
}

/** Piece `part` of `parts` equal pieces of `a`, copied (so `a` can be released once all are cut). */
export function cutPiece(a, part, parts) {
  const len = Math.floor(a.length / parts);
  return a.slice(part * len, (part + 1) * len);
}

/** The pieces laid end to end, in a new chunk. */
export function concatPieces(...pieces) {
  let n = 0;
  for (const p of pieces) n += p.length;
  const out = new Float64Array(n);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

defineTasks(import.meta.url, {
  makeChunk,
  addChunks,
  sumChunk,
  weightedSum,
  chunkLength,
  total,
  sumAfter,
  concatPieces,
});
functionRef(cutPiece, { module: import.meta.url, cheap: true });
