/**
 * mapOverlap and overlap against plain loops: 1-D and 2-D Laplacian stencils (and a wider one) on
 * uneven chunks, with every boundary rule, on all three schedulers; halos deeper than a chunk; the
 * untrimmed extended blocks; and clear errors for bad depths and boundaries.
 */

import { describe, expect, it } from 'vitest';
import * as ta from '../../src/index.js';
import { assertArrayEqual, mapOverlap, overlap } from '../../src/index.js';
import { addTen, neighbourDiff } from '../fixtures/stencils.js';
import { SCHEDULERS } from '../helpers/reference.js';

type Mode = 'reflect' | 'periodic' | 'nearest' | 'none' | number;
const MODES: Mode[] = ['reflect', 'periodic', 'nearest', 'none', -2.5];

/** Value at position g of an axis of length n beyond the edges, by the rule (null: no cell). */
function at(g: number, n: number, mode: Mode): number | 'fill' | null {
  if (g >= 0 && g < n) return g;
  if (mode === 'none') return null;
  if (typeof mode === 'number') return 'fill';
  if (mode === 'nearest') return g < 0 ? 0 : n - 1;
  if (mode === 'periodic') return g < 0 ? g + n : g - n; // depth ≤ n
  return g < 0 ? -1 - g : 2 * n - 1 - g; // reflect: the edge cell repeated, then inwards
}

/** The radius-r neighbour-difference stencil over a flat row-major array, by the rule. */
function stencil(data: number[], shape: number[], r: number, mode: Mode): number[] {
  const nd = shape.length;
  const st = shape.map((_, a) => shape.slice(a + 1).reduce((p, q) => p * q, 1));
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const idx = shape.map((n, a) => Math.floor(i / st[a]) % n);
    let acc = 0;
    for (let a = 0; a < nd; a++) {
      for (const k of Array.from({ length: r }, (_, j) => [-(j + 1), j + 1]).flat()) {
        const p = at(idx[a] + k, shape[a], mode);
        if (p === null) continue;
        const v = p === 'fill' ? (mode as number) : data[i + (p - idx[a]) * st[a]];
        acc += v - data[i];
      }
    }
    out.push(acc);
  }
  return out;
}

/** Rounded to 9 digits, with −0 read as 0 (sums in another order). */
const round = (v: number) => +v.toFixed(9) + 0;

const values1 = Array.from({ length: 23 }, (_, i) => Math.sin(i * 1.7) * 10 + i);
const shape2 = [9, 13];
const values2 = Array.from({ length: 9 * 13 }, (_, i) => ((i * 37) % 101) - 50 + i / 7);

