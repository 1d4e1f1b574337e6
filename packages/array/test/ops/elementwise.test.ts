/**
 * Elementwise operations against loops: broadcasting across uneven, mismatched chunks, every
 * operation's values and dtype, integer wrap-around, NumPy's remainder and round-half-even, where and
 * clip, 0-d and empty operands, fusion into one task per block, and shape errors with fields.
 */

import { prepareRun } from '@tusk/core';
import { describe, expect, it } from 'vitest';
import * as ta from '../../src/index.js';
import { assertArrayEqual, DTypeError, fromArray, ShapeError } from '../../src/index.js';
import { fromFn, lcg, map2, nested } from '../helpers/reference.js';

const rnd = lcg(7);
const A = fromFn([5, 4, 3], () => Math.round((rnd() * 20 - 10) * 4) / 4);
const B = fromFn([4, 1], () => Math.round(rnd() * 8) / 2 + 0.5);

describe('broadcasting and chunk alignment', () => {
  it('adds a (4, 1) array to a (5, 4, 3) one cut differently', async () => {
    const a = fromArray(nested(A) as never, { chunks: [2, 3, 2] });
    const b = fromArray(nested(B) as never, { chunks: [[1, 3], 1] });
    const c = a.add(b);
    expect(c.shape).toEqual([5, 4, 3]);
    // The common refinement of [3, 1] and [1, 3] along axis 1.
    expect(c.chunks[1]).toEqual([1, 2, 1]);
    await assertArrayEqual(c, map2(A, B, (x, y) => x + y).data);
  });

  it('refuses shapes that do not broadcast, naming the axis', () => {
    const err = (() => {
      try {
        ta.zeros([3, 4]).add(ta.zeros([3]));
      } catch (e) {
        return e as ShapeError;
      }
    })();
    expect(err).toBeInstanceOf(ShapeError);
    expect(err!.operation).toBe('add');
    expect(err!.shapes).toEqual([[3, 4], [3]]);
    expect(err!.message).toMatch(/axis -1 has lengths 4 and 3/);
  });

  it('works on 0-d and empty arrays', async () => {
    await assertArrayEqual(ta.fromArray(2).mul(ta.arange(4, { chunks: 3 })), [0, 2, 4, 6]);
    const e = ta.zeros([0, 3]).add(ta.ones([3]));
    expect(e.shape).toEqual([0, 3]);
    expect((await e.compute({ scheduler: 'synchronous' })).data.length).toBe(0);
  });
});

describe('operations', () => {
  const a = fromArray(nested(A) as never, { chunks: [3, 2, 2] });
  const fa = A.data;
  const cases: [string, (x: ta.ChunkedArray) => ta.ChunkedArray, (v: number) => number][] = [
    ['neg', ta.neg, (v) => -v],
    ['abs', ta.abs, Math.abs],
    ['sqrt', (x) => ta.sqrt(ta.abs(x)), (v) => Math.sqrt(Math.abs(v))],
    ['exp', ta.exp, Math.exp],
    ['log', (x) => ta.log(ta.abs(x).add(1)), (v) => Math.log(Math.abs(v) + 1)],
    ['sin', ta.sin, Math.sin],
    ['cos', ta.cos, Math.cos],
    ['tan', ta.tan, Math.tan],
    ['tanh', ta.tanh, Math.tanh],
    ['floor', ta.floor, Math.floor],
    ['ceil', ta.ceil, Math.ceil],
    ['sub', (x) => ta.sub(x, 1.5), (v) => v - 1.5],
    ['div', (x) => ta.div(3, x.add(100)), (v) => 3 / (v + 100)],
    ['pow', (x) => ta.pow(x, 2), (v) => v ** 2],
    ['maximum', (x) => ta.maximum(x, 0.25), (v) => Math.max(v, 0.25)],
    ['minimum', (x) => ta.minimum(x, 0.25), (v) => Math.min(v, 0.25)],
    ['clip', (x) => ta.clip(x, -2, 3), (v) => Math.min(3, Math.max(-2, v))],
  ];
  it.each(cases)('%s matches the loop', async (_name, op, f) => {
    await assertArrayEqual(op(a), fa.map(f), { dtype: 'float64' });
  });

  it('mod has the sign of the divisor (NumPy remainder); integer mod 0 is 0', async () => {
    const x = fromArray([7, -7, 7, -7, 5], { dtype: 'int32' });
    const y = fromArray([3, 3, -3, -3, 0], { dtype: 'int32' });
    await assertArrayEqual(ta.mod(x, y), [1, 2, -2, -1, 0], { dtype: 'int32' });
    await assertArrayEqual(ta.mod(fromArray([5.5, -5.5]), 2), [1.5, 0.5]);
  });

  it('round is half to even, with decimals', async () => {
    await assertArrayEqual(ta.round(fromArray([0.5, 1.5, 2.5, -0.5, -1.5, 2.6])), [0, 2, 2, -0, -2, 3]);
    await assertArrayEqual(ta.round(fromArray([1.234, 5.678]), 2), [1.23, 5.68]);
  });

  it('comparisons and logic give bool; where picks per element', async () => {
    const x = ta.arange(6, { chunks: 4 });
    await assertArrayEqual(x.gt(2), [false, false, false, true, true, true], { dtype: 'bool' });
    await assertArrayEqual(x.le(2), [1, 1, 1, 0, 0, 0].map(Boolean));
    await assertArrayEqual(x.eq(x.mul(1)), [true, true, true, true, true, true]);
    await assertArrayEqual(x.ne(3), [true, true, true, false, true, true]);
    await assertArrayEqual(ta.logicalAnd(x.gt(1), x.lt(4)), [false, false, true, true, false, false]);
    await assertArrayEqual(ta.logicalNot(x.ge(3)), [true, true, true, false, false, false]);
    const w = ta.where(x.mod(2).eq(0), x, x.neg());
    await assertArrayEqual(w, [0, -1, 2, -3, 4, -5], { dtype: 'int32' });
    await assertArrayEqual(ta.where(fromArray([true, false]), 1.5, 0), [1.5, 0], { dtype: 'float64' });
  });
});

