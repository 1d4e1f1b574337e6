/**
 * .npy I/O against files NumPy 1.24 wrote (test/fixtures, made with np.save): C and Fortran order,
 * big-endian, bool, 0-d, empty; byte ranges per block; writing matches NumPy's bytes exactly and
 * round-trips; unsupported dtypes, truncated and missing files are clear errors; no file is left
 * behind when a write fails.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as ta from '../../src/index.js';
import { assertArrayEqual, fromNpy, NpyFormatError } from '../../src/index.js';

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tusk-npy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fromNpy', () => {
  it('reads C-ordered files block by block', async () => {
    const a = fromNpy(fixture('f8_3x4.npy'), { chunks: [2, 3] });
    expect(a.shape).toEqual([3, 4]);
    expect(a.dtype).toBe('float64');
    await assertArrayEqual(
      a,
      Array.from({ length: 12 }, (_, i) => i / 4),
    );
    const b = fromNpy(fixture('i4_2x3x5.npy'), { chunks: [1, 2, 2] });
    await assertArrayEqual(
      b,
      Array.from({ length: 30 }, (_, i) => i - 15),
      { dtype: 'int32' },
    );
    await assertArrayEqual(fromNpy(fixture('u1_7.npy'), { chunks: 3 }), [0, 30, 60, 90, 120, 150, 180], {
      dtype: 'uint8',
    });
    await assertArrayEqual(fromNpy(fixture('b1_2x3.npy')), [true, false, true, false, false, true], {
      dtype: 'bool',
    });
  });

  it('reads Fortran order, big-endian, 0-d and empty files', async () => {
    const f = fromNpy(fixture('f4_fortran_3x2.npy'), { chunks: [2, 1] });
    expect(f.shape).toEqual([3, 2]);
    await assertArrayEqual(f, [1, 2, 3, 4, 5, 6], { dtype: 'float32' });
    await assertArrayEqual(fromNpy(fixture('be_i2_4.npy'), { chunks: 3 }), [1, -2, 300, -32768], {
      dtype: 'int16',
    });
    await assertArrayEqual(fromNpy(fixture('f8_scalar.npy')), 2.5);
    expect((await fromNpy(fixture('f8_empty_0x3.npy')).compute({ scheduler: 'synchronous' })).shape).toEqual([
      0, 3,
    ]);
  });

  it('refuses unsupported dtypes, non-npy, truncated and missing files', () => {
    const err = (() => {
      try {
        fromNpy(fixture('i8_2.npy'));
      } catch (e) {
        return e as NpyFormatError;
      }
    })();
    expect(err).toBeInstanceOf(NpyFormatError);
    expect(err!.path).toBe(fixture('i8_2.npy'));
    expect(err!.message).toMatch(/dtype '<i8' is not supported/);
    const bad = join(dir, 'bad.npy');
    writeFileSync(bad, 'hello world');
    expect(() => fromNpy(bad)).toThrow(/not a .npy file/);
    const cut = join(dir, 'cut.npy');
    writeFileSync(cut, readFileSync(fixture('f8_3x4.npy')).subarray(0, 150));
    expect(() => fromNpy(cut)).toThrow(/truncated/);
    expect(() => fromNpy(join(dir, 'missing.npy'))).toThrow(/cannot read the file/);
  });
});

describe('toNpy', () => {
  it("writes the same bytes as NumPy's np.save", async () => {
    const out = join(dir, 'out.npy');
    await ta
      .arange(12, { chunks: 4 })
      .div(4)
      .reshape(3, 4)
      .rechunk([2, 3])
      .toNpy(out, { scheduler: 'synchronous' });
    expect(Buffer.compare(readFileSync(out), readFileSync(fixture('f8_3x4.npy')))).toBe(0);
    const out2 = join(dir, 'out2.npy');
    await ta
      .arange(30, { chunks: 30 })
      .sub(15)
      .reshape(2, 3, 5)
      .rechunk([1, 2, 2])
      .toNpy(out2, { scheduler: 'synchronous' });
    expect(Buffer.compare(readFileSync(out2), readFileSync(fixture('i4_2x3x5.npy')))).toBe(0);
  });

  it('round-trips on worker schedulers, block by block', async () => {
    const x = ta.random.random([37, 23], { chunks: [10, 7], seed: 4 });
    const want = await x.compute({ scheduler: 'synchronous' });
    for (const scheduler of ['threads', 'processes']) {
      const p = join(dir, `rt-${scheduler}.npy`);
      await x.toNpy(p, { scheduler, workers: 2 });
      const back = await fromNpy(p, { chunks: [8, 8] }).compute({ scheduler, workers: 2 });
      expect(Array.from(back.data)).toEqual(Array.from(want.data));
    }
    expect(readdirSync(dir).some((f) => f.includes('.tmp-'))).toBe(false);
  });

  it('leaves no file behind when a block fails', async () => {
    const p = join(dir, 'fail.npy');
    const broken = ta.fromDelayed(
      (await import('@tusk/core')).delayed(() => {
        throw new Error('boom');
      })(),
      [2],
      'float64',
    );
    await expect(
      ta.concatenate([ta.zeros([3]), broken]).toNpy(p, { scheduler: 'synchronous' }),
    ).rejects.toThrow(/boom/);
    expect(readdirSync(dir).filter((f) => f.startsWith('fail.npy'))).toEqual([]);
  });
});