describe('mapOverlap', () => {
  for (const mode of MODES) {
    it.each(SCHEDULERS)(`1-D 3-point Laplacian, boundary ${mode}, uneven chunks, on %s`, async (opts) => {
      const x = ta.fromArray(Float64Array.from(values1), { chunks: [[5, 1, 7, 4, 6]] });
      const y = mapOverlap(neighbourDiff, [x], { depth: 1, boundary: mode, args: [1] });
      expect(y.chunks).toEqual(x.chunks);
      const got = await y.compute(opts);
      const want = stencil(values1, [23], 1, mode);
      expect(Array.from(got.data).map(round)).toEqual(want.map(round));
    });

    it.each(SCHEDULERS)(`2-D 5-point Laplacian, boundary ${mode}, uneven chunks, on %s`, async (opts) => {
      const x = ta.fromArray(Float64Array.from(values2), {
        shape: shape2,
        chunks: [
          [4, 2, 3],
          [5, 5, 3],
        ],
      });
      const y = mapOverlap(neighbourDiff, [x], { depth: 1, boundary: mode, args: [1] });
      const got = await y.compute(opts);
      const want = stencil(values2, shape2, 1, mode);
      expect(Array.from(got.data).map(round)).toEqual(want.map(round));
    });
  }

  it('reaches past neighbouring blocks when the depth exceeds a chunk (radius 3 over chunks of 1 and 2)', async () => {
    for (const mode of MODES) {
      const x = ta.fromArray(Float64Array.from(values1), { chunks: [[2, 1, 1, 6, 2, 1, 10]] });
      const y = mapOverlap(neighbourDiff, [x], { depth: 3, boundary: mode, args: [3] });
      await assertArrayEqual(y, stencil(values1, [23], 3, mode), { rtol: 1e-12 });
    }
  });

  it('takes a depth and boundary per axis (halo only along axis 1)', async () => {
    const x = ta.fromArray(Float64Array.from(values2), { shape: shape2, chunks: [3, 4] });
    const y = mapOverlap(neighbourDiff, [x], { depth: { 1: 1 }, boundary: 'periodic', args: [1] });
    // Along axis 0 each block sees only itself: the reference is the stencil per row-block of 3.
    const want: number[] = [];
    for (let i = 0; i < 9; i++) {
      for (let j = 0; j < 13; j++) {
        const v = values2[i * 13 + j];
        let acc = values2[i * 13 + ((j + 1) % 13)] - v + values2[i * 13 + ((j + 12) % 13)] - v;
        if (i % 3 > 0) acc += values2[(i - 1) * 13 + j] - v;
        if (i % 3 < 2) acc += values2[(i + 1) * 13 + j] - v;
        want.push(acc);
      }
    }
    const got = await y.compute({ scheduler: 'synchronous' });
    expect(Array.from(got.data).map(round)).toEqual(want.map(round));
  });

  it('gives every array the same halo (two arrays)', async () => {
    const a = ta.arange(11, { chunks: 4 }).astype('float64');
    const b = ta.arange(11, { chunks: 3 }).astype('float64').mul(-1);
    const y = mapOverlap(addTen, [a, b], { depth: 2, boundary: 'nearest' });
    await assertArrayEqual(
      y,
      Array.from({ length: 11 }, (_, i) => i - 10 * i),
    );
  });

  it('returns the extended blocks with trim: false, and overlap() builds them alone', async () => {
    const x = ta.arange(7, { chunks: [[3, 4]] });
    const ext = overlap(x, 2, 'reflect');
    expect(ext.chunks).toEqual([[7, 8]]);
    // Block 0 covers positions -2..4, block 1 positions 1..8 (reflect: -1 → 0, -2 → 1, 7 → 6, 8 → 5).
    await assertArrayEqual(ext, [1, 0, 0, 1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 6, 5]);
    const c = overlap(x, 1, 9);
    await assertArrayEqual(c, [9, 0, 1, 2, 3, 2, 3, 4, 5, 6, 9]);
    const n = overlap(x, 1, 'none');
    expect(n.chunks).toEqual([[4, 5]]);
    const k = x.astype('float64').mapOverlap(neighbourDiff, { depth: 1, trim: false, args: [1] });
    expect(k.chunks).toEqual([[4, 5]]);
  });

  it('keeps 0-d and empty arrays working and rejects bad depths and boundaries clearly', async () => {
    const e = ta.zeros([0, 4], { chunks: 2 });
    const y = mapOverlap(neighbourDiff, [e], { depth: 1, boundary: 'reflect', args: [1] });
    expect((await y.compute({ scheduler: 'synchronous' })).shape).toEqual([0, 4]);
    const x = ta.arange(5, { chunks: 2 }).astype('float64');
    expect(() => mapOverlap(neighbourDiff, [x], { depth: -1 })).toThrow(/non-negative integer/);
    expect(() => mapOverlap(neighbourDiff, [x], { depth: 1, boundary: 'mirror' as never })).toThrow(
      /'mirror' along axis 0 is not one of/,
    );
    expect(() => mapOverlap(neighbourDiff, [x], { depth: 6, boundary: 'periodic' })).toThrow(
      /exceeds its length 5/,
    );
    expect(() => mapOverlap(neighbourDiff, [x], { depth: [1, 1] })).toThrow(/one depth per axis \(1\)/);
    expect(() => mapOverlap(neighbourDiff, [x], {} as never)).toThrow(/give \{ depth \}/);
  });
});
