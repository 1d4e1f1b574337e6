/**
 * Partition-wise verbs over a many-partition CSV frame: select, filter, assign, drop, rename, astype,
 * dropna, fillna and mapPartitions, each checked with assertFrameEqual (values and meta of every
 * partition) against the same operation written as a plain loop over the generated rows.
 */

import { TuskError } from '@tusk/core';
import { Field, Float64, Schema } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { assertFrameEqual, col, lit } from '../../src/index.js';
import { type Row, typesOf } from '../helpers/data.js';
import { makeDataset } from '../helpers/dataset.js';
import { keepEven, scaleColumn, scaleColumnAsync } from '../helpers/fixtures.js';

const ds = makeDataset({ n: 2500, seed: 11, files: 2, blocksize: 2048 });
const { rows, df } = ds;
afterAll(ds.cleanup);

const pick = (r: Row, cols: readonly string[]): Row => Object.fromEntries(cols.map((c) => [c, r[c]]));

describe('select and drop', () => {
  it('select keeps the named columns in the given order, in every partition', async () => {
    expect(df.npartitions).toBeGreaterThan(30);
    const out = df.select(['x', 'cat']);
    expect(out.columns).toEqual(['x', 'cat']);
    expect(out.npartitions).toBe(df.npartitions);
    await assertFrameEqual(
      out,
      rows.map((r) => pick(r, ['x', 'cat'])),
    );
    await assertFrameEqual(
      df.select('name'),
      rows.map((r) => ({ name: r.name })),
    );
  });

  it('drop removes columns', async () => {
    const out = df.drop(['name', 'day', 'flag']);
    expect(out.columns).toEqual(['id', 'cat', 'k2', 'x', 'y']);
    await assertFrameEqual(
      out,
      rows.map((r) => pick(r, ['id', 'cat', 'k2', 'x', 'y'])),
    );
    await assertFrameEqual(
      df.drop('name').select(['id']),
      rows.map((r) => ({ id: r.id })),
    );
  });

  it('refuses unknown columns when the frame is built, not when it runs', () => {
    expect(() => df.select(['nope'])).toThrow(/nope/);
    expect(() => df.drop('nope')).toThrow(/nope/);
  });
});

describe('filter', () => {
  it('keeps rows where x > 50 and cat is c1 or c2 (nulls never pass)', async () => {
    const out = df.filter(
      col('x')
        .gt(50)
        .and(col('cat').isIn(['c1', 'c2'])),
    );
    expect(out.npartitions).toBe(df.npartitions);
    const expected = rows.filter(
      (r) => r.x !== null && (r.x as number) > 50 && (r.cat === 'c1' || r.cat === 'c2'),
    );
    expect(expected.length).toBeGreaterThan(100);
    await assertFrameEqual(out, expected);
  });

  it('combines or / not / isNull / string and date predicates', async () => {
    const pred = col('y').lt(-40).or(col('x').isNull()).and(col('name').startsWith('n,').not());
    const expected = rows.filter(
      (r) => ((r.y as number) < -40 || r.x === null) && !(r.name as string).startsWith('n,'),
    );
    await assertFrameEqual(df.filter(pred), expected);
    const march = df.filter(col('day').month().eq(3).and(col('flag')));
    await assertFrameEqual(
      march,
      rows.filter((r) => new Date(r.day as number).getUTCMonth() === 2 && r.flag === true),
    );
  });

  it('can empty every partition and still has the meta schema', async () => {
    const t = await assertFrameEqual(df.filter(col('y').gt(1000)), []);
    expect(typesOf(t)).toEqual(df.dtypes);
  });

  it('refuses a predicate of the wrong type when built', () => {
    expect(() => df.filter(col('x').add(1))).toThrow(TuskError);
  });
});

