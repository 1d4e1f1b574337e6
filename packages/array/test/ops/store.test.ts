/**
 * store: into a raw file through a portable write function on all three schedulers (each element at
 * its row-major offset, checked against a plain loop), into a closure's buffer synchronously, into a
 * .npy path; each block is written once by its own task; bad targets are clear errors.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as ta from '../../src/index.js';
import { store } from '../../src/index.js';
import { writeRaw } from '../fixtures/store-fns.js';
import { SCHEDULERS } from '../helpers/reference.js';

const dir = mkdtempSync(join(tmpdir(), 'tusk-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// (7, 5, 3) with uneven chunks: value at (i, j, k) is i·100 + j·10 + k − 0.5.
const shape = [7, 5, 3];
const ref: number[] = [];
for (let i = 0; i < 7; i++)
  for (let j = 0; j < 5; j++) for (let k = 0; k < 3; k++) ref.push(i * 100 + j * 10 + k - 0.5);

describe('store', () => {
  const x = ta.fromArray(Float64Array.from(ref), { shape, chunks: [[3, 4], [2, 2, 1], [3]] });

  it.each(SCHEDULERS)('writes every block through a portable function on %s', async (opts) => {
    const path = join(dir, `raw-${opts.scheduler}.f64`);
    writeFileSync(path, new Uint8Array(ref.length * 8).fill(0xff));
    await store(x.add(0), { write: writeRaw, args: [path] }, opts);
    const bytes = readFileSync(path);
    const got = new Float64Array(bytes.buffer, bytes.byteOffset, ref.length);
    expect(Array.from(got)).toEqual(ref);
  });

  it('calls a closure once per block on the synchronous scheduler', async () => {
    const out = new Float64Array(ref.length).fill(Number.NaN);
    const seen: string[] = [];
    const write = (b: ta.Block, start: number[], whole: number[]) => {
      seen.push(start.join(','));
      const [, n1, n2] = whole;
      let o = 0;
      for (let i = 0; i < b.shape[0]; i++)
        for (let j = 0; j < b.shape[1]; j++)
          for (let k = 0; k < b.shape[2]; k++)
            out[(start[0] + i) * n1 * n2 + (start[1] + j) * n2 + start[2] + k] = b.data[o++];
    };
    await store(x, { write }, { scheduler: 'synchronous' });
    expect(seen.sort()).toEqual(['0,0,0', '0,2,0', '0,4,0', '3,0,0', '3,2,0', '3,4,0']);
    expect(Array.from(out)).toEqual(ref);
  });

  it('writes a .npy path, readable back block by block, leaving no temporary file', async () => {
    const path = join(dir, 'x.npy');
    await x.store(path, { scheduler: 'threads', workers: 2 });
    expect(Array.from((await ta.fromNpy(path, { chunks: 2 }).compute()).data)).toEqual(ref);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('rejects targets it cannot write with clear errors', async () => {
    await expect(store(x, join(dir, 'x.csv'))).rejects.toThrow(/must end in .npy/);
    await expect(store(x, {} as never)).rejects.toThrow(/a .npy path or \{ write/);
  });
});
