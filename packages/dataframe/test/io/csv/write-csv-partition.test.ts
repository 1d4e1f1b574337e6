/** Writing a partition as CSV, and reading it back unchanged. */

import { readFileSync } from 'node:fs';
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
