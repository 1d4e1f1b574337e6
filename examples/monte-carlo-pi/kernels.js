/**
 * The per-chunk kernels of the Monte Carlo π example: throw darts at the unit square and count
 * those that land inside the quarter circle x² + y² < 1 (the fraction tends to π/4).
 *
 * Reproducibility: every chunk draws from its own random stream, seeded from (seed, chunk index)
 * — never from the worker, the thread or the time. A chunk therefore throws the same darts
 * whichever scheduler, worker or order runs it, and the counts are integers, so their sum is exact
 * in any order: the estimate is bit-identical on every scheduler and worker count.
 *
 * Generator: xoshiro128** (Blackman & Vigna, https://prng.di.unimi.it/), 32-bit state words, seeded
 * with four outputs of SplitMix32 started from a hash of (seed, chunk). Period 2^128 − 1 per stream;
 * SplitMix decorrelates streams whose chunk indices differ by one. Pure 32-bit integer arithmetic
 * (Math.imul, shifts), so it is fast and identical on every JavaScript engine.
 *
 * Kept apart from the graph-building code (main.js, graph.js) so workers import only this.
 */

import { defineTasks } from '@tusk/core';

const TWO_TO_MINUS_32 = 2 ** -32;

/**
 * The xoshiro128** state of chunk `chunk` of a run seeded with `seed`: four 32-bit words from
 * SplitMix32 started at a hash of both (never all zero).
 *
 * @example
 * streamState(42, 0); // [a, b, c, d], the same on every machine
 */
export function streamState(seed, chunk) {
  let z = (Math.imul(seed | 0, 0x9e3779b9) ^ Math.imul((chunk | 0) + 1, 0x85ebca6b)) | 0;
  const out = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    z = (z + 0x9e3779b9) | 0;
    let t = z ^ (z >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    out[i] = (t ^ (t >>> 15)) | 0;
  }
  if ((out[0] | out[1] | out[2] | out[3]) === 0) out[0] = 1;
  return out;
}

/**
 * Throw `samples` darts with the stream of chunk `chunk` of seed `seed`; return how many landed
 * inside the quarter circle (an integer).
 *
 * @example
 * countHits(42, 0, 1_000_000); // ≈ 785,398 — the same number on every scheduler
 */
export function countHits(seed, chunk, samples) {
  let [a, b, c, d] = streamState(seed, chunk);
  let hits = 0;
  for (let i = 0; i < samples; i++) {
    // xoshiro128**: one 32-bit output for x ...
    let r = Math.imul(b, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    let t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    const x = (r >>> 0) * TWO_TO_MINUS_32;
    // ... and one for y.
    r = Math.imul(b, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    const y = (r >>> 0) * TWO_TO_MINUS_32;
    if (x * x + y * y < 1) hits++;
  }
  return hits;
}

/**
 * The sum of the chunks' counts (exact: integers below 2^53 add exactly in any order).
 *
 * @example
 * sumCounts(3, 4, 5); // 12
 */
export function sumCounts(...counts) {
  let s = 0;
  for (const c of counts) s += c;
  return s;
}

defineTasks(import.meta.url, { countHits, sumCounts });
