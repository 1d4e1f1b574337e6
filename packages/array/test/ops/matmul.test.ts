/**
 * matmul / dot / tensordot against triple loops: uneven and mismatched chunks on the contracted axis,
 * vectors, integer dtypes, several splitEvery values; the gemm kernel on odd sizes; shape errors.
 */

import { describe, expect, it } from 'vitest';
import * as ta from '../../src/index.js';
import { assertArrayEqual, fromArray, ShapeError } from '../../src/index.js';
import { gemm } from '../../src/kernels/gemm.js';
import { gemmFast, wasmGemmAvailable } from '../../src/kernels/gemm-wasm.js';
import { fromFn, lcg, nested, type Ref } from '../helpers/reference.js';

const rnd = lcg(3);
function mat(m: number, n: number): Ref {
  return fromFn([m, n], () => Math.round(rnd() * 20 - 10));
}
function matmulRef(a: Ref, b: Ref): Ref {
  const [m, k] = a.shape;
  const n = b.shape[1];
  return fromFn([m, n], ([i, j]) => {
    let s = 0;
    for (let p = 0; p < k; p++) s += a.data[i * k + p] * b.data[p * n + j];
    return s;
  });
}

describe('gemm kernels', () => {
  it('the WebAssembly SIMD kernel is in use and matches the triple loop, odd sizes included', () => {
    expect(wasmGemmAvailable()).toBe(true);
    for (const [m, k, n] of [
      [1, 1, 1],
      [4, 2, 4],
      [5, 3, 7],
      [33, 65, 17],
      [8, 1, 9],
    ]) {
      const a = mat(m, k);
      const b = mat(k, n);
      const got = gemmFast(Float64Array.from(a.data), Float64Array.from(b.data), m, k, n);
      expect(Array.from(got)).toEqual(matmulRef(a, b).data);
    }
    // Twice in a row with different sizes (the module's memory is reused and grown).
    const a = mat(40, 30);
    const b = mat(30, 20);
    expect(Array.from(gemmFast(Float64Array.from(a.data), Float64Array.from(b.data), 40, 30, 20))).toEqual(
      matmulRef(a, b).data,
    );
  });

  it('matches the triple loop on sizes that do not divide the tiles', () => {
    for (const [m, k, n] of [
      [1, 1, 1],
      [5, 3, 7],
      [131, 257, 9],
      [6, 300, 270],
    ]) {
      const a = mat(m, k);
      const b = mat(k, n);
      const got = gemm(Float64Array.from(a.data), Float64Array.from(b.data), m, k, n);
      expect(Array.from(got)).toEqual(matmulRef(a, b).data);
    }
  });
});

describe('matmul', () => {
  it('multiplies unevenly cut matrices whose inner chunks differ', async () => {
    const A = mat(13, 11);
    const B = mat(11, 9);
    const a = fromArray(nested(A) as never, { chunks: [5, 4] });
    const b = fromArray(nested(B) as never, { chunks: [[2, 6, 3], 4] });
    for (const splitEvery of [2, 4]) {
      const c = ta.tensordot(a, b, [[1], [0]], { splitEvery });
      expect(c.chunks).toEqual([
        [5, 5, 3],
        [4, 4, 1],
      ]);
      await assertArrayEqual(c, matmulRef(A, B).data);
    }
    await assertArrayEqual(a.matmul(b), matmulRef(A, B).data, { dtype: 'int32' });
    await assertArrayEqual(ta.dot(a.astype('float32'), b), matmulRef(A, B).data, { dtype: 'float64' });
  });

  it('handles vectors and x @ x.T', async () => {
    const A = mat(6, 4);
    const a = fromArray(nested(A) as never, { chunks: 3 });
    const v = fromArray([1, -2, 3, 0.5], { chunks: 3 });
    const want = [0, 1, 2, 3, 4, 5].map(
      (i) => A.data[i * 4] - 2 * A.data[i * 4 + 1] + 3 * A.data[i * 4 + 2] + 0.5 * A.data[i * 4 + 3],
    );
    await assertArrayEqual(a.matmul(v), want);
    await assertArrayEqual(v.dot(v), 1 + 4 + 9 + 0.25);
    const At = fromFn([4, 6], ([i, j]) => A.data[j * 4 + i]);
    await assertArrayEqual(a.matmul(a.T), matmulRef(A, At).data);
  });

  it('refuses mismatched inner lengths and >2-D operands', () => {
    const err = (() => {
      try {
        ta.matmul(ta.zeros([3, 4]), ta.zeros([5, 2]));
      } catch (e) {
        return e as ShapeError;
      }
    })();
    expect(err).toBeInstanceOf(ShapeError);
    expect(err!.shapes).toEqual([
      [3, 4],
      [5, 2],
    ]);
    expect(() => ta.matmul(ta.zeros([2, 2, 2]), ta.zeros([2, 2]))).toThrow(/tensordot/);
  });
});

describe('tensordot', () => {
  it('contracts two pairs of axes of 3-d arrays', async () => {
    const A = fromFn([3, 4, 5], () => Math.round(rnd() * 10));
    const B = fromFn([5, 4, 2], () => Math.round(rnd() * 10));
    const a = fromArray(nested(A) as never, { chunks: [2, 3, 2] });
    const b = fromArray(nested(B) as never, { chunks: [3, 2, 1] });
    const want = fromFn([3, 2], ([i, l]) => {
      let s = 0;
      for (let j = 0; j < 4; j++)
        for (let k = 0; k < 5; k++) s += A.data[i * 20 + j * 5 + k] * B.data[k * 8 + j * 2 + l];
      return s;
    });
    await assertArrayEqual(
      ta.tensordot(a, b, [
        [1, 2],
        [1, 0],
      ]),
      want.data,
    );
    // axes as a number: the last n of a with the first n of b; 0 is the outer product.
    const outer = ta.tensordot(fromArray([1, 2]), fromArray([3, 4, 5]), 0);
    await assertArrayEqual(outer, [3, 4, 5, 6, 8, 10]);
    expect(() => ta.tensordot(a, b, [[1], [1, 2]])).toThrow(/same number/);
    expect(() => ta.tensordot(a, b, [[0], [0]])).toThrow(ShapeError);
  });
});
