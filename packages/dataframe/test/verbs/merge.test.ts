/**
 * merge: inner / left / right / outer joins of two CSV-backed frames, broadcast (one side in one
 * partition) and shuffled (both sides many partitions), with duplicate keys on both sides, unmatched
 * rows on both sides, null keys (which never match) and overlapping column names (suffixes) — against
 * a nested-loop reference join of the generated rows.
 */

import { TuskError } from '@tusk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertFrameEqual, col, type DataFrame, fromRecords, readCsv } from '../../src/index.js';
import { type Row, rng, tempDir, toCsvText, writeText } from '../helpers/data.js';
import { type JoinRefOptions, joinRef } from '../helpers/reference.js';
import { taskRecorder } from '../helpers/runs.js';

const { dir, cleanup } = tempDir('tusk-merge-');
afterAll(cleanup);

const LEFT_COLS = ['lid', 'key', 'v', 's'];
const RIGHT_COLS = ['rid', 'key', 'v', 'w'];
let leftRows: Row[] = [];
let rightRows: Row[] = [];
let left: DataFrame;
let right: DataFrame;
let rightOne: DataFrame;
let leftOne: DataFrame;

beforeAll(() => {
  const r = rng(77);
  // Left: 1500 rows, keys -50..50 (about 15 rows per key), 3% null keys.
  leftRows = Array.from({ length: 1500 }, (_, i) => ({
    lid: i,
    key: r() < 0.03 ? null : Math.floor(r() * 101) - 50,
    v: Number((r() * 10).toFixed(3)),
    s: `s${Math.floor(r() * 1000)}`,
  }));
  // Right: 400 rows, keys -65..65 but none divisible by 3 (so those left keys go unmatched; keys
  // beyond ±50 have no left match), 5% null keys; duplicates on both sides.
  rightRows = [];
  for (let i = 0; rightRows.length < 400; i++) {
    const key = Math.floor(r() * 131) - 65;
    if (key % 3 === 0) continue;
    rightRows.push({
      rid: i,
      key: r() < 0.05 ? null : key,
      v: Number((r() * 100).toFixed(2)),
      w: r() < 0.5,
    });
  }
  writeText(dir, 'left.csv', toCsvText(leftRows, LEFT_COLS));
  writeText(dir, 'right.csv', toCsvText(rightRows, RIGHT_COLS));
  left = readCsv(`${dir}/left.csv`, { blocksize: 1024 });
  right = readCsv(`${dir}/right.csv`, { blocksize: 512 });
  rightOne = readCsv(`${dir}/right.csv`, { blocksize: null });
  leftOne = readCsv(`${dir}/left.csv`, { blocksize: null });
});

function expected(how: JoinRefOptions['how'], suffixes?: readonly [string, string]): Row[] {
  return joinRef(leftRows, rightRows, LEFT_COLS, RIGHT_COLS, {
    leftOn: ['key'],
    rightOn: ['key'],
    how,
    suffixes,
  });
}

/** Run with a recorder; say whether any task hash-partitioned (a shuffle). */
async function shuffled(df: DataFrame): Promise<boolean> {
  const rec = taskRecorder();
  await df.compute({ scheduler: 'synchronous', callbacks: [rec] });
  return rec.functions.some((f) => /hashPartition/.test(f));
}

