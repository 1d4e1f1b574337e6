/**
 * readCsv as a DataFrame: generated rows written as CSV files (by the test, not the writer under
 * test) with a tiny blocksize, so every file spans many partitions; the computed frame must equal the
 * rows (values and types). Also globs, the path column, usecols, dtypes overrides, and the errors a
 * user meets: a glob that matches nothing, a file that vanishes before the run, a dtype that a later
 * partition contradicts.
 */

import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { TaskError } from '@tusk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertFrameEqual,
  CsvDtypeError,
  CsvFileNotFoundError,
  CsvGlobError,
  type DataFrame,
  readCsv,
} from '../../src/index.js';
import {
  COLUMNS,
  datasetCsv,
  INFERRED_TYPES,
  makeRows,
  project,
  type Row,
  rowsOf,
  tempDir,
  toCsvText,
  typesOf,
  writeText,
} from '../helpers/data.js';

const { dir, cleanup } = tempDir('tusk-read-csv-');
const FILES = 3;
const PER_FILE = 700;
let rows: Row[][] = [];
let one: string;

beforeAll(() => {
  rows = Array.from({ length: FILES }, (_, f) => makeRows(PER_FILE, 100 + f, f * PER_FILE));
  rows.forEach((r, f) => {
    writeText(dir, `part-${f}.csv`, datasetCsv(r));
  });
  one = join(dir, 'part-0.csv');
});
afterAll(cleanup);

