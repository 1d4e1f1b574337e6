/**
 * SpillableStore: accounting, least-recently-used spilling, transparent reloads, deleting spill files
 * on release, values that cannot be spilled, pausing, closing. Chunks are 64 KiB Float64Arrays and
 * the limit is sized so that the target (0.6 × limit) holds exactly three of them.
 */

import fs from 'node:fs';
import { TuskError } from '@tusk/core';
import { describe, expect, it } from 'vitest';
import type { SpillableStore } from '../../src/store/store.js';
import { createSpillableStore, withSpillableStore } from '../../src/store/with-store.js';

const CHUNK = 64 * 1024;
/** target = 0.6 × limit = three chunks and a bit. */
const LIMIT = Math.ceil((3 * CHUNK + 1000) / 0.6);

const chunk = (i: number) => new Float64Array(CHUNK / 8).fill(i);

function store(options: Record<string, unknown> = {}): SpillableStore {
  return createSpillableStore({ memoryLimit: LIMIT, ...options });
}

function spilled(s: SpillableStore, keys: string[]): string[] {
  return keys.filter((k) => s.isSpilled(k));
}

describe('SpillableStore', () => {
  it('keeps values under the target in memory, counts their bytes, and touches no disk', () => {
    const s = store();
    s.set('a', chunk(1));
    s.set('b', chunk(2));
    s.set('n', 42);
    expect(s.get('a')).toEqual(chunk(1));
    expect(s.get('n')).toBe(42);
    expect(s.get('missing')).toBeUndefined();
    const st = s.stats();
    expect(st.memoryBytes).toBe(2 * CHUNK + 8);
    expect(st.peakMemoryBytes).toBe(2 * CHUNK + 8);
    expect(st).toMatchObject({
      spilledBytes: 0,
      spilledCount: 0,
      reloadedCount: 0,
      values: 3,
      limitBytes: LIMIT,
    });
    expect(st.directory).toBeUndefined();
    s.close();
  });

  it('spills the least recently used value first (a get counts as a use)', () => {
    const s = store();
    s.set('a', chunk(1));
    s.set('b', chunk(2));
    s.set('c', chunk(3));
    s.get('a'); // a is now the most recently used: b is the oldest
    s.set('d', chunk(4));
    expect(spilled(s, ['a', 'b', 'c', 'd'])).toEqual(['b']);
    s.set('e', chunk(5));
    expect(spilled(s, ['a', 'b', 'c', 'd', 'e'])).toEqual(['b', 'c']);
    const st = s.stats();
    expect(st.memoryBytes).toBe(3 * CHUNK);
    expect(st.spilledBytes).toBe(2 * CHUNK);
    expect(st.peakMemoryBytes).toBe(3 * CHUNK);
    expect(st.spilledCount).toBe(2);
    s.close();
  });

  it('reloads a spilled value on get, transparently, and may spill it again later', () => {
    const s = store();
    for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) s.set(k, chunk(i));
    expect(s.isSpilled('a')).toBe(true);
    const dir = s.stats().directory!;
    expect(fs.readdirSync(dir)).toHaveLength(1);
    expect(s.get('a')).toEqual(chunk(0)); // makes room first: b (now least recently used) goes to disk
    expect(s.isSpilled('a')).toBe(false);
    expect(s.isSpilled('b')).toBe(true);
    expect(fs.readdirSync(dir)).toHaveLength(1); // a's file was deleted on reload, b's written
    expect(s.stats()).toMatchObject({
      reloadedCount: 1,
      spilledCount: 2,
      memoryBytes: 3 * CHUNK,
      spilledBytes: CHUNK,
    });
    s.set('e', chunk(9));
    s.set('f', chunk(9));
    s.set('g', chunk(9));
    expect(s.isSpilled('a')).toBe(true);
    expect(s.get('a')).toEqual(chunk(0));
    expect(s.stats().reloadedCount).toBe(2);
    s.close();
  });

  it('delete drops a value and deletes its spill file at once', () => {
    const s = store();
    for (const [i, k] of ['a', 'b', 'c', 'd', 'e'].entries()) s.set(k, chunk(i));
    const dir = s.stats().directory!;
    expect(fs.readdirSync(dir)).toHaveLength(2);
    s.delete('a');
    expect(fs.readdirSync(dir)).toHaveLength(1);
    expect(s.has('a')).toBe(false);
    s.delete('e'); // in memory
    expect(s.stats()).toMatchObject({ memoryBytes: 2 * CHUNK, spilledBytes: CHUNK, values: 3 });
    s.delete('b');
    expect(fs.readdirSync(dir)).toEqual([]);
    s.delete('nothing');
    s.close();
  });

  it('set on a key already held replaces its value and its accounting', () => {
    const s = store();
    for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) s.set(k, chunk(i));
    expect(s.isSpilled('a')).toBe(true);
    s.set('a', 7);
    expect(s.get('a')).toBe(7);
    expect(fs.readdirSync(s.stats().directory!)).toEqual([]);
    expect(s.stats()).toMatchObject({ spilledBytes: 0, values: 4 });
    s.close();
  });

  it('a value larger than the target goes straight to disk and comes back whole', () => {
    const s = store();
    s.set('small', chunk(1));
    const big = new Float64Array(LIMIT / 8).fill(3);
    s.set('big', big);
    expect(s.isSpilled('big')).toBe(true);
    expect(s.isSpilled('small')).toBe(false);
    expect(s.get('big')).toEqual(big);
    expect(s.isSpilled('small')).toBe(true); // room was made for it
    s.close();
  });

  it('values no codec can write stay in memory, counted, and are skipped by spilling', () => {
    class Opaque {
      constructor(readonly data: Float64Array) {}
    }
    const s = store();
    s.set('o', new Opaque(chunk(0)));
    s.set('a', chunk(1));
    s.set('b', chunk(2));
    s.set('c', chunk(3));
    expect(s.isSpilled('o')).toBe(false);
    expect(s.isSpilled('a')).toBe(true);
    expect(s.get('o')).toBeInstanceOf(Opaque);
    const st = s.stats();
    expect(st.unspillableBytes).toBeGreaterThanOrEqual(CHUNK);
    s.delete('o');
    expect(s.stats().unspillableBytes).toBe(0);
    s.close();
  });

  it('a value whose buffer was transferred to a worker is no longer counted, and not written', () => {
    const s = store();
    const moved = chunk(1);
    s.set('moved', moved);
    structuredClone(moved.buffer, { transfer: [moved.buffer] }); // what moveInputs does, detaching it here
    s.set('b', chunk(2));
    s.set('c', chunk(3));
    s.set('d', chunk(4)); // makes room: 'moved' is the least recently used
    expect(s.isSpilled('moved')).toBe(false);
    expect(s.stats()).toMatchObject({ memoryBytes: 3 * CHUNK, spilledCount: 0 });
    expect(s.get('moved')).toBe(moved);
    s.delete('moved');
    expect(s.stats().memoryBytes).toBe(3 * CHUNK);
    s.close();
  });

  it('shouldPause: while managed bytes exceed memoryPause × memoryLimit', () => {
    class Opaque {
      constructor(readonly data: Float64Array) {}
    }
    const s = store({ rssIntervalMs: 1e9 });
    expect(s.shouldPause()).toBe(false);
    for (let i = 0; i < 5; i++) s.set(`o${i}`, new Opaque(chunk(i)));
    expect(s.stats().memoryBytes).toBeGreaterThan(0.8 * LIMIT);
    expect(s.shouldPause()).toBe(true);
    for (let i = 0; i < 5; i++) s.delete(`o${i}`);
    expect(s.shouldPause()).toBe(false);
    s.close();
    const never = store({ memoryPause: false });
    for (let i = 0; i < 5; i++) never.set(`o${i}`, new Opaque(chunk(i)));
    expect(never.shouldPause()).toBe(false);
    never.close();
  });

  it('shouldPause: also while the process RSS has grown past the pause threshold', () => {
    const s = store({ rssIntervalMs: 0 });
    expect(s.shouldPause()).toBe(false);
    const outside = Buffer.alloc(32 * 1024 * 1024, 1); // not in the store, but resident
    expect(s.shouldPause()).toBe(true);
    expect(s.stats().peakRssGrowthBytes).toBeGreaterThan(0.8 * LIMIT);
    expect(outside[0]).toBe(1);
    s.close();
  });

  it('memoryLimit 0 means no limit: nothing spills', () => {
    const s = store({ memoryLimit: 0 });
    for (let i = 0; i < 20; i++) s.set(`k${i}`, chunk(i));
    expect(s.stats()).toMatchObject({
      spilledCount: 0,
      memoryBytes: 20 * CHUNK,
      limitBytes: Number.POSITIVE_INFINITY,
    });
    expect(s.shouldPause()).toBe(false);
    s.close();
  });

  it('close removes the spill directory; the store then refuses to be used; stats stay readable', () => {
    const s = store();
    for (const [i, k] of ['a', 'b', 'c', 'd', 'e'].entries()) s.set(k, chunk(i));
    const dir = s.stats().directory!;
    expect(fs.existsSync(dir)).toBe(true);
    s.close();
    s.close();
    expect(fs.existsSync(dir)).toBe(false);
    expect(() => s.get('a')).toThrow(TuskError);
    expect(() => s.set('x', 1)).toThrow(/closed/);
    expect(s.stats().spilledCount).toBe(2);
  });

  it('`using` closes it too', () => {
    let dir: string | undefined;
    {
      using s = store();
      for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) s.set(k, chunk(i));
      dir = s.stats().directory;
      expect(fs.existsSync(dir!)).toBe(true);
    }
    expect(fs.existsSync(dir!)).toBe(false);
  });

  it('withSpillableStore closes the store after a failed run as after a successful one', async () => {
    let dir: string | undefined;
    const err = await withSpillableStore({ memoryLimit: LIMIT }, (s) => {
      for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) s.set(k, chunk(i));
      dir = s.stats().directory;
      throw new Error('the run failed');
    }).catch((e) => e);
    expect(err.message).toBe('the run failed');
    expect(fs.existsSync(dir!)).toBe(false);
    const ok = await withSpillableStore({ memoryLimit: LIMIT }, async (s) => {
      s.set('a', 1);
      return s.get('a');
    });
    expect(ok).toBe(1);
  });

  it('each store gets a directory of its own under spillDir, and spillDir itself survives', () => {
    const parent = fs.mkdtempSync(`${process.env.TMPDIR ?? '/tmp'}/tusk-parent-`);
    const s1 = store({ spillDir: parent });
    const s2 = store({ spillDir: parent });
    for (const s of [s1, s2]) for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) s.set(k, chunk(i));
    const d1 = s1.stats().directory!;
    const d2 = s2.stats().directory!;
    expect(d1).not.toBe(d2);
    expect(d1.startsWith(parent)).toBe(true);
    s1.close();
    s2.close();
    expect(fs.readdirSync(parent)).toEqual([]);
    fs.rmdirSync(parent);
  });
});
