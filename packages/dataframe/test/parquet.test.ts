/**
 * readParquet / toParquet: a table of known values (ints, int64, floats, strings with unicode,
 * categories, bools, dates, timestamps, nulls) round-trips through Parquet on every scheduler; a file
 * with several row groups gives one partition per row group (or per group of them) with the right
 * rows; column projection; a groupby over a Parquet dataset against a plain-JS loop; the errors a
 * user meets. The footers Tusk walks itself are checked against parquet-wasm's own metadata reader,
 * and DuckDB (an independent Parquet writer and reader) writes a file Tusk reads and reads the files
 * Tusk writes.
 */

import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { TaskError, TuskError } from '@tusk/core';
import {
  Bool,
  DateDay,
  Dictionary,
  Float64,
  Int32,
  Int64,
  Table,
  TimestampMillisecond,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { projectColumns } from '../src/frame/projection.js';
import {
  ColumnNotFoundError,
  fromArrow,
  fromRecords,
  ParquetFileNotFoundError,
  ParquetFormatError,
  ParquetSchemaError,
  readParquet,
} from '../src/index.js';
import { readParquetFooter } from '../src/io/parquet/footer.js';
import { parquetWasm } from '../src/io/parquet/wasm.js';
import { type Row, rowsOf, tempDir, typesOf } from './helpers/data.js';
import { SCHEDULERS } from './helpers/runs.js';

const { dir, cleanup } = tempDir('tusk-parquet-');
afterAll(cleanup);

const DAY = 86_400_000;
/** The known values, written out by hand: the reference every round trip is checked against. */
const ROWS: Row[] = [
  { i: 1, big: 2 ** 40, f: 0.5, s: 'plain', c: 'red', b: true, d: 0, ts: 1_700_000_000_000 },
  { i: -2, big: -7, f: -1.25, s: 'naïve café', c: 'green', b: false, d: 19_723 * DAY, ts: 0 },
  { i: null, big: null, f: null, s: null, c: null, b: null, d: null, ts: null },
  { i: 2_147_483_647, big: 0, f: 1e300, s: '日本語 🎉', c: 'red', b: true, d: -DAY, ts: -1000 },
  { i: 0, big: 123_456_789_012, f: -0.001, s: '', c: 'blue', b: false, d: 20_000 * DAY, ts: 86_400_123 },
  { i: 7, big: 1, f: Math.PI, s: 'comma, "quote"\nnewline', c: 'green', b: null, d: 5 * DAY, ts: 5 },
];
const TYPES = {
  i: 'Int32',
  big: 'Int64',
  f: 'Float64',
  s: 'Utf8',
  c: 'Dictionary<Int32, Utf8>',
  b: 'Bool',
  d: 'Date32<DAY>',
  ts: 'Timestamp<MILLISECOND>',
};

function knownTable(): Table {
  const pick = (k: string) => ROWS.map((r) => r[k] as never);
  return new Table({
    i: vectorFromArray(pick('i'), new Int32()),
    big: vectorFromArray(
      ROWS.map((r) => (r.big === null ? null : BigInt(r.big as number))),
      new Int64(),
    ),
    f: vectorFromArray(pick('f'), new Float64()),
    s: vectorFromArray(pick('s'), new Utf8()),
    c: vectorFromArray(pick('c'), new Dictionary(new Utf8(), new Int32())),
    b: vectorFromArray(pick('b'), new Bool()),
    d: vectorFromArray(pick('d'), new DateDay()),
    ts: vectorFromArray(pick('ts'), new TimestampMillisecond()),
  });
}

/** `n` rows of ids, a key and a value, built with a plain loop. */
function seriesRows(n: number): Row[] {
  const rows: Row[] = [];
  for (let k = 0; k < n; k++)
    rows.push({ id: k, key: `k${(k * 7) % 5}`, x: k % 11 === 0 ? null : (k % 13) * 0.5 });
  return rows;
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('toParquet + readParquet round trip', () => {
  for (const opts of SCHEDULERS) {
    it(`keeps every value and type (${opts.scheduler})`, async () => {
      const out = join(dir, `round-${opts.scheduler}`);
      const paths = await fromArrow(knownTable(), { npartitions: 3 }).toParquet(out, opts);
      expect(paths).toEqual([0, 1, 2].map((k) => join(out, `part-0000${k}.parquet`)));
      const df = readParquet(join(out, '*.parquet'));
      expect(df.npartitions).toBe(3);
      expect(typesOf({ schema: df.meta })).toEqual(TYPES); // from the footers, before anything runs
      const table = await df.compute(opts);
      expect(typesOf(table)).toEqual(TYPES);
      expect(rowsOf(table)).toEqual(ROWS);
    });
  }

  it('writes a pattern with * and every codec, read back equal', async () => {
    for (const compression of ['snappy', 'gzip', 'zstd', 'brotli', 'lz4', 'none'] as const) {
      const pattern = join(dir, 'codecs', `${compression}-*.parquet`);
      const paths = await fromArrow(knownTable(), { npartitions: 2 }).toParquet(pattern, {
        compression,
        scheduler: 'synchronous',
      });
      expect(paths).toEqual([0, 1].map((k) => join(dir, 'codecs', `${compression}-0000${k}.parquet`)));
      expect(rowsOf(await readParquet(paths).compute({ scheduler: 'synchronous' }))).toEqual(ROWS);
    }
  });

  it('refuses an unknown codec before anything runs', async () => {
    const df = fromArrow(knownTable());
    await expect(df.toParquet(join(dir, 'never'), { compression: 'lzo' as never })).rejects.toThrow(
      /unknown compression 'lzo'/,
    );
  });

  it('round-trips an empty frame with its schema', async () => {
    const empty = knownTable().slice(0, 0);
    const [path] = await fromArrow(empty).toParquet(join(dir, 'empty'), { scheduler: 'synchronous' });
    expect(readParquetFooter(path).rowGroups).toEqual([]);
    const df = readParquet(path);
    expect(df.npartitions).toBe(1);
    const table = await df.compute({ scheduler: 'synchronous' });
    expect(table.numRows).toBe(0);
    expect(typesOf(table)).toEqual(TYPES);
  });
});

describe('row groups as partitions', () => {
  const rows = seriesRows(1000);
  let path = '';

  it('writes row groups of rowGroupSize rows, and the footer walk agrees with parquet-wasm', async () => {
    [path] = await fromRecords(rows).toParquet(join(dir, 'groups'), {
      rowGroupSize: 300,
      scheduler: 'synchronous',
    });
    const footer = readParquetFooter(path);
    expect(footer.rowGroups.map((g) => g.rows)).toEqual([300, 300, 300, 100]);
    // parquet-wasm's own footer reader (Rust) as the independent reference for the Thrift walk.
    const pw = parquetWasm();
    const { openAsBlob } = await import('node:fs');
    const file = await pw.ParquetFile.fromFile(await openAsBlob(path));
    const meta = file.metadata();
    expect(footer.rowGroups.map((g) => g.rows)).toEqual(meta.rowGroups().map((g) => g.numRows()));
    expect(footer.rowGroups.map((g) => g.bytes)).toEqual(meta.rowGroups().map((g) => g.totalByteSize()));
    file.free();
  });

  it('one partition per row group, each with its own rows', async () => {
    const df = readParquet(path);
    expect(df.npartitions).toBe(4);
    const starts = [0, 300, 600, 900, 1000];
    for (let p = 0; p < 4; p++) {
      const part = await df.partition(p).compute({ scheduler: 'synchronous' });
      expect(rowsOf(part)).toEqual(rows.slice(starts[p], starts[p + 1]));
    }
  });

  it("a partition's task reads the footer and its own row group's bytes, not the whole file", async () => {
    const big = seriesRows(200_000);
    const [file] = await fromRecords(big).toParquet(join(dir, 'ranges'), {
      rowGroupSize: 50_000,
      compression: 'none',
      scheduler: 'synchronous',
    });
    const { statSync } = await import('node:fs');
    const size = statSync(file).size;
    // Observe the byte ranges parquet-wasm fetches from the file-backed Blob (synchronous scheduler:
    // the task runs in this thread).
    const slice = Blob.prototype.slice;
    const ranges: [number, number][] = [];
    Blob.prototype.slice = function (this: Blob, start?: number, end?: number, type?: string) {
      ranges.push([start ?? 0, end ?? this.size]);
      return slice.call(this, start, end, type);
    };
    try {
      const part = await readParquet(file).partition(2).compute({ scheduler: 'synchronous' });
      expect(rowsOf(part)).toEqual(big.slice(100_000, 150_000));
    } finally {
      Blob.prototype.slice = slice;
    }
    const read = ranges.reduce((n, [a, b]) => n + (b - a), 0);
    expect(ranges.length).toBeGreaterThan(0);
    expect(read).toBeLessThan(size * 0.4); // one of four equal row groups, plus the footer
  });

  it('groups row groups by count or by blocksize', async () => {
    const two = readParquet(path, { rowGroupsPerPartition: 2 });
    expect(two.npartitions).toBe(2);
    expect((await two.partition(1).compute({ scheduler: 'synchronous' })).numRows).toBe(400);
    expect(rowsOf(await two.compute({ scheduler: 'threads', workers: 2 }))).toEqual(rows);
    const bytes = readParquetFooter(path).rowGroups.map((g) => g.bytes);
    // A blocksize that fits the first three row groups but not the fourth as well.
    const block = bytes[0] + bytes[1] + bytes[2];
    expect(readParquet(path, { blocksize: block }).npartitions).toBe(2);
    expect(readParquet(path, { blocksize: 1 }).npartitions).toBe(4);
  });

  it('reads only the columns asked for, in that order', async () => {
    const df = readParquet(path, { columns: ['x', 'id'] });
    expect(df.columns).toEqual(['x', 'id']);
    const table = await df.compute({ scheduler: 'processes', workers: 2 });
    expect(rowsOf(table)).toEqual(rows.map((r) => ({ x: r.x, id: r.id })));
  });
});

describe('a groupby over a Parquet dataset', () => {
  it('equals a plain-JS loop over the same records (threads and processes)', async () => {
    const rows = seriesRows(5000);
    const out = join(dir, 'dataset');
    await fromRecords(rows, { npartitions: 4 }).toParquet(out, {
      rowGroupSize: 400,
      scheduler: 'synchronous',
    });
    const df = readParquet(join(out, '*.parquet'));
    expect(df.npartitions).toBe(4 * 4); // 1250 rows per file: 400, 400, 400, 50
    const expected = new Map<string, { sum: number; count: number }>();
    for (const r of rows) {
      const g = expected.get(r.key as string) ?? { sum: 0, count: 0 };
      if (r.x !== null) {
        g.sum += r.x as number;
        g.count += 1;
      }
      expected.set(r.key as string, g);
    }
    for (const scheduler of ['threads', 'processes'] as const) {
      const table = await df
        .groupby('key')
        .agg({ x: ['sum', 'count'] })
        .compute({ scheduler, workers: 2 });
      const got = rowsOf(table);
      expect(got.map((r) => r.key)).toEqual([...expected.keys()].sort());
      for (const r of got) {
        expect(r.x_sum).toBeCloseTo(expected.get(r.key as string)!.sum, 9);
        expect(r.x_count).toBe(expected.get(r.key as string)!.count);
      }
    }
  });
});

describe('DuckDB as an independent Parquet peer', () => {
  it('reads a file DuckDB wrote (5 row groups) and DuckDB reads the files Tusk wrote', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const path = join(dir, 'duck.parquet');
      await conn.run(
        `COPY (SELECT i::INTEGER AS i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'ü' || i END AS s,
                      i % 2 = 0 AS b, DATE '2024-01-01' + i::INTEGER AS d, i::DOUBLE * 0.5 AS f
               FROM range(10000) t(i))
         TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 2048, COMPRESSION zstd)`,
      );
      const df = readParquet(path);
      expect(df.npartitions).toBe(5);
      expect(typesOf({ schema: df.meta })).toEqual({
        i: 'Int32',
        s: 'Utf8',
        b: 'Bool',
        d: 'Date32<DAY>',
        f: 'Float64',
      });
      const table = await df.compute({ scheduler: 'threads', workers: 2 });
      const got = rowsOf(table);
      expect(got.length).toBe(10_000);
      const day0 = Date.UTC(2024, 0, 1);
      for (const k of [0, 1, 2047, 2048, 9999]) {
        expect(got[k]).toEqual({
          i: k,
          s: k % 3 === 0 ? null : `ü${k}`,
          b: k % 2 === 0,
          d: day0 + k * DAY,
          f: k * 0.5,
        });
      }

      const out = join(dir, 'for-duck');
      await fromArrow(knownTable(), { npartitions: 2 }).toParquet(out, { scheduler: 'synchronous' });
      const read = await conn.runAndReadAll(
        `SELECT i, big, f, s, c::VARCHAR AS c, b, epoch_ms(d::TIMESTAMP) AS d, epoch_ms(ts) AS ts
         FROM read_parquet('${out}/*.parquet') ORDER BY filename, file_row_number`,
      );
      const duckRows = read
        .getRowObjects()
        .map((r) =>
          Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
        );
      expect(duckRows).toEqual(ROWS);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });
});

describe('readParquet errors', () => {
  it('a missing file, and a glob that matches nothing', () => {
    const missing = join(dir, 'nope.parquet');
    const e1 = (() => {
      try {
        readParquet(missing);
      } catch (e) {
        return e;
      }
    })();
    expect(e1).toBeInstanceOf(ParquetFileNotFoundError);
    expect((e1 as ParquetFileNotFoundError).path).toBe(missing);
    expect((e1 as ParquetFileNotFoundError).when).toBe('planning');
    expect(() => readParquet(join(dir, 'nothing-*.parquet'))).toThrow(/No file matches/);
    expect(() => readParquet([])).toThrow(TuskError);
  });

  it('a file that is not Parquet, a truncated one, and a directory', async () => {
    const csv = join(dir, 'data.csv');
    writeFileSync(csv, 'a,b\n1,2\n3,4\n');
    expect(() => readParquet(csv)).toThrow(ParquetFormatError);
    expect(() => readParquet(csv)).toThrow(/magic bytes 'PAR1'/);
    const [good] = await fromArrow(knownTable()).toParquet(join(dir, 'to-cut'), { scheduler: 'synchronous' });
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(good);
    const cut = join(dir, 'cut.parquet');
    // Keep the magic at both ends but destroy the footer.
    writeFileSync(cut, Buffer.concat([bytes.subarray(0, 4), Buffer.alloc(64, 0xff), bytes.subarray(-8)]));
    expect(() => readParquet(cut)).toThrow(ParquetFormatError);
    expect(() => readParquet(join(dir, 'to-cut'))).toThrow(/is a directory/);
  });

  it('files with different schemas, naming the column', async () => {
    const [a] = await fromRecords([{ id: 1, x: 1.5 }]).toParquet(join(dir, 'schema-a'), {
      scheduler: 'synchronous',
    });
    const [b] = await fromRecords([{ id: 1, x: 'one' }]).toParquet(join(dir, 'schema-b'), {
      scheduler: 'synchronous',
    });
    const [c] = await fromRecords([{ id: 1 }]).toParquet(join(dir, 'schema-c'), { scheduler: 'synchronous' });
    let err: unknown;
    try {
      readParquet([a, b]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParquetSchemaError);
    expect((err as ParquetSchemaError).column).toBe('x');
    expect((err as ParquetSchemaError).path).toBe(b);
    expect((err as Error).message).toMatch(/column 'x' is .*Utf8.* where .* has Float64/);
    expect(() => readParquet([a, c])).toThrow(/lacks column 'x'/);
  });

  it('unknown columns and bad partitioning options', () => {
    const path = join(dir, 'groups', 'part-00000.parquet');
    expect(() => readParquet(path, { columns: ['id', 'zz'] })).toThrow(ColumnNotFoundError);
    expect(() => readParquet(path, { rowGroupsPerPartition: 0 })).toThrow(/positive integer/);
    expect(() => readParquet(path, { rowGroupsPerPartition: 1, blocksize: '1MB' })).toThrow(/not both/);
  });

  it('names the file that vanished before compute(), on a worker too', async () => {
    for (const opts of [{ scheduler: 'synchronous' }, { scheduler: 'threads', workers: 2 }] as const) {
      const [path] = await fromRecords(seriesRows(10)).toParquet(join(dir, `vanish-${opts.scheduler}`), {
        scheduler: 'synchronous',
      });
      const df = readParquet(path);
      unlinkSync(path);
      const err = await failure(df.compute(opts));
      const inner = err instanceof TaskError ? (err as TaskError).cause : err;
      expect(String((inner as Error)?.message ?? err)).toMatch(/vanished/);
      expect(String((err as Error).message)).toContain(path);
    }
  });
});

describe('projection', () => {
  it('a groupby reads only its key and aggregated columns, with the same answer as a plain loop', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      id: i,
      k: `k${i % 7}`,
      x: i * 0.5,
      note: `n${i}`,
    }));
    const out = join(dir, 'projection');
    await fromRecords(rows, { npartitions: 4 }).toParquet(out, { rowGroupSize: 500 });
    const df = readParquet(join(out, '*.parquet'));
    expect(projectColumns(df, ['x', 'k']).columns).toEqual(['k', 'x']); // the frame's order
    expect(projectColumns(df, ['id', 'k', 'x', 'note'])).toBe(df); // all of them: the frame itself
    const sums = new Map<string, number>();
    for (const r of rows) sums.set(r.k, (sums.get(r.k) ?? 0) + r.x);
    const got = await df.groupby('k').col('x').sum().compute({ scheduler: 'synchronous' });
    const keys = got.getChild('k')!.toArray() as string[];
    const xs = got.getChild('x')!.toArray() as Float64Array;
    expect(new Map(keys.map((k, i) => [k, xs[i]]))).toEqual(sums);
  });
});
