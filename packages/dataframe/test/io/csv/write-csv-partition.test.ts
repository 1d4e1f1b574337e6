/** Writing a partition as CSV, and reading it back unchanged. */

import { readFileSync } from 'node:fs';
import { Table, TimestampMillisecond, tableFromArrays, vectorFromArray } from 'apache-arrow';
import { afterAll, expect, test } from 'vitest';
import { inferSchema, planCsv, readCsvBlock, writeCsvPartition } from '../../../src/io/csv/index.js';
import { readAll, referenceParse, tableRows, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

test('quotes what needs quoting and round-trips every dtype', async () => {
  const text = [
    'i,big,f,b,d,t,c,s',
    '1,9007199254740993,1.5,true,2024-01-01,2024-01-01T10:00:00.250Z,x,"a,b"',
    ',-5,,false,,,y,"she said ""hi"""',
    '3,7,-0.1,,1969-12-31,1960-06-01T00:00:00Z,,"multi\nline"',
    '4,8,inf,true,2000-02-29,2000-01-01T00:00:00Z,x, padded ',
    '',
  ].join('\n');
  const src = tmp.write('src.csv', text);
  const options = { dtypes: { big: 'int64' as const, c: 'category' as const } };
  const schema = inferSchema(src, options);
  const table = await readCsvBlock({ ...planCsv(src).blocks[0], schema, options });
  const out = `${tmp.dir}/out.csv`;
  await writeCsvPartition(table, out);
  const written = readFileSync(out, 'utf8');
  expect(written.split('\n')[0]).toBe('i,big,f,b,d,t,c,s');
  expect(written).toContain('"a,b"');
  expect(written).toContain('"she said ""hi"""');
  expect(written).toContain('" padded "');
  expect(referenceParse(written).length).toBe(5);
  const again = await readAll(out, { ...options, blocksize: 16 });
  expect(again.schema.columns.map((c) => c.dtype)).toEqual(schema.columns.map((c) => c.dtype));
  expect(again.rows).toEqual(tableRows(table));
});

test('header off, another delimiter, appending, nulls as naRep', async () => {
  const src = tmp.write('small.csv', 'a,b\n1,\n2,z\n');
  const schema = inferSchema(src);
  const table = await readCsvBlock({ ...planCsv(src).blocks[0], schema });
  const out = `${tmp.dir}/small-out.csv`;
  await writeCsvPartition(table, out, { delimiter: ';', naRep: 'NA' });
  await writeCsvPartition(table, out, { delimiter: ';', naRep: 'NA', header: false, append: true });
  expect(readFileSync(out, 'utf8')).toBe('a;b\n1;NA\n2;z\n1;NA\n2;z\n');
});

test('streams large tables in pieces', async () => {
  const lines = ['n,s'];
  for (let i = 0; i < 30000; i++) lines.push(`${i},value number ${i} with some padding text`);
  const src = tmp.write('large.csv', `${lines.join('\n')}\n`);
  const schema = inferSchema(src);
  const table = await readCsvBlock({ ...planCsv(src).blocks[0], schema });
  const out = `${tmp.dir}/large-out.csv`;
  await writeCsvPartition(table, out);
  expect(readFileSync(out, 'utf8')).toBe(`${lines.join('\n')}\n`);
});

test('timestamps and dates are written as Date#toISOString would, for days before and after 1970', async () => {
  const ms = [0, 1, -1, 999, 86_399_999, 86_400_000, -86_400_001, 951_782_400_123, -2_208_988_800_000];
  for (let i = 0; i < 200; i++) ms.push(Math.floor(Math.sin(i + 1) * 4e12));
  const text = `t,d\n${ms.map((v) => `${new Date(v).toISOString()},${new Date(v).toISOString().slice(0, 10)}`).join('\n')}\n`;
  const src = tmp.write('times.csv', text);
  const options = { dtypes: { t: 'timestamp' as const, d: 'date' as const } };
  const table = await readCsvBlock({ ...planCsv(src).blocks[0], schema: inferSchema(src, options), options });
  const out = `${tmp.dir}/times-out.csv`;
  await writeCsvPartition(table, out);
  const want = ms.map((v) => `${new Date(v).toISOString()},${new Date(v).toISOString().slice(0, 10)}`);
  // The column has a time zone (values carry 'Z'), so 'Z' is written back.
  expect(readFileSync(out, 'utf8')).toBe(`t,d\n${want.join('\n')}\n`);
});

test('a delimiter that numbers are written with still quotes them', async () => {
  const src = tmp.write('dots.csv', 'a,b\n1.5,x\n-2,y\n');
  const table = await readCsvBlock({ ...planCsv(src).blocks[0], schema: inferSchema(src) });
  const out = `${tmp.dir}/dots-out.csv`;
  await writeCsvPartition(table, out, { delimiter: '.' });
  expect(readFileSync(out, 'utf8')).toBe('a.b\n"1.5".x\n-2.y\n');
});

test('a sliced table (buffers with an offset) writes the rows of its slice', async () => {
  const src = tmp.write('slice.csv', 'i,f,c\n1,1.5,a\n,2.5,\n3,,b\n4,4.5,a\n,,\n');
  const options = { dtypes: { c: 'category' as const } };
  const table = await readCsvBlock({ ...planCsv(src).blocks[0], schema: inferSchema(src, options), options });
  const out = `${tmp.dir}/slice-out.csv`;
  await writeCsvPartition(table.slice(1, 4), out);
  expect(readFileSync(out, 'utf8')).toBe('i,f,c\n,2.5,\n3,,b\n4,4.5,a\n');
});

test('floats are written exactly as String(v) writes them, across magnitudes and decimals', async () => {
  // A seeded generator (mulberry32), so a failure names a reproducible value.
  let seed = 12345;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const values: number[] = [
    0,
    -0,
    1,
    -1,
    0.1 + 0.2,
    1 / 3,
    2 / 3,
    1e-3,
    9.999e-4,
    1e15,
    1e15 - 1,
    999999999999999.9,
    0.001,
    123456789.12345679,
    4503599627370496,
    4503599627370497,
    2 ** 53,
    5e-324,
    1.7976931348623157e308,
    0.000123456789,
    1234.5000001,
    999.9999995,
    0.5,
    2.5,
    -1000,
    900.000001,
    12.000000001,
  ];
  for (let i = 0; i < 100_000; i++) {
    const decimals = Math.floor(rand() * 12);
    const scale = 10 ** Math.floor(rand() * 18 - 4);
    const raw = (rand() - 0.5) * scale;
    values.push(Number(raw.toFixed(Math.min(decimals, 100))));
    values.push(raw);
  }
  const table = tableFromArrays({ f: new Float64Array(values) });
  const out = `${tmp.dir}/floats.csv`;
  await writeCsvPartition(table, out);
  const lines = readFileSync(out, 'utf8').split('\n');
  expect(lines[0]).toBe('f');
  const bad = values.filter((v, i) => lines[i + 1] !== String(v));
  expect(bad.slice(0, 5).map((v) => [v, String(v)])).toEqual([]);
});

test('int32 and millisecond timestamps read from their buffers match String and toISOString, nulls as naRep', async () => {
  const ints = [0, 1, -1, 9, 10, -10, 2147483647, -2147483648, 123456, null, -7];
  const ms = [
    0,
    -1,
    1,
    86_399_999,
    -86_400_000,
    1_709_876_543_210,
    -62_135_596_800_000,
    null,
    253_402_300_799_999,
    7,
    8,
  ];
  const table = new Table({
    i: vectorFromArray(ints),
    t: vectorFromArray(ms, new TimestampMillisecond()),
  });
  const out = `${tmp.dir}/ints-times.csv`;
  await writeCsvPartition(table, out, { naRep: 'NA' });
  const want = ints.map(
    (v, r) =>
      `${v === null ? 'NA' : String(v)},${ms[r] === null ? 'NA' : new Date(ms[r] as number).toISOString().slice(0, -1)}`,
  );
  expect(readFileSync(out, 'utf8')).toBe(`i,t\n${want.join('\n')}\n`);
});
