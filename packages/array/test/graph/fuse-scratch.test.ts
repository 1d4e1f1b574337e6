/**
 * Scratch fusion: producers read by one whitelisted consumer run inside it (one scratchRun task per
 * block), values are the same as without any optimisation — also on workers, where scratch buffers
 * are reused from task to task — tasks sharing a generated block run together (siblings), and
 * producers read twice or requested as outputs keep their nodes.
 */

import { prepareRun } from '@tusk/core';
import { describe, expect, it } from 'vitest';
import * as ta from '../../src/index.js';
import { SCHEDULERS } from '../helpers/reference.js';

const functions = (x: ta.ChunkedArray) =>
  [...prepareRun([x], {}).graph.nodes.values()].map((n) =>
    n.kind === 'task'
      ? n.fn.name
      : n.kind === 'fused'
        ? n.nodes.map((m) => (m.kind === 'task' ? m.fn.name : m.kind)).join('+')
        : n.kind,
  );

describe('fuseScratch', () => {
  it('runs random → elementwise → partial sum as one task per block', () => {
    const s = ta.random.random([6, 6], { chunks: 3, seed: 1 }).mul(2).sum({ axis: 0 });
    const fns = functions(s);
    expect(fns.filter((f) => f.startsWith('scratchRun')).length).toBe(4);
    expect(fns.some((f) => f === 'randomBlock')).toBe(false);
  });

  it('generates a random block again in each of a few readers, and keeps shared computed blocks', () => {
    const x = ta.random.random([6, 6], { chunks: 3, seed: 1 });
    // Every random block is read by two tasks (directly, and through a transpose by its mirror).
    const fns = functions(x.add(x.T).sum());
    expect(fns.some((f) => f.includes('randomBlock'))).toBe(false);
    // Diagonal blocks run alone; blocks (0, 1) and (1, 0) share both random blocks and run as one
    // task that makes each once, picked apart for the reduction.
    expect(fns.filter((f) => f === 'scratchRun').length).toBe(2);
    expect(fns.filter((f) => f === 'scratchRunMany').length).toBe(1);
    expect(fns.filter((f) => f.includes('getitem')).length).toBe(2);
    // A computed (not generated) block read by two tasks keeps its node.
    const y = x.mul(2).rechunk([2, 3]);
    const shared = functions(y.add(y.T).sum());
    expect(shared.filter((f) => f === 'gather').length).toBeGreaterThan(0);
    // Read by five tasks, a random block is made once.
    const many = functions(ta.stack([x.sum(), x.max(), x.min(), x.mean(), x.std()]));
    expect(many.filter((f) => f === 'randomBlock').length).toBe(4);
  });

  it.each(SCHEDULERS)('gives the same values as the unoptimised graph on %s', async (opts) => {
    const x = ta.random.normal([50, 40], { chunks: [20, 15], seed: 7 });
    const sq = ta.random.random([45, 45], {
      chunks: [
        [10, 20, 15],
        [10, 20, 15],
      ],
      seed: 3,
    });
    const cases = [
      x.sum({ axis: 1 }),
      x.add(x.T.rechunk([15, 20]).T).mean({ axis: 0 }),
      ta.sqrt(ta.abs(x)).T.cumsum(0),
      x.T.sum(),
      sq.add(sq.T).sum(),
      sq.add(1).mul(sq.T).sum({ axis: 0 }),
      sq.sub(sq.T).mean(),
      sq.add(sq.T),
      ta.random
        .normal([45, 45], { chunks: 15, seed: 4 })
        .T.mul(2)
        .sub(ta.random.normal([45, 45], { chunks: 15, seed: 4 })),
    ];
    for (const c of cases) {
      const a = await c.compute(opts);
      const b = await c.compute({ ...opts, optimize: false });
      expect(Array.from(a.data)).toEqual(Array.from(b.data));
    }
  });
});
