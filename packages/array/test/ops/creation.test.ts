/**
 * Creation: fromArray (nested and typed, uneven chunks, 0-d, empty), the rule-made arrays against
 * loops, NDArray access, and random arrays: per-block streams that give the same values on every
 * scheduler and worker count, in range, and with plausible moments.
 */

import { delayed } from '@tusk/core';
import { describe, expect, it } from 'vitest';
import {
  arange,
  assertArrayEqual,
  DTypeError,
  eye,
  fromArray,
  fromDelayed,
  full,
  IndexError,
  linspace,
  NDArray,
  ones,
  random,
  ShapeError,
  zeros,
} from '../../src/index.js';
import { fromFn, nested } from '../helpers/reference.js';

describe('fromArray', () => {
  it('cuts nested arrays into uneven blocks and computes them back', async () => {
    const r = fromFn([5, 3, 4], ([i, j, k]) => i * 100 + j * 10 + k);
    const x = fromArray(nested(r) as number[][][], { chunks: [2, 2, 3] });
    expect(x.shape).toEqual([5, 3, 4]);
    expect(x.chunks).toEqual([
      [2, 2, 1],
      [2, 1],
      [3, 1],
    ]);
    expect(x.dtype).toBe('int32');
    const got = await assertArrayEqual(x, r.data.length ? (nested(r) as number[][][]) : []);
    expect(got.get(4, 2, 3)).toBe(423);
    expect(got.get(-1, 0, -2)).toBe(402);
  });

  it('takes typed arrays with a shape, booleans, floats, 0-d and empty data', async () => {
    const t = new Float32Array([1.5, 2, 3, 4, 5, 6]);
    const x = fromArray(t, { shape: [2, 3], chunks: 2 });
    expect(x.dtype).toBe('float32');
    expect((await x.compute({ scheduler: 'synchronous' })).toArray()).toEqual([
      [1.5, 2, 3],
      [4, 5, 6],
    ]);
    const b = fromArray([true, false, true]);
    expect(b.dtype).toBe('bool');
    expect((await b.compute({ scheduler: 'synchronous' })).toArray()).toEqual([true, false, true]);
    expect(fromArray([0.5, 1]).dtype).toBe('float64');
    const s = await fromArray(7).compute({ scheduler: 'synchronous' });
    expect(s.shape).toEqual([]);
    expect(s.get()).toBe(7);
    const e = fromArray(new Float64Array(0), { shape: [0, 4] });
    expect(e.chunks).toEqual([[0], [4]]);
    expect((await e.compute({ scheduler: 'synchronous' })).shape).toEqual([0, 4]);
  });

  it('refuses ragged arrays, strings and a shape of the wrong size', () => {
    expect(() => fromArray([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => fromArray([['a']] as never)).toThrow(DTypeError);
    const err = (() => {
      try {
        fromArray(new Float64Array(5), { shape: [2, 3] });
      } catch (e) {
        return e as ShapeError;
      }
    })();
    expect(err).toBeInstanceOf(ShapeError);
    expect(err!.shapes).toEqual([[2, 3]]);
    expect(() => new NDArray([2], 'float64', new Float64Array(2)).get(2)).toThrow(IndexError);
  });

  it('casts to a requested dtype', async () => {
    await assertArrayEqual(fromArray([1.7, -1.7, 300], { dtype: 'int8' }), [1, -1, 44], { dtype: 'int8' });
  });
});

describe('rule-made arrays', () => {
  it('zeros, ones, full and empty', async () => {
    await assertArrayEqual(zeros([3, 4], { chunks: [2, 3] }), fromFn([3, 4], () => 0).data, {
      dtype: 'float64',
    });
    await assertArrayEqual(ones([5], { chunks: 2, dtype: 'uint8' }), [1, 1, 1, 1, 1], { dtype: 'uint8' });
    await assertArrayEqual(full([2, 2], 2.5, { chunks: 1 }), [2.5, 2.5, 2.5, 2.5]);
    expect(full([], 3).shape).toEqual([]);
    expect(() => zeros([2, -1])).toThrow(ShapeError);
    expect(() => zeros([2], { dtype: 'int64' as never })).toThrow(/unknown dtype "int64"/);
  });

  it('arange and linspace against loops', async () => {
    const ref: number[] = [];
    for (let v = 3; v < 20; v += 4) ref.push(v);
    await assertArrayEqual(arange(3, 20, 4, { chunks: 2 }), ref, { dtype: 'int32' });
    const down: number[] = [];
    for (let v = 1; v > -1; v -= 0.25) down.push(v);
    await assertArrayEqual(arange(1, -1, -0.25, { chunks: 3 }), down, { dtype: 'float64' });
    expect(arange(5, 2).shape).toEqual([0]);
    const lin: number[] = [];
    for (let i = 0; i < 7; i++) lin.push(2 + (i * (5 - 2)) / 6);
    await assertArrayEqual(linspace(2, 5, 7, { chunks: 3 }), lin);
    const got = await linspace(0, 1, 3, { endpoint: false }).compute({ scheduler: 'synchronous' });
    expect(got.toArray()).toEqual([0, 1 / 3, 2 / 3]);
  });

  it('eye with an offset diagonal and uneven blocks', async () => {
    await assertArrayEqual(
      eye(4, { m: 5, k: 1, chunks: [3, 2] }),
      fromFn([4, 5], ([i, j]) => (j - i === 1 ? 1 : 0)).data,
    );
  });

  it('fromDelayed wraps one computed block and checks it', async () => {
    const make = delayed(() => ({ shape: [2], dtype: 'float64', data: Float64Array.of(4, 5) }));
    await assertArrayEqual(fromDelayed(make(), [2], 'float64').add(1), [5, 6]);
    await expect(fromDelayed(make(), [3], 'float64').compute({ scheduler: 'synchronous' })).rejects.toThrow(
      /expected 3 elements/,
    );
  });
});

describe('random', () => {
  it('gives the same values for a seed on every scheduler', async () => {
    const x = random.random([30, 20], { chunks: [7, 9], seed: 42 });
    const a = await x.compute({ scheduler: 'synchronous' });
    const b = await x.compute({ scheduler: 'threads', workers: 2 });
    const c = await x.compute({ scheduler: 'processes', workers: 2 });
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(Array.from(c.data)).toEqual(Array.from(a.data));
    const again = await random
      .random([30, 20], { chunks: [7, 9], seed: 42 })
      .compute({ scheduler: 'synchronous' });
    expect(Array.from(again.data)).toEqual(Array.from(a.data));
    const other = await random
      .random([30, 20], { chunks: [7, 9], seed: 43 })
      .compute({ scheduler: 'synchronous' });
    expect(Array.from(other.data)).not.toEqual(Array.from(a.data));
  });

  it('draws uniform values in [0, 1) with blocks that differ from each other', async () => {
    const a = await random.random([200, 100], { chunks: 50, seed: 1 }).compute({ scheduler: 'synchronous' });
    let sum = 0;
    for (const v of a.data) {
      expect(v >= 0 && v < 1).toBe(true);
      sum += v;
    }
    // 20,000 uniforms: the mean's standard error is 0.002; 0.01 is five of them.
    expect(Math.abs(sum / a.data.length - 0.5)).toBeLessThan(0.01);
    // Block (0,0) and block (0,1) are different streams.
    expect(a.get(0, 0)).not.toBe(a.get(0, 50));
  });

  it('normal has the asked mean and spread; integers stay in range and hit every value', async () => {
    const n = await random
      .normal([40000], { loc: 3, scale: 2, seed: 5, chunks: 7000 })
      .compute({ scheduler: 'synchronous' });
    let s = 0;
    let q = 0;
    for (const v of n.data) s += v;
    const mean = s / n.data.length;
    for (const v of n.data) q += (v - mean) ** 2;
    const sd = Math.sqrt(q / n.data.length);
    expect(Math.abs(mean - 3)).toBeLessThan(0.05);
    expect(Math.abs(sd - 2)).toBeLessThan(0.05);
    const k = await random
      .integers(-3, 4, [5000], { seed: 9, chunks: 999 })
      .compute({ scheduler: 'synchronous' });
    expect(k.dtype).toBe('int32');
    const seen = new Set(k.data);
    expect([...seen].sort((p, q2) => p - q2)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(() => random.integers(3, 3, [2])).toThrow(/low < high/);
    expect(() => random.random([2], { dtype: 'int32' })).toThrow(DTypeError);
  });
});