describe('dtypes', () => {
  it('promotes by the written rules and wraps integers as typed arrays do', async () => {
    const i8 = fromArray([100, -100, 127], { dtype: 'int8' });
    const u8 = fromArray([200, 100, 255], { dtype: 'uint8' });
    // int8 + int8 wraps (C semantics).
    await assertArrayEqual(i8.add(i8), [-56, 56, -2], { dtype: 'int8' });
    // uint8 + int8 promotes to int16: no wrap.
    await assertArrayEqual(u8.add(i8), [300, 0, 382], { dtype: 'int16' });
    // An integer scalar keeps the dtype; a fractional one goes to float64.
    await assertArrayEqual(u8.add(100), [44, 200, 99], { dtype: 'uint8' });
    await assertArrayEqual(u8.add(0.5), [200.5, 100.5, 255.5], { dtype: 'float64' });
    // int32 multiplication keeps the low 32 bits exactly.
    const big = fromArray([123456789, -987654321], { dtype: 'int32' });
    const want = [
      Number(BigInt.asIntN(32, 123456789n * 123456789n)),
      Number(BigInt.asIntN(32, -987654321n * -987654321n)),
    ];
    await assertArrayEqual(big.mul(big), want, { dtype: 'int32' });
    // Division of integers is true division.
    await assertArrayEqual(ta.arange(3).div(2), [0, 0.5, 1], { dtype: 'float64' });
    await assertArrayEqual(ta.sqrt(ta.ones([2], { dtype: 'float32' })), [1, 1], { dtype: 'float32' });
    // A fused chain wraps each integer step, as separate steps would.
    const u = fromArray([250], { dtype: 'uint8' });
    await assertArrayEqual(u.add(10).div(2), [2], { dtype: 'float64' });
    await assertArrayEqual(fromArray([1.9, -1.9, Number.NaN]).astype('int32'), [1, -1, 0], {
      dtype: 'int32',
    });
    await assertArrayEqual(fromArray([0, 2, Number.NaN]).astype('bool'), [false, true, true]);
  });

  it('refuses bool subtraction and negation, and non-array operands', () => {
    const b = fromArray([true, false]);
    expect(() => b.sub(b)).toThrow(DTypeError);
    expect(() => ta.neg(b)).toThrow(/logicalNot/);
    expect(() => ta.add(1, 2)).toThrow(/at least one operand must be an array/);
    expect(() => ta.add(ta.zeros([2]), 'x' as never)).toThrow(DTypeError);
  });
});

