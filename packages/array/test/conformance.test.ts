/**
 * Conformance: one pipeline touching every layer kind (creation, random, elementwise with
 * broadcasting and fusion, slicing, transpose, rechunk, concatenate, reductions, cumsum, matmul,
 * take, reshape) gives bit-identical results on the synchronous, threads and processes schedulers,
 * also when a tiny memory limit makes the store spill blocks to disk and read them back.
 */

import { type Callbacks, type ComputeOptions, compute } from '@tusk/core';
import { describe, expect, it } from 'vitest';
import * as ta from '../src/index.js';
import { SCHEDULERS } from './helpers/reference.js';

function pipeline() {
  const x = ta.random.normal([60, 45], { chunks: [17, 20], seed: 3 });
  const y = ta.random.random([45], { chunks: 11, seed: 4 });
  const z = ta.sqrt(ta.abs(x.mul(y).add(1))).sub(x.slice('::-1', ':').mul(0.5));
  const t = ta.concatenate([z, z.slice('10:20').rechunk(3)], 0);
  const m = z.matmul(z.T.rechunk(9));
  const c = z.cumsum(1).slice(':', -1);
  const r = ta
    .arange(60 * 45, { chunks: 45 * 6 })
    .reshape(60, 45)
    .add(z.gt(1));
  return [
    t.sum({ axis: 1 }),
    t.std({ axis: 0 }),
    m,
    c,
    r.take([5, 1, 59], 0),
    z.argmax(),
    ta.where(z.lt(0.5), z, 0).max({ axis: 0 }),
  ];
}

describe('the same results on every scheduler', () => {
  it('synchronous, threads and processes agree bit for bit, spilling or not', async () => {
    const results: number[][][] = [];
    let spilled = 0;
    const watch: Callbacks = {
      start(info) {
        const stats = info.stats;
        watch.finish = () => {
          spilled += stats?.().spilledCount ?? 0;
        };
      },
    };
    const spilling = { scheduler: 'threads', workers: 2, memoryLimit: '20KB', callbacks: [watch] };
    for (const opts of [...SCHEDULERS, spilling]) {
      const arrays = await compute(...pipeline(), opts as ComputeOptions);
      results.push(arrays.map((a) => Array.from((a as ta.NDArray).data)));
    }
    // The small budget did make the store spill blocks (through the block codec) and read them back.
    expect(spilled).toBeGreaterThan(0);
    for (let s = 1; s < results.length; s++) {
      expect(results[s].length).toBe(results[0].length);
      results[s].forEach((r, i) => {
        expect(r).toEqual(results[0][i]);
      });
    }
    // The matmul is symmetric (z @ z.T), which a wrong block placement would break.
    const m = results[0][2];
    expect(m[3 * 60 + 7]).toBeCloseTo(m[7 * 60 + 3], 9);
  });
});
