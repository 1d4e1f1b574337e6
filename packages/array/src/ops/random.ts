/**
 * Random arrays: `random.random`, `random.normal`, `random.integers`. Block i (in row-major order of
 * the block grid) draws from its own stream seeded by (seed, i) (kernels/random.ts), so the values
 * depend on the seed, the shape and the chunks only — never on the scheduler or the worker count.
 * Without a seed, a random one is drawn when the array is built (and the keys are then unique).
 */

import { task } from '@tusk/core';
import { ChunkedArray } from '../chunked-array.js';
import { blockShape, type ChunksInput, normalizeChunks } from '../chunks.js';
import { type DType, isFloat, isInteger } from '../dtype.js';
import { DTypeError, ShapeError } from '../errors.js';
import { arrayLayer, gridNodes, kernel, layerName } from '../graph/build.js';
import { integersBlock, normalBlock, randomBlock } from '../kernels/random.js';

/** Options of the random functions. */
export interface RandomOptions {
  chunks?: ChunksInput;
  /** Integer seed (default: a random one). */
  seed?: number;
  dtype?: DType;
}

function seedOf(seed: number | undefined): number {
  if (seed === undefined) return Math.floor(Math.random() * 2 ** 52);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new DTypeError('random', 'seed', `the seed must be a non-negative safe integer, got ${seed}.`);
  }
  return seed;
}

function build(
  prefix: string,
  fn: (...a: any[]) => unknown,
  shape: readonly number[] | number,
  options: RandomOptions,
  dtype: DType,
  extra: readonly unknown[],
): ChunkedArray {
  const s = typeof shape === 'number' ? [shape] : [...shape];
  if (!s.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new ShapeError(prefix, [s], 'every length of a shape must be a non-negative integer');
  }
  const seed = seedOf(options.seed);
  const chunks = normalizeChunks(options.chunks, s, dtype, prefix);
  const name = layerName(prefix, seed, s, chunks, dtype, extra);
  const ref = kernel(fn);
  let stream = 0;
  const nodes = gridNodes(name, chunks, (idx, key) =>
    task(key, ref, [seed, stream++, blockShape(chunks, idx), dtype, ...extra]),
  );
  return new ChunkedArray(name, arrayLayer(name, nodes, []), s, chunks, dtype);
}

/**
 * Uniform values in [0, 1).
 *
 * @example
 * random.random([1000, 1000], { chunks: 250, seed: 1 }).mean(); // ≈ 0.5
 */
function uniform(shape: readonly number[] | number, options: RandomOptions = {}): ChunkedArray {
  const dtype = options.dtype ?? 'float64';
  if (!isFloat(dtype)) throw new DTypeError('random.random', dtype, 'the dtype must be float64 or float32.');
  return build('random', randomBlock, shape, options, dtype, []);
}

/** Normal values with mean `loc` (default 0) and standard deviation `scale` (default 1). */
function normal(
  shape: readonly number[] | number,
  options: RandomOptions & { loc?: number; scale?: number } = {},
): ChunkedArray {
  const dtype = options.dtype ?? 'float64';
  if (!isFloat(dtype)) throw new DTypeError('random.normal', dtype, 'the dtype must be float64 or float32.');
  return build('normal', normalBlock, shape, options, dtype, [options.loc ?? 0, options.scale ?? 1]);
}

/** Integers in `[low, high)` (int32 by default). */
function integers(
  low: number,
  high: number,
  shape: readonly number[] | number,
  options: RandomOptions = {},
): ChunkedArray {
  const dtype = options.dtype ?? 'int32';
  if (!isInteger(dtype))
    throw new DTypeError('random.integers', dtype, 'the dtype must be an integer dtype.');
  if (!(Number.isInteger(low) && Number.isInteger(high) && high > low)) {
    throw new ShapeError(
      'random.integers',
      [],
      `low and high must be integers with low < high, got ${low} and ${high}`,
    );
  }
  return build('integers', integersBlock, shape, options, dtype, [low, high]);
}

/** Random arrays with one independent stream per block. */
export const random = { random: uniform, normal, integers };