describe('blockwise fusion', () => {
  it('runs a chain of elementwise operations as one task per block', async () => {
    const x = ta.arange(10, { chunks: 3 });
    const y = ta.ones([10], { chunks: 3 });
    const z = x.add(1).mul(y).sqrt().add(x);
    const { graph } = prepareRun([z], {});
    // 4 blocks of x and of y are separate tasks (creation); the chain of 4 operations fuses into one per block.
    const ewTasks = [...graph.nodes.values()].filter(
      (n) => n.kind === 'task' && n.fn.name === 'elementwise',
    ).length;
    const fusedEw = [...graph.nodes.values()].filter(
      (n) => n.kind === 'fused' && n.nodes.some((m) => m.kind === 'task' && m.fn.name === 'elementwise'),
    ).length;
    expect(ewTasks + fusedEw).toBe(4);
    const ref = Array.from({ length: 10 }, (_, i) => Math.sqrt(i + 1) + i);
    await assertArrayEqual(z, ref);
    // Without optimisation the same values come from 16 elementwise tasks.
    const plain = prepareRun([z], { optimize: false }).graph;
    expect(
      [...plain.nodes.values()].filter((n) => n.kind === 'task' && n.fn.name === 'elementwise').length,
    ).toBe(16);
    const [unopt] = await ta.ChunkedArray.prototype.compute
      .call(z, { scheduler: 'synchronous', optimize: false })
      .then((r) => [r]);
    expect(Array.from(unopt.data)).toEqual(ref);
  });

  it('folds transposes into the elementwise loop (x + x.T), broadcasting or not', async () => {
    const R = fromFn([7, 7], ([i, j]) => i * 10 + j);
    const x = fromArray(nested(R) as never, { chunks: [3, 3] });
    const y = x.add(x.T).mul(x.T);
    const fns = [...prepareRun([y], {}).graph.nodes.values()].map((n) =>
      n.kind === 'task' ? n.fn.name : n.kind,
    );
    expect(fns.includes('transposeBlock')).toBe(false);
    const ref = fromFn([7, 7], ([i, j]) => (i * 10 + j + j * 10 + i) * (j * 10 + i));
    await assertArrayEqual(y, ref.data);
    // Non-square blocks, a broadcast row, and a scalar against transposed reads.
    const W = fromFn([5, 8], ([i, j]) => i - 2 * j);
    const w = fromArray(nested(W) as never, { chunks: [2, 3] });
    const row = fromArray([[1, 2, 3, 4, 5]]);
    const z = w.T.add(row).sub(w.T.mul(2)).add(0.5);
    const zr = fromFn([8, 5], ([i, j]) => W.data[j * 8 + i] + (j + 1) - 2 * W.data[j * 8 + i] + 0.5);
    await assertArrayEqual(z, zr.data);
    const plain = await z.compute({ scheduler: 'synchronous', optimize: false });
    expect(Array.from(plain.data)).toEqual(zr.data);
  });

  it('reads transposes four rows at a time in blocks wider than a tile (uneven rows)', async () => {
    const n = 151;
    const R = fromFn([n, n], ([i, j]) => ((i * 31 + j * 17) % 97) - 40);
    const x = fromArray(
      R.data as never,
      {
        shape: [n, n],
        chunks: [
          [70, 81],
          [70, 81],
        ],
      } as never,
    );
    const y = x.add(x.T.mul(3)).sub(1);
    const ref = fromFn([n, n], ([i, j]) => R.data[i * n + j] + 3 * R.data[j * n + i] - 1);
    await assertArrayEqual(y, ref.data);
    const s = await x.add(x.T).sum().compute({ scheduler: 'threads', workers: 2 });
    let want = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) want += R.data[i * n + j] + R.data[j * n + i];
    expect(s.get()).toBe(want);
  });

  it('keeps an intermediate that is read twice', async () => {
    const x = ta.arange(6, { chunks: 4 });
    const s = x.add(1);
    const z = s.mul(s.sub(2));
    await assertArrayEqual(
      z,
      [0, 1, 2, 3, 4, 5].map((v) => (v + 1) * (v - 1)),
    );
    const both = await Promise.all([
      s.compute({ scheduler: 'synchronous' }),
      z.compute({ scheduler: 'synchronous' }),
    ]);
    expect(Array.from(both[0].data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
