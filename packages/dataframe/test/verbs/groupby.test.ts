/**
 * groupby over a many-partition CSV frame: agg with several columns and aggregations, the
 * `.col('x').mean()` shorthand, several keys, size, the shuffled strategy (`splitOut`) against the
 * tree, and dropDuplicates — against a plain-JS group-by of the generated rows (pandas semantics:
 * nulls skipped, null keys dropped, sorted by key).
 */

import { TuskError } from '@tusk/core';
import { afterAll, describe, expect, it } from 'vitest';
import { assertFrameEqual, col } from '../../src/index.js';
import { type Row, rowsOf } from '../helpers/data.js';
import { makeDataset } from '../helpers/dataset.js';
import { groupbyRef, isMissing } from '../helpers/reference.js';

const ds = makeDataset({ n: 3000, seed: 31, files: 2, blocksize: 2048 });
const { rows, df } = ds;
afterAll(ds.cleanup);

describe('groupby().agg', () => {
  it('several columns and aggregations, one key (tree reduction, one partition)', async () => {
    const out = df
      .groupby('cat')
      .agg({ x: ['sum', 'mean', 'count', 'min', 'max'], y: ['std', 'var', 'nunique'] });
    expect(out.npartitions).toBe(1);
    expect(out.columns).toEqual([
      'cat',
      'x_sum',
      'x_mean',
      'x_count',
      'x_min',
      'x_max',
      'y_std',
      'y_var',
      'y_nunique',
    ]);
    const expected = groupbyRef(
      rows,
      ['cat'],
      [
        { column: 'x', agg: 'sum' },
        { column: 'x', agg: 'mean' },
        { column: 'x', agg: 'count' },
        { column: 'x', agg: 'min' },
        { column: 'x', agg: 'max' },
        { column: 'y', agg: 'std' },
        { column: 'y', agg: 'var' },
        { column: 'y', agg: 'nunique' },
      ],
    );
    expect(expected.length).toBe(6);
    await assertFrameEqual(out, expected);
  });

  it('multi-key groupby with first, last and size', async () => {
    const out = df.groupby(['k2', 'cat']).agg({ name: ['first', 'last'], id: 'count' });
    const expected = groupbyRef(
      rows,
      ['k2', 'cat'],
      [
        { column: 'name', agg: 'first' },
        { column: 'name', agg: 'last' },
        { column: 'id', agg: 'count' },
      ],
    );
    expect(expected.length).toBe(24);
    await assertFrameEqual(out, expected);
    await assertFrameEqual(
      df.groupby(['cat', 'k2']).size(),
      groupbyRef(rows, ['cat', 'k2'], [{ agg: 'size' }]),
    );
  });

  it('explicit specs with output names', async () => {
    const out = df.groupby('k2').agg([
      { column: 'x', agg: 'mean', name: 'avg_x' },
      { agg: 'size', name: 'n' },
    ]);
    await assertFrameEqual(
      out,
      groupbyRef(
        rows,
        ['k2'],
        [
          { column: 'x', agg: 'mean', name: 'avg_x' },
          { agg: 'size', name: 'n' },
        ],
      ),
    );
  });

  it('groups by a date column and a bool column', async () => {
    await assertFrameEqual(
      df.groupby('flag').agg({ y: 'sum' }),
      groupbyRef(rows, ['flag'], [{ column: 'y', agg: 'sum' }]),
    );
    const byDay = df.groupby('day').agg({ x: 'max' });
    await assertFrameEqual(byDay, groupbyRef(rows, ['day'], [{ column: 'x', agg: 'max' }]));
  });

  it('after a filter and assign', async () => {
    const out = df
      .filter(col('x').gt(25))
      .assign({ x2: col('x').mul(col('x')) })
      .groupby('cat')
      .agg({ x2: 'mean' });
    const filtered = rows
      .filter((r) => r.x !== null && (r.x as number) > 25)
      .map((r) => ({ ...r, x2: (r.x as number) * (r.x as number) }));
    await assertFrameEqual(out, groupbyRef(filtered, ['cat'], [{ column: 'x2', agg: 'mean' }]));
  });

  it('with a small splitEvery (deeper tree) gives the same answer', async () => {
    const aggs = { x: ['mean', 'std'] as const, y: 'sum' as const };
    await assertFrameEqual(
      df.groupby('cat', { splitEvery: 2 }).agg(aggs),
      groupbyRef(
        rows,
        ['cat'],
        [
          { column: 'x', agg: 'mean' },
          { column: 'x', agg: 'std' },
          { column: 'y', agg: 'sum' },
        ],
      ),
    );
  });

  it('refuses unknown keys and aggregations when built', () => {
    expect(() => df.groupby('nope')).toThrow(TuskError);
    expect(() => df.groupby('cat').agg({ x: 'average' as 'mean' })).toThrow(/average/);
    expect(() => df.groupby('cat', { splitOut: 0 })).toThrow(/splitOut/);
  });
});

