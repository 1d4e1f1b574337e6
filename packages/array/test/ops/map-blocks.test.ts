/**
 * mapBlocks with portable functions (test/fixtures/blocks.ts) on every scheduler, with extra
 * arguments, several arrays, new chunks; closures run synchronously only; a result that does not
 * match the promised metadata fails at its block.
 */

import { FunctionReferenceError, TaskError } from '@tusk/core';
import { describe, expect, it } from 'vitest';
import * as ta from '../../src/index.js';
import { assertArrayEqual, mapBlocks } from '../../src/index.js';
import { addInt, firstRow, scaleAndIndex, wrongSize } from '../fixtures/blocks.js';
import { SCHEDULERS } from '../helpers/reference.js';

describe('mapBlocks', () => {
  const x = ta.arange(10, { chunks: 4 }).astype('float64');
  const want = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((v) => v * 3 + (v % 4));

  it.each(SCHEDULERS)('applies a portable function per block on %s', async (opts) => {
    const y = x.mapBlocks(scaleAndIndex, { args: [3] });
    const got = await y.compute(opts);
    expect(Array.from(got.data)).toEqual(want);
  });

  it('takes several arrays, a dtype and new chunks', async () => {
    const a = ta.arange(6, { chunks: 4 });
    await assertArrayEqual(mapBlocks(addInt, [a, a.mul(10)], { dtype: 'int32' }), [0, 11, 22, 33, 44, 55]);
    const m = ta.arange(20, { chunks: 20 }).reshape(4, 5).rechunk([2, 5]);
    const r = mapBlocks(firstRow, [m], { chunks: [[1, 1], [5]] });
    await assertArrayEqual(r, [0, 1, 2, 3, 4, 10, 11, 12, 13, 14]);
    expect(() => mapBlocks(firstRow, [m], { chunks: [[2], [5]] })).toThrow(/one per input block/);
  });

  it('runs closures on the synchronous scheduler and refuses them on workers before running', async () => {
    const double = (b: ta.Block) => ({ ...b, data: b.data.map((v) => v * 2) });
    const y = x.mapBlocks(double);
    expect(Array.from((await y.compute({ scheduler: 'synchronous' })).data)).toEqual([
      0, 2, 4, 6, 8, 10, 12, 14, 16, 18,
    ]);
    await expect(y.compute({ scheduler: 'threads', workers: 2 })).rejects.toThrow(FunctionReferenceError);
  });

  it('fails at the block whose result does not match the metadata', async () => {
    const err = await x
      .mapBlocks(wrongSize)
      .compute({ scheduler: 'synchronous' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect(err.message).toMatch(/returned 1 elements of float64, but this block should hold \(4\)/);
  });
});