describe('readCsv', () => {
  it('reads one file into many partitions that together equal the rows, with the inferred types', async () => {
    const df = readCsv(one, { blocksize: 1024 });
    expect(df.npartitions).toBeGreaterThan(20);
    expect(df.columns).toEqual([...COLUMNS]);
    expect(df.dtypes).toEqual(INFERRED_TYPES);
    const table = await assertFrameEqual(df, rows[0]);
    expect(typesOf(table)).toEqual(INFERRED_TYPES);
  });

  it('gives the same rows whatever the blocksize, including one partition per file', async () => {
    for (const blocksize of [256, 3000, null]) {
      const df = readCsv(one, { blocksize });
      if (blocksize === null) expect(df.npartitions).toBe(1);
      await assertFrameEqual(df, rows[0]);
    }
  });

  it('reads the same rows with the fast engine', async () => {
    await assertFrameEqual(readCsv(one, { blocksize: 512, engine: 'fast' }), rows[0]);
  });

  it('reads a glob of several files in path order', async () => {
    const df = readCsv(join(dir, 'part-*.csv'), { blocksize: 2048 });
    expect(df.npartitions).toBeGreaterThan(3 * 10);
    await assertFrameEqual(df, rows.flat());
  });

  it('reads a list of files in the order given', async () => {
    const df = readCsv([join(dir, 'part-2.csv'), join(dir, 'part-0.csv')], { blocksize: 4096 });
    await assertFrameEqual(df, [...rows[2], ...rows[0]]);
  });

  it('adds the file path as a category column with includePathColumn', async () => {
    const df = readCsv(join(dir, 'part-*.csv'), { blocksize: 2048, includePathColumn: true });
    expect(df.columns).toEqual([...COLUMNS, 'path']);
    expect(df.dtypes.path).toBe('Dictionary<Int32, Utf8>');
    const expected = rows.flatMap((r, f) => r.map((row) => ({ ...row, path: join(dir, `part-${f}.csv`) })));
    await assertFrameEqual(df, expected);

    const named = readCsv(join(dir, 'part-1.csv'), { blocksize: 2048, includePathColumn: 'source' });
    const t = await assertFrameEqual(
      named.select(['id', 'source']),
      rows[1].map((r) => ({ id: r.id, source: join(dir, 'part-1.csv') })),
    );
    expect(t.numRows).toBe(PER_FILE);
  });

  it('keeps only the usecols columns, by name or by position', async () => {
    const byName = readCsv(one, { blocksize: 1024, usecols: ['x', 'cat', 'id'] });
    // Columns come in the order usecols gives them (io/csv/infer-schema.ts selectColumns).
    expect(byName.columns).toEqual(['x', 'cat', 'id']);
    expect(byName.dtypes).toEqual({ x: 'Float64', cat: 'Dictionary<Int32, Utf8>', id: 'Int32' });
    await assertFrameEqual(byName, project(rows[0], ['x', 'cat', 'id']));

    const byPosition = readCsv(one, { blocksize: 1024, usecols: [4, 0] });
    expect(byPosition.columns).toEqual(['y', 'id']);
    await assertFrameEqual(byPosition, project(rows[0], ['y', 'id']));
  });

  it('applies dtypes overrides to the frame meta and every partition', async () => {
    const df = readCsv(one, {
      blocksize: 1024,
      dtypes: { y: 'float64', id: 'int64', cat: 'string', k2: 'string' },
    });
    expect(df.dtypes).toMatchObject({ y: 'Float64', id: 'Int64', cat: 'Utf8', k2: 'Utf8' });
    const table = await assertFrameEqual(
      df,
      rows[0].map((r) => ({ ...r, k2: String(r.k2) })),
    );
    expect(typeof table.getChild('id')!.get(0)).toBe('bigint');
    expect(typeof table.getChild('y')!.get(0)).toBe('number');
  });

  it('reads a file with no data rows as an empty frame with the header columns', async () => {
    const path = writeText(dir, 'empty.csv', 'a,b,c\n');
    const df = readCsv(path, { blocksize: 256, dtypes: { a: 'int32', b: 'float64' } });
    const t = await assertFrameEqual(df, []);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('readCsv errors', () => {
  it('says clearly when a glob matches nothing', () => {
    const pattern = join(dir, 'nothing-*.csv');
    let err: unknown;
    try {
      readCsv(pattern);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CsvGlobError);
    expect((err as CsvGlobError).pattern).toBe(pattern);
    expect((err as Error).message).toContain(pattern);
    expect((err as Error).message).toMatch(/No file matches/);
  });

  it('names the file that vanished between readCsv() and compute()', async () => {
    const path = writeText(dir, 'vanishing.csv', datasetCsv(makeRows(300, 7)));
    const df = readCsv(path, { blocksize: 1024 });
    unlinkSync(path);
    const err = await df.compute({ scheduler: 'synchronous' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    // A Tusk error raised in the run's own thread reaches the caller as it is.
    expect(err).toBeInstanceOf(CsvFileNotFoundError);
    expect((err as CsvFileNotFoundError).path).toBe(path);
    expect((err as Error).message).toContain(path);
    expect((err as Error).message).toMatch(/vanished/);
  });

  it('names the file on a worker too when it vanished', async () => {
    const path = writeText(dir, 'vanishing-threads.csv', datasetCsv(makeRows(300, 8)));
    const df = readCsv(path, { blocksize: 1024 });
    unlinkSync(path);
    const err = await df.compute({ scheduler: 'threads', workers: 2 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    // From a worker: a TaskError (key, function) whose cause is the rebuilt CSV error with its fields.
    expect(err).toBeInstanceOf(TaskError);
    expect((err as TaskError).key).toMatch(/^read-csv-/);
    const cause = (err as TaskError).cause as Error & { path?: string };
    expect(cause.name).toBe('CsvFileNotFoundError');
    expect(cause.path).toBe(path);
    expect((err as Error).message).toContain(path);
  });

  it('explains a dtype conflict in a later partition: file, row, column, value and the dtypes fix', async () => {
    const data: Row[] = Array.from({ length: 400 }, (_, i) => ({ a: i, b: i % 7, c: `s${i}` }));
    data[350].b = 2.5;
    const path = writeText(dir, 'conflict.csv', toCsvText(data, ['a', 'b', 'c']));
    const df = readCsv(path, { blocksize: 512, sample: 512 });
    expect(df.dtypes.b).toBe('Int32');
    expect(df.npartitions).toBeGreaterThan(5);
    const err = await df.compute({ scheduler: 'synchronous' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const cause = err as CsvDtypeError;
    expect(cause).toBeInstanceOf(CsvDtypeError);
    expect(cause.path).toBe(path);
    expect(cause.line).toBe(352); // header is line 1, data row i is line i + 2
    expect(cause.column).toBe('b');
    expect(cause.value).toBe('2.5');
    expect(cause.dtype).toBe('int32');
    expect(cause.suggested).toBe('float64');
    expect(cause.message).toContain("dtypes: { b: 'float64' }");
    expect(cause.message).toContain(path);
    expect(cause.message).toContain('line 352');

    // The suggested fix works.
    const fixed = readCsv(path, { blocksize: 512, sample: 512, dtypes: { b: 'float64' } });
    await assertFrameEqual(fixed, data);
  });

  it('reports the dtype conflict from a worker with the same fields in the message', async () => {
    const data: Row[] = Array.from({ length: 400 }, (_, i) => ({ a: i, b: i % 7 }));
    data[390].b = 'oops';
    const path = writeText(dir, 'conflict-threads.csv', toCsvText(data, ['a', 'b']));
    const df: DataFrame = readCsv(path, { blocksize: 400, sample: 400 });
    const err = await df.compute({ scheduler: 'threads', workers: 2 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TaskError);
    const cause = (err as TaskError).cause as Error & Partial<CsvDtypeError>;
    expect(cause.name).toBe('CsvDtypeError');
    expect(cause).toMatchObject({ path, line: 392, column: 'b', value: 'oops', suggested: 'string' });
    expect((err as Error).message).toMatch(
      /line 392.*conflict-threads\.csv.*"oops".*dtypes: \{ b: 'string' \}/s,
    );
  });
});

describe('rowsOf helper sanity', () => {
  it('reads back what the test wrote (guards the reference itself)', async () => {
    const t = await readCsv(one, { blocksize: null }).compute({ scheduler: 'synchronous' });
    expect(rowsOf(t).slice(0, 3)).toEqual(rows[0].slice(0, 3));
  });
});
