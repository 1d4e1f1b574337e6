/**
 * Column projection of readCsv frames (io/read-csv.ts `projectColumns`, used by groupby): the
 * projected frame reads only the columns asked for, groupby answers equal a plain loop over the rows
 * the test wrote, and options that name other columns (dtypes) or the path column still work.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { fromRecords, readCsv } from '../../src/index.js';
import { projectColumns } from '../../src/io/read-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'tusk-project-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const N = 3000;
const lines = ['id,k,x,note,y'];
const expected = new Map<string, { sum: number; n: number; ysum: number }>();
for (let i = 0; i < N; i++) {
  const k = `g${(i * 7) % 13}`;
  const x = ((i * 37) % 1000) / 8 - 60;
  const y = i % 17;
  lines.push(`${i},${k},${x},"note ${i}, with a comma",${y}`);
  const e = expected.get(k) ?? { sum: 0, n: 0, ysum: 0 };
  e.sum += x;
  e.n++;
  e.ysum += y;
  expected.set(k, e);
}
const path = join(dir, 'data.csv');
writeFileSync(path, `${lines.join('\n')}\n`);

test('a readCsv frame projects to the columns asked for, in its own column order', () => {
  const df = readCsv(path, { blocksize: 4096 });
  const p = projectColumns(df, ['x', 'k']);
  expect(p.columns).toEqual(['k', 'x']);
  expect(p.npartitions).toBe(df.npartitions);
  expect(projectColumns(df, df.columns)).toBe(df);
  const other = fromRecords([{ a: 1 }]);
  expect(projectColumns(other, ['a'])).toBe(other);
});

test.each(['papaparse', 'fast'] as const)(
  'groupby on a projected read equals a plain loop (%s)',
  async (engine) => {
    // dtypes names a column the groupby does not need: the projection drops it from the options.
    const df = readCsv(path, { blocksize: 4096, engine, dtypes: { note: 'string', id: 'int64' } });
    const out = await df
      .groupby('k')
      .agg({ x: ['sum', 'mean', 'count'], y: ['sum'] })
      .compute({ scheduler: 'synchronous' });
    expect(out.schema.names).toEqual(['k', 'x_sum', 'x_mean', 'x_count', 'y_sum']);
    expect(out.numRows).toBe(expected.size);
    for (const row of out.toArray()) {
      const e = expected.get(row.k)!;
      expect(row.x_sum).toBeCloseTo(e.sum, 9);
      expect(row.x_mean).toBeCloseTo(e.sum / e.n, 9);
      expect(Number(row.x_count)).toBe(e.n);
      expect(Number(row.y_sum)).toBe(e.ysum);
    }
  },
);

test('the path column survives a projection that asks for it', async () => {
  const df = readCsv(path, { blocksize: 8192, includePathColumn: 'file' });
  expect(projectColumns(df, ['k', 'file']).columns).toEqual(['k', 'file']);
  expect(projectColumns(df, ['k']).columns).toEqual(['k']);
  const sizes = await df.groupby('file').size().compute({ scheduler: 'synchronous' });
  expect(sizes.toArray().map((r) => [r.file, Number(r.size)])).toEqual([[path, N]]);
});

test('parseDates naming a column the groupby does not need no longer fails the projection', async () => {
  const dated = join(dir, 'dated.csv');
  writeFileSync(dated, 'k,x,when\na,1.5,2024-01-02\nb,2,2024-03-04\na,-0.5,2024-05-06\n');
  const df = readCsv(dated, { blocksize: 16, parseDates: ['when'] });
  expect(String(df.meta.fields[2].type)).toBe('Date32<DAY>');
  const out = await df.groupby('k').col('x').sum().compute({ scheduler: 'synchronous' });
  expect(out.toArray().map((r) => [r.k, r.x])).toEqual([
    ['a', 1],
    ['b', 2],
  ]);
});

test('a projection reuses the inferred schema: the same dtypes as a read with usecols, and the same answer', async () => {
  const df = readCsv(path, { blocksize: 4096, dtypes: { y: 'float64' } });
  const projected = projectColumns(df, ['k', 'y']);
  const direct = readCsv(path, { blocksize: 4096, usecols: ['k', 'y'], dtypes: { y: 'float64' } });
  expect(projected.meta.fields.map((f) => [f.name, String(f.type)])).toEqual(
    direct.meta.fields.map((f) => [f.name, String(f.type)]),
  );
  const [a, b] = await Promise.all(
    [projected, direct].map((d) => d.groupby('k').col('y').sum().compute({ scheduler: 'synchronous' })),
  );
  expect(a.toArray().map((r) => [r.k, r.y])).toEqual(b.toArray().map((r) => [r.k, r.y]));
  let want = 0;
  for (const e of expected.values()) want += e.ysum;
  expect(a.toArray().reduce((s, r) => s + r.y, 0)).toBe(want);
});
