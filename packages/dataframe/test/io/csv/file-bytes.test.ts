/**
 * ByteWindow against the file itself: a consumer that takes a random share of the window each
 * round (nothing, a little, everything), and sometimes doubles the window, must see exactly the
 * file's bytes in order — with leftovers that fit the headroom before a prefetched chunk and ones
 * that do not (a window of 200 kB consumed a few bytes at a time), from any start offset; windows
 * one after another (which reuse the buffers of the last) each see their own file; a window told to
 * stop reading ahead at a partition's end still reads past it on demand.
 */

import { open } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ByteWindow, WINDOW_CHUNK } from '../../../src/io/csv/file-bytes.js';
import { prng, tempDir } from './helpers.js';

async function readThrough(
  path: string,
  size: number,
  from: number,
  chunk: number,
  take: (len: number) => number,
  growEvery = 0,
  until = size,
): Promise<Buffer> {
  const fh = await open(path, 'r');
  const parts: Buffer[] = [];
  try {
    const w = new ByteWindow(fh, from, size, chunk, until);
    for (let round = 1; ; round++) {
      await w.fill();
      expect(w.offset).toBe(from + parts.reduce((s, p) => s + p.length, 0));
      const bytes = w.bytes;
      expect(bytes.length).toBe(w.length);
      if (w.eof) {
        parts.push(Buffer.from(bytes));
        w.advance(bytes.length);
        break;
      }
      const n = Math.min(bytes.length, take(bytes.length));
      parts.push(Buffer.from(bytes.subarray(0, n)));
      w.advance(n);
      if (growEvery > 0 && round % growEvery === 0) w.grow();
    }
    await w.settle();
  } finally {
    await fh.close();
  }
  return Buffer.concat(parts);
}

describe('ByteWindow', () => {
  const tmp = tempDir();
  const rand = prng(7);
  const size = 1_500_000;
  const content = Buffer.from(Array.from({ length: size }, () => Math.floor(rand() * 256)));
  const path = tmp.write('bytes.bin', content);

  it('hands over the file in order when most of each window is consumed (leftovers in the headroom)', async () => {
    const r = prng(1);
    const got = await readThrough(path, size, 0, 100_000, (len) => len - Math.floor(r() * 300));
    expect(got.equals(content)).toBe(true);
  });

  it('and when little is consumed, so leftovers outgrow the headroom, from an offset, growing', async () => {
    const r = prng(2);
    const from = 12_345;
    const got = await readThrough(path, size, from, 200_000, () => Math.floor(r() * 90_000), 3);
    expect(got.equals(content.subarray(from))).toBe(true);
  });

  it('and when rounds consume nothing or everything', async () => {
    const r = prng(3);
    const got = await readThrough(path, size, 0, 65_536, (len) => (r() < 0.3 ? 0 : r() < 0.5 ? len : 1));
    expect(got.equals(content)).toBe(true);
  });

  it('windows one after another (reusing their buffers) each see their own file', async () => {
    const other = Buffer.from(Array.from({ length: 2_345_678 }, (_, i) => (i * 31 + 7) & 255));
    const otherPath = tmp.write('other.bin', other);
    for (let round = 0; round < 3; round++) {
      const r = prng(10 + round);
      const take = (len: number) => len - Math.floor(r() * 200);
      expect((await readThrough(path, size, 0, WINDOW_CHUNK, take)).equals(content)).toBe(true);
      expect((await readThrough(otherPath, other.length, 0, WINDOW_CHUNK, take)).equals(other)).toBe(true);
    }
  });

  it('a window that stops reading ahead at `until` still reads past it when asked', async () => {
    const r = prng(4);
    const got = await readThrough(path, size, 1000, 100_000, (len) => len - Math.floor(r() * 50), 0, 300_000);
    expect(got.equals(content.subarray(1000))).toBe(true);
    tmp.cleanup();
  });
});