describe('merge: shuffled (both sides many partitions)', () => {
  for (const how of ['inner', 'left', 'right', 'outer'] as const) {
    it(`${how} join equals the nested-loop join`, async () => {
      expect(left.npartitions).toBeGreaterThan(10);
      expect(right.npartitions).toBeGreaterThan(5);
      const out = left.merge(right, { on: 'key', how });
      expect(out.columns).toEqual(['lid', 'key', 'v_x', 's', 'rid', 'v_y', 'w']);
      const want = expected(how);
      // The reference must exercise unmatched rows on the kept side(s) and duplicate matches.
      if (how !== 'inner') expect(want.some((r) => r.lid === null || r.rid === null)).toBe(true);
      expect(want.length).toBeGreaterThan(leftRows.length);
      await assertFrameEqual(out, want, { checkRowOrder: false });
      expect(await shuffled(out)).toBe(true);
    });
  }

  it('takes the partition count and suffixes it is given', async () => {
    const out = left.merge(right, { on: 'key', how: 'outer', npartitions: 3, suffixes: ['_left', '_right'] });
    expect(out.npartitions).toBe(3);
    expect(out.columns).toEqual(['lid', 'key', 'v_left', 's', 'rid', 'v_right', 'w']);
    await assertFrameEqual(out, expected('outer', ['_left', '_right']), { checkRowOrder: false });
  });

  it('joins on differently named keys (both kept)', async () => {
    const r2 = right.rename({ key: 'rkey' });
    const out = left.merge(r2, { leftOn: 'key', rightOn: 'rkey', how: 'left' });
    expect(out.columns).toEqual(['lid', 'key', 'v_x', 's', 'rid', 'rkey', 'v_y', 'w']);
    const want = joinRef(
      leftRows,
      rightRows.map((r) => ({ rid: r.rid, rkey: r.key, v: r.v, w: r.w })),
      LEFT_COLS,
      ['rid', 'rkey', 'v', 'w'],
      { leftOn: ['key'], rightOn: ['rkey'], how: 'left' },
    );
    await assertFrameEqual(out, want, { checkRowOrder: false });
  });

  it('joins on two keys', async () => {
    // Python-style mod: key mod 2 is 0 or 1 for negative keys too; null stays null.
    const l2 = left.assign({ half: col('key').mod(2) });
    const r2 = right.assign({ half: col('key').mod(2) });
    const out = l2.merge(r2, { on: ['key', 'half'], how: 'inner' });
    const parity = (r: Row) => ({ ...r, half: r.key === null ? null : (((r.key as number) % 2) + 2) % 2 });
    const want = joinRef(
      leftRows.map(parity),
      rightRows.map(parity),
      [...LEFT_COLS, 'half'],
      [...RIGHT_COLS, 'half'],
      {
        leftOn: ['key', 'half'],
        rightOn: ['key', 'half'],
        how: 'inner',
      },
    );
    expect(want.length).toBeGreaterThan(0);
    await assertFrameEqual(out, want, { checkRowOrder: false });
  });
});

describe('merge: broadcast (one side in one partition)', () => {
  it('inner and left joins stream the big left side past a one-partition right side, in left order', async () => {
    for (const how of ['inner', 'left'] as const) {
      const out = left.merge(rightOne, { on: 'key', how });
      expect(out.npartitions).toBe(left.npartitions);
      // Row order follows the left side (matches in right order), partition by partition.
      await assertFrameEqual(out, expected(how));
      expect(await shuffled(out)).toBe(false);
    }
  });

  it('a right join with a one-partition left side broadcasts the left', async () => {
    const out = leftOne.merge(right, { on: 'key', how: 'right' });
    expect(out.npartitions).toBe(right.npartitions);
    await assertFrameEqual(out, expected('right'), { checkRowOrder: false });
    expect(await shuffled(out)).toBe(false);
  });

  it('an outer join with a one-partition side still shuffles (it must see every unmatched row)', async () => {
    const out = left.merge(rightOne, { on: 'key', how: 'outer' });
    await assertFrameEqual(out, expected('outer'), { checkRowOrder: false });
    expect(await shuffled(out)).toBe(true);
  });

  it('broadcast: false forces the shuffle, with the same answer', async () => {
    const out = left.merge(rightOne, { on: 'key', how: 'inner', broadcast: false });
    await assertFrameEqual(out, expected('inner'), { checkRowOrder: false });
    expect(await shuffled(out)).toBe(true);
  });

  it('joins a category key with a string key from records', async () => {
    const cats = fromRecords([
      { cat: 'a', label: 'first' },
      { cat: 'b', label: 'second' },
      { cat: 'b', label: 'again' },
      { cat: 'z', label: 'unused' },
    ]);
    const facts = left.assign({ cat: col('s').slice(1, 2) }).astype({ cat: 'category' });
    const out = facts.merge(cats, { on: 'cat', how: 'left' }).select(['lid', 'cat', 'label']);
    const labels: Record<string, string[]> = { a: ['first'], b: ['second', 'again'] };
    const want: Row[] = [];
    for (const r of leftRows) {
      const cat = (r.s as string).slice(1, 2);
      for (const label of labels[cat] ?? [null]) want.push({ lid: r.lid, cat, label });
    }
    await assertFrameEqual(out, want, { checkDtypes: false });
  });
});

describe('merge errors', () => {
  it('refuses a forced broadcast that cannot be one', () => {
    expect(() => left.merge(right, { on: 'key', how: 'outer', broadcast: true })).toThrow(TuskError);
    expect(() => left.merge(right, { on: 'key', how: 'outer', broadcast: true })).toThrow(/repartition/);
  });

  it('refuses unknown keys, mismatched key types and a bad how when built', () => {
    expect(() => left.merge(right, { on: 'nope' })).toThrow(/nope/);
    expect(() => left.merge(right, { leftOn: 's', rightOn: 'key' })).toThrow(TuskError);
    expect(() => left.merge(right, { on: 'key', how: 'cross' as 'inner' })).toThrow(/how/);
    expect(() => left.merge(right, {})).toThrow(/on/);
  });
});
