/**
 * Basic indexing against a loop-built reference: steps, negative steps and indices, integers that
 * drop axes, new axes, '...', empty selections, on a 3-d array cut unevenly; integer and boolean
 * indexing along one axis (take); and the index errors.
 */

import { describe, expect, it } from 'vitest';
import { assertArrayEqual, fromArray, IndexError, type Slice, type SliceSpec } from '../../src/index.js';
import { fromFn, nested, strides } from '../helpers/reference.js';

const R = fromFn([9, 7, 5], ([i, j, k]) => i * 100 + j * 10 + k);
const x = fromArray(nested(R) as never, { chunks: [4, 3, 2] });

/** The selected indices of one axis, by the rule written out in Python's documentation. */
function pick(n: number, s: Slice | number): number[] {
  if (typeof s === 'number') return [s < 0 ? s + n : s];
  const step = s.step ?? 1;
  const out: number[] = [];
  if (step > 0) {
    let start = s.start ?? 0;
    let stop = s.stop ?? n;
    if (start < 0) start = Math.max(0, start + n);
    if (stop < 0) stop = Math.max(0, stop + n);
    for (let i = Math.min(start, n); i < Math.min(stop, n); i += step) out.push(i);
  } else {
    let start = s.start ?? n - 1;
    let stop = s.stop ?? -n - 1;
    if (start < 0) start += n;
    if (stop < 0) stop += n;
    for (let i = Math.min(start, n - 1); i > stop && i >= 0; i += step) out.push(i);
  }
  return out;
}

function reference(spec: (Slice | number)[]) {
  const picks = spec.map((s, a) => pick(R.shape[a], s));
  const keep = spec.map((s) => typeof s !== 'number');
  const st = strides(R.shape);
  const data: number[] = [];
  for (const i of picks[0])
    for (const j of picks[1]) for (const k of picks[2]) data.push(R.data[i * st[0] + j * st[1] + k]);
  const shape = picks.map((p) => p.length).filter((_, a) => keep[a]);
  return { shape, data };
}

const cases: [string, SliceSpec[], (Slice | number)[]][] = [
  ['a step', ['::2', '1:6', ':'], [{ step: 2 }, { start: 1, stop: 6 }, {}]],
  [
    'negative steps',
    ['::-1', '5:0:-2', '::-3'],
    [{ step: -1 }, { start: 5, stop: 0, step: -2 }, { step: -3 }],
  ],
  ['negative bounds', ['-3:', ':-2', '-4:-1'], [{ start: -3 }, { stop: -2 }, { start: -4, stop: -1 }]],
  ['integers drop axes', [-1, '::2', 3], [-1, { step: 2 }, 3]],
  [
    'slice objects',
    [{ start: 2, stop: 8, step: 3 }, 0, { step: -2 }],
    [{ start: 2, stop: 8, step: 3 }, 0, { step: -2 }],
  ],
  ['an empty selection', ['4:4', ':', ':'], [{ start: 4, stop: 4 }, {}, {}]],
  [
    'out-of-range bounds are clipped',
    ['-100:100', '10:', ':'],
    [{ start: -100, stop: 100 }, { start: 10 }, {}],
  ],
];

describe('slice', () => {
  it.each(cases)('%s', async (_name, spec, ref) => {
    const want = reference(ref);
    const got = await assertArrayEqual(x.slice(...spec), want.data);
    expect(got.shape).toEqual(want.shape);
  });

  it("takes '...', missing trailing axes, and null for new axes", async () => {
    const a = reference([{}, {}, 1]);
    await assertArrayEqual(x.slice('...', 1), a.data);
    expect(x.slice('...', 1).shape).toEqual([9, 7]);
    const b = reference([2, {}, {}]);
    expect(x.slice(2).shape).toEqual([7, 5]);
    await assertArrayEqual(x.slice(2), b.data);
    const c = x.slice(null, 0, '...', null);
    expect(c.shape).toEqual([1, 7, 5, 1]);
    await assertArrayEqual(c, reference([0, {}, {}]).data);
  });

  it('keeps chunk boundaries and passes whole blocks through', () => {
    expect(x.slice('1:9').chunks[0]).toEqual([3, 4, 1]);
    expect(x.slice('::-1').chunks[0]).toEqual([1, 4, 4]);
    // Rows 4..8 are block 1 along axis 0, taken whole: its blocks become aliases.
    const nodes = x.slice('4:8').__tusk_layer().nodes;
    expect(nodes.length).toBe(3 * 3);
    expect(nodes.every((n) => n.kind === 'alias')).toBe(true);
  });

  it('refuses out-of-range integers, zero steps, too many indices and bad text', () => {
    const err = (() => {
      try {
        x.slice(9);
      } catch (e) {
        return e as IndexError;
      }
    })();
    expect(err).toBeInstanceOf(IndexError);
    expect(err!.index).toBe(9);
    expect(err!.message).toMatch(/out of bounds for axis 0 of length 9/);
    expect(() => x.slice('::0')).toThrow(/non-zero/);
    expect(() => x.slice(0, 0, 0, 0)).toThrow(/too many indices/);
    expect(() => x.slice('a:b')).toThrow(IndexError);
    expect(() => x.slice('...', '...')).toThrow(/one '...'/);
  });
});

describe('take', () => {
  it('integer indices along each axis, in any order, negative, repeated', async () => {
    const idx = [6, 0, -1, 2, 2, 5];
    for (const axis of [0, 1, 2]) {
      const n = R.shape[axis];
      const list = idx.filter((i) => i < n && i >= -n).map((i) => (i < 0 ? i + n : i));
      const want = fromFn(
        R.shape.map((s, a) => (a === axis ? list.length : s)),
        (p) => {
          const q = [...p];
          q[axis] = list[p[axis]];
          return R.data[q[0] * 35 + q[1] * 5 + q[2]];
        },
      );
      const kept = idx.filter((i) => i < n && i >= -n);
      await assertArrayEqual(x.take(kept, axis), want.data);
    }
  });

  it('boolean masks', async () => {
    const mask = [true, false, false, true, true, false, true];
    const want = fromFn([9, 4, 5], ([i, j, k]) => R.data[i * 35 + [0, 3, 4, 6][j] * 5 + k]);
    await assertArrayEqual(x.take(mask, 1), want.data);
    await assertArrayEqual(x.take(new Array(9).fill(false), 0), []);
    expect(() => x.take([true, false], 1)).toThrow(/mask must have the axis's length 7/);
    expect(() => x.take([7], 1)).toThrow(IndexError);
  });
});
