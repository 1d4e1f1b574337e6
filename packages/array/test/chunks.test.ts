/** normalizeChunks: every accepted form, 'auto' against the configured size, and the errors. */

import { withConfig } from '@tusk/core';
import { describe, expect, it } from 'vitest';
import { ChunkError, normalizeChunks } from '../src/index.js';

describe('normalizeChunks', () => {
  it('cuts by a number per array, per axis, -1 and explicit sizes', () => {
    expect(normalizeChunks(2, [5, 3], 'float64')).toEqual([
      [2, 2, 1],
      [2, 1],
    ]);
    expect(normalizeChunks([3, -1], [5, 3], 'float64')).toEqual([[3, 2], [3]]);
    expect(normalizeChunks([[1, 4], 10], [5, 3], 'float64')).toEqual([[1, 4], [3]]);
    expect(normalizeChunks(4, [0, 2], 'int8')).toEqual([[0], [2]]);
    expect(normalizeChunks([], [], 'float64')).toEqual([]);
  });

  it("'auto' aims at array.chunkSize bytes, square where it can", () => {
    const c = withConfig({ array: { chunkSize: 8 * 100 * 100 } } as never, () =>
      normalizeChunks('auto', [1000, 1000], 'float64'),
    );
    expect(c[0].length).toBe(10);
    expect(c[1].length).toBe(10);
    expect(c[0].every((s) => s === 100)).toBe(true);
    // A short axis is taken whole; the budget goes to the other.
    const d = withConfig({ array: { chunkSize: 8 * 1000 } } as never, () =>
      normalizeChunks('auto', [4, 100000], 'float64'),
    );
    expect(d[0]).toEqual([4]);
    expect(Math.max(...d[1]) * 4 * 8).toBeLessThanOrEqual(8000);
    expect(d[1].reduce((p, q) => p + q, 0)).toBe(100000);
    // The default (64 MB) keeps a 20000² float64 array at 64 MB blocks or less.
    const e = normalizeChunks(undefined, [20000, 20000], 'float64');
    expect(Math.max(...e[0]) * Math.max(...e[1]) * 8).toBeLessThanOrEqual(64e6);
  });

  it('refuses sizes that do not add up, wrong axis counts and bad numbers, with fields', () => {
    const err = (() => {
      try {
        normalizeChunks([[2, 2], 3], [5, 3], 'float64', 'fromArray');
      } catch (e) {
        return e as ChunkError;
      }
    })();
    expect(err).toBeInstanceOf(ChunkError);
    expect(err!.operation).toBe('fromArray');
    expect(err!.shape).toEqual([5, 3]);
    expect(err!.message).toMatch(/add up to 4, but the axis has length 5/);
    expect(() => normalizeChunks([2], [5, 3], 'float64')).toThrow(/one entry per axis/);
    expect(() => normalizeChunks(0, [5], 'float64')).toThrow(ChunkError);
    expect(() => normalizeChunks(1.5, [5], 'float64')).toThrow(/positive integer/);
  });
});
