/**
 * Tree reductions against loops on a 3-d array cut unevenly: every reduction over every axis set,
 * keepdims, several splitEvery fan-ins (the tree depth changes, the answer must not), argmin/argmax
 * with ties and NaN, 0-d and empty arrays, bad axes; and cumsum/cumprod along each axis.
 */

import { prepareRun } from '@tusk/core';
import { describe, expect, it } from 'vitest';
import * as ta from '../../src/index.js';
import { ArrayError, AxisError, assertArrayEqual, fromArray } from '../../src/index.js';
import { fromFn, indices, lcg, nested, reduceRef, strides } from '../helpers/reference.js';

const rnd = lcg(11);
const R = fromFn([7, 5, 6], () => Math.round(rnd() * 40 - 20) / 4);
const x = fromArray(nested(R) as never, { chunks: [3, 2, 4] });

const sum = (xs: number[]) => xs.reduce((p, q) => p + q, 0);
const mean = (xs: number[]) => sum(xs) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return sum(xs.map((v) => (v - m) ** 2)) / xs.length;
};
const refs: Record<string, (xs: number[]) => number> = {
  sum,
  prod: (xs) => xs.reduce((p, q) => p * q, 1),
  mean,
  min: (xs) => Math.min(...xs),
  max: (xs) => Math.max(...xs),
  var: variance,
  std: (xs) => Math.sqrt(variance(xs)),
  any: (xs) => (xs.some((v) => v !== 0) ? 1 : 0),
  all: (xs) => (xs.every((v) => v !== 0) ? 1 : 0),
};
const ops: Record<string, (a: ta.ChunkedArray, o: ta.ReductionOptions) => ta.ChunkedArray> = {
  sum: ta.sum,
  prod: ta.prod,
  mean: ta.mean,
  min: ta.min,
  max: ta.max,
  var: ta.variance,
  std: ta.std,
  any: ta.any,
  all: ta.all,
};
const axisSets: (number | number[] | undefined)[] = [undefined, 0, 1, 2, -1, [0, 2], [1, 2]];

describe('reductions', () => {
  for (const name of Object.keys(refs)) {
    it(`${name} over every axis set, with and without keepdims`, async () => {
      for (const axis of axisSets) {
        const axes =
          axis === undefined ? [0, 1, 2] : (typeof axis === 'number' ? [axis] : axis).map((a) => (a + 3) % 3);
        for (const keepdims of [false, true]) {
          const want = reduceRef(R, axes, refs[name], keepdims);
          const got = await assertArrayEqual(ops[name](x, { axis, keepdims }), want.data, { rtol: 1e-9 });
          expect(got.shape).toEqual(want.shape);
        }
      }
    });
  }

  it('gives the same answer for every splitEvery (tree shape)', async () => {
    const big = fromArray(nested(R) as never, { chunks: 1 });
    for (const splitEvery of [2, 3, 4, 16]) {
      await assertArrayEqual(big.sum({ splitEvery }), sum(R.data));
      await assertArrayEqual(big.var({ axis: 0, splitEvery }), reduceRef(R, [0], variance).data);
    }
    // With 7 blocks along axis 0 and fan-in 2, the tree has three combine levels.
    const { graph } = prepareRun([big.sum({ axis: 0, splitEvery: 2 })], { optimize: false });
    const combines = [...graph.keys()].filter((k) => k.includes('-combine'));
    expect(new Set(combines.map((k) => k.split(',')[0])).size).toBe(3);
    expect(() => big.sum({ splitEvery: 1 })).toThrow(/splitEvery/);
  });

  it('uses the written result dtypes', () => {
    const i = ta.arange(4);
    expect(i.sum().dtype).toBe('float64');
    expect(i.min().dtype).toBe('int32');
    expect(i.mean().dtype).toBe('float64');
    expect(ta.ones([2], { dtype: 'float32' }).mean().dtype).toBe('float32');
    expect(i.any().dtype).toBe('bool');
    expect(i.argmax().dtype).toBe('int32');
  });

  it('std and var take ddof', async () => {
    const xs = [1, 2, 3, 4, 10];
    const m = mean(xs);
    const ss = sum(xs.map((v) => (v - m) ** 2));
    await assertArrayEqual(fromArray(xs, { chunks: 2 }).var({ ddof: 1 }), ss / 4);
    await assertArrayEqual(fromArray(xs, { chunks: 2 }).std({ ddof: 1 }), Math.sqrt(ss / 4));
  });

  it('propagates NaN in min and max, and reduces 0-d and empty arrays', async () => {
    const n = fromArray([1, Number.NaN, -3, 4], { chunks: 1 });
    expect((await n.min().compute({ scheduler: 'synchronous' })).get()).toBeNaN();
    expect((await n.max().compute({ scheduler: 'synchronous' })).get()).toBeNaN();
    await assertArrayEqual(fromArray(5).sum(), 5);
    await assertArrayEqual(ta.zeros([0, 3]).sum({ axis: 0 }), [0, 0, 0]);
    await assertArrayEqual(ta.zeros([0, 3]).prod(), 1);
    expect((await ta.zeros([0]).mean().compute({ scheduler: 'synchronous' })).get()).toBeNaN();
    expect(() => ta.zeros([0, 3]).max()).toThrow(ArrayError);
  });

  it('refuses bad and repeated axes with an AxisError', () => {
    const err = (() => {
      try {
        x.sum({ axis: 3 });
      } catch (e) {
        return e as AxisError;
      }
    })();
    expect(err).toBeInstanceOf(AxisError);
    expect(err!.axis).toBe(3);
    expect(err!.ndim).toBe(3);
    expect(err!.operation).toBe('sum');
    expect(() => x.sum({ axis: [1, -2] })).toThrow(AxisError);
    expect(() => x.argmin({ axis: -4 })).toThrow(AxisError);
  });
});