describe('groupby shorthand', () => {
  it(".col('x').mean() gives columns key, x", async () => {
    const out = df.groupby('cat').col('x').mean();
    expect(out.columns).toEqual(['cat', 'x']);
    await assertFrameEqual(out, groupbyRef(rows, ['cat'], [{ column: 'x', agg: 'mean', name: 'x' }]));
  });

  it('every shorthand aggregation', async () => {
    const g = df.groupby('k2').col('y');
    for (const agg of ['sum', 'count', 'min', 'max', 'std', 'var', 'first', 'last', 'nunique'] as const) {
      await assertFrameEqual(g[agg](), groupbyRef(rows, ['k2'], [{ column: 'y', agg, name: 'y' }]));
    }
    await assertFrameEqual(
      g.agg(['min', 'max']),
      groupbyRef(
        rows,
        ['k2'],
        [
          { column: 'y', agg: 'min' },
          { column: 'y', agg: 'max' },
        ],
      ),
    );
  });
});

describe('groupby with splitOut (hash shuffle)', () => {
  it('splitOut: 4 gives the same groups as the tree, spread over 4 partitions', async () => {
    const aggs = { x: ['sum', 'mean'] as const, y: ['max', 'count'] as const };
    const tree = df.groupby(['cat', 'k2']).agg(aggs);
    const shuffled = df.groupby(['cat', 'k2'], { splitOut: 4 }).agg(aggs);
    expect(shuffled.npartitions).toBe(4);
    const expected = groupbyRef(
      rows,
      ['cat', 'k2'],
      [
        { column: 'x', agg: 'sum' },
        { column: 'x', agg: 'mean' },
        { column: 'y', agg: 'max' },
        { column: 'y', agg: 'count' },
      ],
    );
    await assertFrameEqual(tree, expected);
    // Output partitions are hash-partitioned: compare as sets of rows.
    await assertFrameEqual(shuffled, expected, { checkRowOrder: false });
    await assertFrameEqual(shuffled, tree, { checkRowOrder: false });
  });

  it('each group lives in exactly one output partition', async () => {
    const shuffled = df.groupby('name', { splitOut: 5 }).agg({ id: 'count' });
    const parts = await Promise.all(
      Array.from({ length: 5 }, (_, i) => shuffled.partition(i).compute({ scheduler: 'synchronous' })),
    );
    const seen = new Map<unknown, number>();
    parts.forEach((p, i) => {
      for (const r of rowsOf(p)) {
        expect(seen.has(r.name)).toBe(false);
        seen.set(r.name, i);
      }
    });
    expect(seen.size).toBe(new Set(rows.map((r) => r.name)).size);
    expect(parts.filter((p) => p.numRows > 0).length).toBeGreaterThan(1);
    await assertFrameEqual(shuffled, groupbyRef(rows, ['name'], [{ column: 'id', agg: 'count' }]), {
      checkRowOrder: false,
    });
  });
});

describe('dropDuplicates', () => {
  it('keeps the first occurrence of each row, in order, across partitions', async () => {
    const out = df.select(['cat', 'k2']).dropDuplicates();
    expect(out.npartitions).toBe(1);
    const seen = new Set<string>();
    const expected: Row[] = [];
    for (const r of rows) {
      const id = JSON.stringify([r.cat, r.k2]);
      if (!seen.has(id)) {
        seen.add(id);
        expected.push({ cat: r.cat, k2: r.k2 });
      }
    }
    // Nulls count as equal to each other, as in pandas: the (null, k) rows appear once per k.
    expect(expected.some((r) => isMissing(r.cat))).toBe(true);
    await assertFrameEqual(out, expected);
  });

  it('subset and keep: last', async () => {
    const out = df.dropDuplicates({ subset: ['cat'], keep: 'last' });
    const last = new Map<unknown, number>();
    rows.forEach((r, i) => {
      last.set(r.cat, i);
    });
    const keepIdx = [...last.values()].sort((a, b) => a - b);
    await assertFrameEqual(
      out,
      keepIdx.map((i) => rows[i]),
    );
  });

  it('Series.dropDuplicates gives the distinct values in order of appearance', async () => {
    const t = await df.col('k2').dropDuplicates().compute({ scheduler: 'synchronous' });
    expect(rowsOf(t).map((r) => r.k2)).toEqual([...new Set(rows.map((r) => r.k2))]);
  });
});