describe('assign, rename, astype', () => {
  it('assign adds and replaces columns from expressions', async () => {
    const out = df.assign({
      z: col('x').mul(2).add(col('y')),
      y: col('y').sub(1),
      big: col('x').gt(lit(90)),
    });
    expect(out.columns).toEqual([...df.columns, 'z', 'big']);
    expect(out.dtypes.z).toBe('Float64');
    expect(out.dtypes.y).toBe('Int32');
    expect(out.dtypes.big).toBe('Bool');
    await assertFrameEqual(
      out,
      rows.map((r) => ({
        ...r,
        y: (r.y as number) - 1,
        z: r.x === null ? null : (r.x as number) * 2 + (r.y as number),
        big: r.x === null ? null : (r.x as number) > 90,
      })),
    );
  });

  it('filter then assign then select, chained', async () => {
    const out = df
      .filter(col('k2').eq(1))
      .assign({ ratio: col('y').div(col('k2').add(1)) })
      .select(['id', 'ratio']);
    await assertFrameEqual(
      out,
      rows.filter((r) => r.k2 === 1).map((r) => ({ id: r.id, ratio: (r.y as number) / 2 })),
    );
  });

  it('rename renames columns and keeps the values', async () => {
    const out = df.rename({ x: 'value', cat: 'category' });
    expect(out.columns).toEqual(['id', 'category', 'k2', 'value', 'y', 'name', 'flag', 'day']);
    await assertFrameEqual(
      out.select(['id', 'category', 'value']),
      rows.map((r) => ({ id: r.id, category: r.cat, value: r.x })),
    );
  });

  it('astype casts columns in every partition', async () => {
    const out = df.astype({ y: 'float64', k2: 'string', cat: 'string', x: 'int32' });
    expect(out.dtypes).toMatchObject({ y: 'Float64', k2: 'Utf8', cat: 'Utf8', x: 'Int32' });
    await assertFrameEqual(
      out.select(['y', 'k2', 'cat', 'x']),
      rows.map((r) => ({
        y: r.y,
        k2: String(r.k2),
        cat: r.cat,
        x: r.x === null ? null : Math.trunc(r.x as number),
      })),
    );
  });
});

describe('dropna and fillna', () => {
  it('dropna drops rows with any null, or only in a subset, or only when all are null', async () => {
    const anyNull = (r: Row) => Object.values(r).some((v) => v === null);
    await assertFrameEqual(
      df.dropna(),
      rows.filter((r) => !anyNull(r)),
    );
    await assertFrameEqual(
      df.dropna({ subset: ['x'] }),
      rows.filter((r) => r.x !== null),
    );
    await assertFrameEqual(
      df.dropna({ subset: ['x', 'cat'], how: 'all' }),
      rows.filter((r) => r.x !== null || r.cat !== null),
    );
  });

  it('fillna fills one value into every column that accepts it, or per column', async () => {
    await assertFrameEqual(
      df.select(['x', 'y', 'cat']).fillna(-1),
      rows.map((r) => ({ x: r.x ?? -1, y: r.y, cat: r.cat })),
    );
    await assertFrameEqual(
      df.fillna({ x: 0.5, cat: 'none', flag: false }).select(['x', 'cat', 'flag']),
      rows.map((r) => ({ x: r.x ?? 0.5, cat: r.cat ?? 'none', flag: r.flag ?? false })),
    );
  });
});

describe('mapPartitions', () => {
  it('applies a portable user function (defineTasks) to every partition, with arguments', async () => {
    const out = df.select(['id', 'x']).mapPartitions(scaleColumn, { args: ['x', 3] });
    expect(out.columns).toEqual(['id', 'x', 'scaled']);
    expect(out.npartitions).toBe(df.npartitions);
    await assertFrameEqual(
      out,
      rows.map((r) => ({ id: r.id, x: r.x, scaled: r.x === null ? null : (r.x as number) * 3 })),
    );
  });

  it('runs the portable function on threads as well', async () => {
    const out = df.select(['id', 'y']).mapPartitions(keepEven, { args: ['y'] });
    const t = await out.compute({ scheduler: 'threads', workers: 2 });
    const expected = rows.filter((r) => (r.y as number) % 2 === 0).map((r) => r.id);
    expect(Array.from(t.getChild('id')!.toArray() as Int32Array)).toEqual(expected);
  });

  it('needs meta for an async function, and works once it is given', async () => {
    let err: unknown;
    try {
      df.mapPartitions(scaleColumnAsync, { args: ['x', 2] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TuskError);
    expect((err as Error).message).toMatch(/scaleColumnAsync.*async.*meta/);
    const small = df.select(['id', 'x']);
    const meta = new Schema([...small.meta.fields, new Field('scaled', new Float64(), true)]);
    const out = small.mapPartitions(scaleColumnAsync, { args: ['x', 2], meta });
    await assertFrameEqual(
      out,
      rows.map((r) => ({ id: r.id, x: r.x, scaled: r.x === null ? null : (r.x as number) * 2 })),
    );
  });

  it('runs a closure on the synchronous scheduler and refuses it on threads before running', async () => {
    const closure = (t: import('apache-arrow').Table) => t.slice(0, 1);
    const out = df.select(['id']).mapPartitions(closure);
    const t = await out.compute({ scheduler: 'synchronous' });
    expect(t.numRows).toBe(df.npartitions);
    await expect(out.compute({ scheduler: 'threads', workers: 2 })).rejects.toThrow(
      /closure|portable|defineTasks/i,
    );
  });
});