describe('argmin and argmax', () => {
  it('along each axis, and flat over all axes, first occurrence on ties', async () => {
    const T = fromFn([6, 5], ([i, j]) => ((i * 7 + j * 3) % 5) - (i === 4 && j === 2 ? 9 : 0));
    const t = fromArray(nested(T) as never, { chunks: [4, 2] });
    const st = strides(T.shape);
    for (const [op, better] of [
      ['argmin', (a: number, b: number) => a < b],
      ['argmax', (a: number, b: number) => a > b],
    ] as const) {
      const f = op === 'argmin' ? ta.argmin : ta.argmax;
      for (const axis of [0, 1]) {
        const outShape = T.shape.filter((_, a) => a !== axis);
        const want = indices(outShape).map((o) => {
          let best = 0;
          for (let k = 1; k < T.shape[axis]; k++) {
            const idx = axis === 0 ? [k, o[0]] : [o[0], k];
            const bidx = axis === 0 ? [best, o[0]] : [o[0], best];
            if (better(T.data[idx[0] * st[0] + idx[1]], T.data[bidx[0] * st[0] + bidx[1]])) best = k;
          }
          return best;
        });
        await assertArrayEqual(f(t, { axis }), want, { dtype: 'int32' });
      }
      let best = 0;
      T.data.forEach((v, i) => {
        if (better(v, T.data[best])) best = i;
      });
      await assertArrayEqual(f(t, { splitEvery: 2 }), best);
    }
    await assertArrayEqual(fromArray([3, Number.NaN, 1, Number.NaN], { chunks: 1 }).argmin(), 1);
  });
});

describe('cumsum and cumprod', () => {
  it('along every axis of an unevenly cut 3-d array', async () => {
    for (const axis of [0, 1, 2]) {
      const want = fromFn(R.shape, (idx) => {
        let acc = 0;
        for (let k = 0; k <= idx[axis]; k++) {
          const j = [...idx];
          j[axis] = k;
          acc += R.data[j[0] * 30 + j[1] * 6 + j[2]];
        }
        return acc;
      });
      await assertArrayEqual(x.cumsum(axis), want.data);
    }
    const small = fromArray([1, 2, -1, 3, 0.5, 2], { chunks: 2 });
    await assertArrayEqual(small.cumprod(), [1, 2, -2, -6, -3, -6]);
  });

  it('flattens without an axis; integers accumulate in float64', async () => {
    const m = fromArray(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { chunks: 1 },
    );
    await assertArrayEqual(m.cumsum(), [1, 3, 6, 10, 15, 21], { dtype: 'float64' });
    expect(() => m.cumsum(2)).toThrow(AxisError);
  });
});
