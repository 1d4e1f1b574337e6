/**
 * assertArrayEqual catches what it promises to: wrong values, shapes and dtypes, and blocks that do
 * not match the array's chunks or dtype (metadata lies), while accepting equal arrays in any chunking.
 */

import { AssertionError } from 'node:assert';
import { Layer, task } from '@tusk/core';
import { describe, expect, it } from 'vitest';
import * as ta from '../../src/index.js';
import { assertArrayEqual, ChunkedArray, NDArray } from '../../src/index.js';
import { fullBlock } from '../../src/kernels/creation.js';

describe('assertArrayEqual', () => {
  it('accepts equal values across chunkings and returns the computed array', async () => {
    const got = await assertArrayEqual(ta.arange(6, { chunks: 4 }), ta.arange(6, { chunks: 1 }));
    expect(got).toBeInstanceOf(NDArray);
    await assertArrayEqual(ta.ones([2, 2]), [
      [1, 1],
      [1, 1],
    ]);
    await assertArrayEqual(ta.full([2], Number.NaN), [Number.NaN, Number.NaN]);
    await assertArrayEqual(ta.full([1], 1 + 1e-12), [1]);
  });

  it('rejects wrong values, shapes and dtypes', async () => {
    await expect(assertArrayEqual(ta.arange(3), [0, 1, 3])).rejects.toThrow(/element 2 .* is 2, expected 3/);
    await expect(assertArrayEqual(ta.arange(3), [0, 1])).rejects.toThrow(AssertionError);
    await expect(assertArrayEqual(ta.zeros([2, 3]), ta.zeros([3, 2]))).rejects.toThrow(/shape is \(2, 3\)/);
    await expect(assertArrayEqual(ta.arange(3), ta.arange(3).astype('float64'))).rejects.toThrow(
      /dtype is int32/,
    );
    await expect(assertArrayEqual(ta.arange(3), [0, 1, 2], { dtype: 'uint8' })).rejects.toThrow(
      /expected uint8/,
    );
  });

  it('catches blocks that disagree with the metadata', async () => {
    // A hand-made array whose chunks claim [2, 2] but whose second block holds 3 elements.
    const name = 'liar-1';
    const ref = (await import('@tusk/core')).functionRef(fullBlock);
    const layer = new Layer(name, [
      task(`${name},0`, ref, [[2], 'float64', 1]),
      task(`${name},1`, ref, [[3], 'float64', 1]),
    ]);
    const liar = new ChunkedArray(name, layer, [4], [[2, 2]], 'float64');
    await expect(assertArrayEqual(liar, [1, 1, 1, 1])).rejects.toThrow(
      /block \(1\) has shape \(3\), but the chunks say \(2\)/,
    );
    const wrongType = new ChunkedArray(name, layer, [4], [[2, 2]], 'float32');
    await expect(assertArrayEqual(wrongType, [1, 1, 1, 1])).rejects.toThrow(
      /has dtype float64, but the array says float32/,
    );
  });
});

describe('NDArray', () => {
  it('reads elements and nests values', () => {
    const a = new NDArray([2, 3], 'int32', Int32Array.of(1, 2, 3, 4, 5, 6));
    expect(a.get(1, -1)).toBe(6);
    expect(a.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(a.ndim).toBe(2);
    expect(a.size).toBe(6);
    expect(() => a.get(0)).toThrow(/one per axis/);
    expect(new NDArray([], 'float64', Float64Array.of(3)).toArray()).toBe(3);
  });
});

describe('graph pictures and metadata', () => {
  it('draws the graph as DOT and keeps deterministic keys', () => {
    const a = ta.random.random([4, 4], { chunks: 2, seed: 1 }).add(1).sum();
    const b = ta.random.random([4, 4], { chunks: 2, seed: 1 }).add(1).sum();
    expect(a.name).toBe(b.name);
    expect(a.name).toMatch(/^sum-[0-9a-f]+$/);
    expect(ta.arange(6, { chunks: 3 }).__tusk_keys()).toEqual([
      `${ta.arange(6, { chunks: 3 }).name},0`,
      `${ta.arange(6, { chunks: 3 }).name},1`,
    ]);
    const dot = a.toDot();
    expect(dot).toMatch(/digraph/);
    expect(dot).toContain('random');
    expect(String(ta.zeros([3, 2], { chunks: 2 }))).toBe(
      'Array<float64>(shape=(3, 2), chunks=((2, 1), (2)))',
    );
  });
});
