/**
 * `tensordotBlock`: the contraction of two blocks over paired axes, as one matrix product: the
 * blocks are transposed so the contracted axes of `a` come last and those of `b` first, viewed as
 * (M × K) and (K × N) matrices and multiplied with `gemmFast` (WebAssembly SIMD, gemm-wasm.ts). The product is float64 (the tree sum that
 * adds the products of neighbouring blocks casts to the result dtype at the end).
 */

import { defineTasks } from '@tusk/core';
import type { Block } from '../block.js';
import { gemmFast } from './gemm-wasm.js';
import { transposeBlock } from './structure.js';

function asFloat64(b: Block): Float64Array {
  return b.data instanceof Float64Array ? b.data : Float64Array.from(b.data);
}

/**
 * Contract `a` over `axesA` with `b` over `axesB` (paired in order).
 *
 * @example
 * const a = { shape: [2, 2], dtype: 'float64', data: Float64Array.of(1, 2, 3, 4) };
 * tensordotBlock(a, a, [1], [0]).data; // [7, 10, 15, 22]
 */
export function tensordotBlock(
  a: Block,
  b: Block,
  axesA: readonly number[],
  axesB: readonly number[],
): Block {
  const freeA = a.shape.map((_, i) => i).filter((i) => !axesA.includes(i));
  const freeB = b.shape.map((_, i) => i).filter((i) => !axesB.includes(i));
  const permA = [...freeA, ...axesA];
  const permB = [...axesB, ...freeB];
  const ta = permA.every((p, i) => p === i) ? a : transposeBlock(a, permA);
  const tb = permB.every((p, i) => p === i) ? b : transposeBlock(b, permB);
  const m = freeA.reduce((p, i) => p * a.shape[i], 1);
  const k = axesA.reduce((p, i) => p * a.shape[i], 1);
  const n = freeB.reduce((p, i) => p * b.shape[i], 1);
  const shape = [...freeA.map((i) => a.shape[i]), ...freeB.map((i) => b.shape[i])];
  return { shape, dtype: 'float64', data: gemmFast(asFloat64(ta), asFloat64(tb), m, k, n) };
}

defineTasks(import.meta.url, { tensordotBlock });
