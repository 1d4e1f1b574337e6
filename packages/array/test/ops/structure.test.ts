/**
 * transpose, rechunk, concatenate, stack, squeeze, expandDims and reshape against loop-built
 * references, on uneven chunks; reshape's block-by-block rule and its ChunkError.
 */

import { describe, expect, it } from 'vitest';
import * as ta from '../../src/index.js';
import { AxisError, assertArrayEqual, ChunkError, fromArray, ShapeError } from '../../src/index.js';
import { fromFn, nested } from '../helpers/reference.js';

const R = fromFn([5, 4, 3], ([i, j, k]) => i * 100 + j * 10 + k);
const x = fromArray(nested(R) as never, { chunks: [2, 3, 2] });
const at = (i: number, j: number, k: number) => R.data[i * 12 + j * 3 + k];

describe('transpose', () => {
  it('reverses the axes by default and permutes when asked', async () => {
    await assertArrayEqual(x.T, fromFn([3, 4, 5], ([k, j, i]) => at(i, j, k)).data);
    expect(x.T.chunks).toEqual([
      [2, 1],
      [3, 1],
      [2, 2, 1],
    ]);
    await assertArrayEqual(x.transpose([1, 2, 0]), fromFn([4, 3, 5], ([j, k, i]) => at(i, j, k)).data);
    const m = fromArray(nested(fromFn([70, 90], ([i, j]) => i * 1000 + j)) as never, { chunks: [70, 90] });
    await assertArrayEqual(m.T, fromFn([90, 70], ([j, i]) => i * 1000 + j).data);
    expect(() => x.transpose([0, 0, 1])).toThrow(/exactly once/);
    expect(() => x.transpose([0, 1, 3])).toThrow(AxisError);
  });
});

describe('rechunk', () => {
  it('recuts without changing values', async () => {
    for (const chunks of [1, [5, 1, 3], [[1, 4], [2, 2], [3]], 'auto'] as const) {
      const y = x.rechunk(chunks as never);
      await assertArrayEqual(y, R.data);
    }
    expect(x.rechunk([[1, 4], -1, 2]).chunks).toEqual([[1, 4], [4], [2, 1]]);
    expect(x.rechunk(x.chunks as never)).toBe(x);
    expect(() => x.rechunk([[2, 2], -1, -1])).toThrow(ChunkError);
  });
});

describe('concatenate and stack', () => {
  it('joins along an axis, rechunking the others and promoting dtypes', async () => {
    const y = fromArray(nested(fromFn([2, 4, 3], ([i, j, k]) => -(i * 100 + j * 10 + k))) as never, {
      chunks: 1,
    }).astype('float32');
    const c = ta.concatenate([x, y], 0);
    expect(c.shape).toEqual([7, 4, 3]);
    expect(c.dtype).toBe('float64');
    expect(c.chunks[0]).toEqual([2, 2, 1, 1, 1]);
    await assertArrayEqual(
      c,
      fromFn([7, 4, 3], ([i, j, k]) => (i < 5 ? at(i, j, k) : -((i - 5) * 100 + j * 10 + k))).data,
    );
    const d = ta.concatenate([x, x], -1);
    await assertArrayEqual(d, fromFn([5, 4, 6], ([i, j, k]) => at(i, j, k % 3)).data);
    expect(() => ta.concatenate([x, ta.zeros([5, 3, 3])], 0)).toThrow(ShapeError);
    expect(() => ta.concatenate([])).toThrow(/at least one/);
  });

  it('stacks along a new axis', async () => {
    const a = ta.arange(4, { chunks: 3 });
    const b = a.mul(10);
    await assertArrayEqual(ta.stack([a, b], 0), [0, 1, 2, 3, 0, 10, 20, 30]);
    await assertArrayEqual(ta.stack([a, b], 1), [0, 0, 1, 10, 2, 20, 3, 30]);
    expect(() => ta.stack([a, ta.arange(5)])).toThrow(ShapeError);
  });
});

describe('squeeze, expandDims and reshape', () => {
  it('squeeze and expandDims relabel blocks', async () => {
    const y = x.expandDims(1).expandDims(-1);
    expect(y.shape).toEqual([5, 1, 4, 3, 1]);
    await assertArrayEqual(y, R.data);
    expect(y.squeeze().shape).toEqual([5, 4, 3]);
    expect(y.squeeze(1).shape).toEqual([5, 4, 3, 1]);
    await assertArrayEqual(y.squeeze(), R.data);
    expect(() => y.squeeze(0)).toThrow(/only axes of length 1/);
    expect(ta.fromArray(3).expandDims(0).shape).toEqual([1]);
  });

  it('reshapes where chunk boundaries allow', async () => {
    const a = ta.arange(24, { chunks: 6 });
    const b = a.reshape(4, 6);
    expect(b.chunks).toEqual([[1, 1, 1, 1], [6]]);
    await assertArrayEqual(
      b,
      Array.from({ length: 24 }, (_, i) => i),
    );
    const c = a.reshape(2, -1, 3);
    expect(c.shape).toEqual([2, 4, 3]);
    expect(c.chunks).toEqual([[1, 1], [2, 2], [3]]);
    await assertArrayEqual(
      c,
      Array.from({ length: 24 }, (_, i) => i),
    );
    // Merging: trailing axes whole.
    const m = b.rechunk([2, -1]).reshape([24]);
    expect(m.chunks).toEqual([[12, 12]]);
    await assertArrayEqual(
      m,
      Array.from({ length: 24 }, (_, i) => i),
    );
    await assertArrayEqual(x.rechunk([2, -1, -1]).reshape(5, 12), R.data);
    await assertArrayEqual(x.rechunk([2, -1, -1]).reshape(10, 2, 3), R.data);
    expect(ta.zeros([0, 4]).reshape(2, 0).shape).toEqual([2, 0]);
  });

  it('refuses what would need data from several blocks, saying what to rechunk', () => {
    const err = (() => {
      try {
        x.reshape(5, 12);
      } catch (e) {
        return e as ChunkError;
      }
    })();
    expect(err).toBeInstanceOf(ChunkError);
    expect(err!.operation).toBe('reshape');
    expect(err!.message).toMatch(/axis 2 .* must be one block/);
    expect(() => ta.arange(10, { chunks: 3 }).reshape(2, 5)).toThrow(/multiples of 5/);
    expect(() => x.reshape(7, 9)).toThrow(ShapeError);
    expect(() => x.reshape(-1, -1)).toThrow(/at most one -1/);
  });
});
