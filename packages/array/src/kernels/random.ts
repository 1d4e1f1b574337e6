/**
 * Random blocks. Each block has its own stream: xoshiro128** (Blackman & Vigna) seeded by SplitMix32
 * from the user's seed and the block's position in the grid, so a block's values depend only on
 * (seed, block index, block shape) — never on the scheduler, the number of workers or the order tasks
 * run in. Doubles take 53 random bits from two 32-bit outputs, as NumPy's `random()` does. Normal
 * values use Marsaglia's polar method; integers scale a double to `[low, high)`.
 */

import { defineTasks } from '@tusk/core';
import type { Block } from '../block.js';
import { sizeOf } from '../block.js';
import { allocateOutput, type DType } from '../dtype.js';

/** SplitMix32 step (Steele, Lea & Flood), used to spread a seed over the generator's state. */
function splitmix(h: number): number {
  h = (h + 0x9e3779b9) | 0;
  let z = h;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The generator state of block `stream` of seed `seed`. */
function initState(seed: number, stream: number): Uint32Array {
  const s = new Uint32Array(4);
  let h = splitmix(splitmix((seed >>> 0) ^ Math.floor(seed / 2 ** 32)) ^ Math.imul(stream + 1, 0x27d4eb2f));
  for (let i = 0; i < 4; i++) {
    h = splitmix(h ^ i);
    s[i] = h;
  }
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return s;
}

/** Fill `out` with uniform doubles in [0, 1). */
function fillUniform(out: Float64Array | Float32Array, state: Uint32Array): void {
  let s0 = state[0] | 0;
  let s1 = state[1] | 0;
  let s2 = state[2] | 0;
  let s3 = state[3] | 0;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    // Two xoshiro128** outputs → 27 + 26 bits.
    let r = Math.imul(s1, 5);
    let a = Math.imul((r << 7) | (r >>> 25), 9);
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    r = Math.imul(s1, 5);
    const b = Math.imul((r << 7) | (r >>> 25), 9);
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    a >>>= 5;
    out[i] = (a * 67108864 + (b >>> 6)) * 1.1102230246251565e-16;
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}

/**
 * Uniform values in [0, 1) (float64 or float32).
 *
 * @example
 * randomBlock(42, 0, [2, 2], 'float64').data; // four values in [0, 1), the same on every run
 */
export function randomBlock(seed: number, stream: number, shape: readonly number[], dtype: DType): Block {
  const n = sizeOf(shape);
  const data = allocateOutput(dtype, n) as Float64Array | Float32Array;
  if (dtype === 'float64') fillUniform(data, initState(seed, stream));
  else {
    const tmp = new Float64Array(n);
    fillUniform(tmp, initState(seed, stream));
    data.set(tmp);
  }
  return { shape: [...shape], dtype, data };
}

/** Normal values with mean `loc` and standard deviation `scale` (Marsaglia's polar method). */
export function normalBlock(
  seed: number,
  stream: number,
  shape: readonly number[],
  dtype: DType,
  loc: number,
  scale: number,
): Block {
  const n = sizeOf(shape);
  const data = allocateOutput(dtype, n);
  const state = initState(seed, stream);
  const u = new Float64Array(2 * Math.min(n + 1, 4096));
  let ui = u.length;
  const next = () => {
    if (ui === u.length) {
      fillUniform(u, state);
      ui = 0;
    }
    return u[ui++];
  };
  for (let i = 0; i < n; ) {
    let x: number;
    let y: number;
    let s: number;
    do {
      x = 2 * next() - 1;
      y = 2 * next() - 1;
      s = x * x + y * y;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    data[i++] = loc + scale * x * f;
    if (i < n) data[i++] = loc + scale * y * f;
  }
  return { shape: [...shape], dtype, data };
}

/** Integers in `[low, high)`. */
export function integersBlock(
  seed: number,
  stream: number,
  shape: readonly number[],
  dtype: DType,
  low: number,
  high: number,
): Block {
  const n = sizeOf(shape);
  const u = new Float64Array(n);
  fillUniform(u, initState(seed, stream));
  const data = allocateOutput(dtype, n);
  const span = high - low;
  for (let i = 0; i < n; i++) data[i] = low + Math.floor(u[i] * span);
  return { shape: [...shape], dtype, data };
}

defineTasks(import.meta.url, { randomBlock, normalBlock, integersBlock });
