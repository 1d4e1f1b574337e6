/**
 * blockwise with index strings against plain loops: a contraction 'ij','jk' → 'ik' with nested lists
 * and with concatenation (uneven chunks, inputs cut differently along 'j'), an outer product, a
 * contraction to one axis, a transposed index, new axes, closures on the synchronous scheduler, on
 * all three schedulers; bad indices are clear errors.
 */

import { describe, expect, it } from 'vitest';
import * as ta from '../../src/index.js';
import { assertArrayEqual, blockwise } from '../../src/index.js';
import { dotJoined, dotLists, flip, outer, rowSums, spread } from '../fixtures/blockwise-fns.js';
import { SCHEDULERS } from '../helpers/reference.js';

const A = Array.from({ length: 7 * 5 }, (_, i) => ((i * 13) % 11) - 5);
const B = Array.from({ length: 5 * 6 }, (_, i) => ((i * 7) % 9) - 4);

/** The plain-loop product of (n, m) and (m, p) row-major arrays. */
function matmulLoop(a: number[], b: number[], n: number, m: number, p: number): number[] {
  const out = new Array<number>(n * p).fill(0);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < p; k++) for (let j = 0; j < m; j++) out[i * p + k] += a[i * m + j] * b[j * p + k];
  return out;
}

describe('blockwise', () => {
  const a = ta.fromArray(Float64Array.from(A), {
    shape: [7, 5],
    chunks: [
      [3, 4],
      [2, 3],
    ],
  });
  const b = ta.fromArray(Float64Array.from(B), {
    shape: [5, 6],
    chunks: [
      [1, 1, 3],
      [4, 2],
    ],
  });
  const want = matmulLoop(A, B, 7, 5, 6);

  it.each(SCHEDULERS)("contracts 'ij','jk' → 'ik' over lists of blocks on %s", async (opts) => {
    const c = blockwise(dotLists, 'ik', [a, 'ij'], [b, 'jk'], { dtype: 'float64' });
    expect(c.shape).toEqual([7, 6]);
    expect(c.chunks).toEqual([
      [3, 4],
      [4, 2],
    ]);
    expect(Array.from((await c.compute(opts)).data)).toEqual(want);
  });

  it.each(SCHEDULERS)("contracts 'ij','jk' → 'ik' with concatenate on %s", async (opts) => {
    const c = blockwise(dotJoined, 'ik', [a, 'ij'], [b, 'jk'], { concatenate: true });
    expect(Array.from((await c.compute(opts)).data)).toEqual(want);
  });

  it('builds an outer product with extra arguments, and contracts to one axis', async () => {
    const u = ta.arange(5, { chunks: 2 }).astype('float64');
    const v = ta.arange(4, { chunks: 3 }).astype('float64');
    const o = blockwise(outer, 'ij', [u, 'i'], [v, 'j'], { args: [0.5] });
    const ref: number[] = [];
    for (let i = 0; i < 5; i++) for (let j = 0; j < 4; j++) ref.push(i * j + 0.5);
    await assertArrayEqual(o, ref);
    const s = blockwise(rowSums, 'i', [a, 'ij'], { concatenate: true });
    await assertArrayEqual(
      s,
      Array.from({ length: 7 }, (_, i) => A.slice(i * 5, i * 5 + 5).reduce((p, q) => p + q, 0)),
    );
  });

  it("reads a transposed index ('ji' → 'ij') and makes new axes", async () => {
    const t = blockwise(flip, 'ij', [a, 'ji']);
    expect(t.shape).toEqual([5, 7]);
    const ref: number[] = [];
    for (let j = 0; j < 5; j++) for (let i = 0; i < 7; i++) ref.push(A[i * 5 + j]);
    await assertArrayEqual(t, ref);
    const u = ta.arange(5, { chunks: 2 }).astype('float64');
    const w = blockwise(spread, 'ik', [u, 'i'], { newAxes: { k: 3 }, args: [3] });
    expect(w.chunks).toEqual([[2, 2, 1], [3]]);
    await assertArrayEqual(
      w,
      [0, 1, 2, 3, 4].flatMap((i) => [i, 2 * i, 3 * i]),
    );
  });

  it('runs closures synchronously, with and without concatenate', async () => {
    const joined = blockwise((x: ta.Block, y: ta.Block) => dotJoined(x, y), 'ik', [a, 'ij'], [b, 'jk'], {
      concatenate: true,
    });
    expect(Array.from((await joined.compute({ scheduler: 'synchronous' })).data)).toEqual(want);
    const lists = blockwise((x: ta.Block[], y: ta.Block[]) => dotLists(x, y), 'ik', [a, 'ij'], [b, 'jk']);
    expect(Array.from((await lists.compute({ scheduler: 'synchronous' })).data)).toEqual(want);
  });

  it('rejects bad indices with clear errors', () => {
    expect(() => blockwise(dotJoined, 'ik', [a, 'i'], [b, 'jk'])).toThrow(
      /one distinct letter per axis \(2\)/,
    );
    expect(() => blockwise(dotJoined, 'ik', [a, 'ij'], [a, 'jk'])).toThrow(/index 'j' has lengths 5 and 7/);
    expect(() => blockwise(dotJoined, 'iz', [a, 'ij'])).toThrow(/'z' appears in no input; give its length/);
    expect(() => blockwise(dotJoined, 'ii', [a, 'ij'])).toThrow(/repeats a letter/);
    expect(() => blockwise(dotJoined, 'ik')).toThrow(/at least one \[array, index\] pair/);
  });

  it('fails at a block whose result does not match the metadata', async () => {
    const bad = blockwise(rowSums, 'ij', [a, 'ij'], { concatenate: true });
    await expect(bad.compute({ scheduler: 'synchronous' })).rejects.toThrow(/rowSums returned 3 elements/);
  });
});
