/** Planning: globs, byte ranges, natural order, errors. */

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { naturalCompare } from '../../../src/io/csv/glob.js';
import { CsvError, expandGlob, hasGlobMagic, planCsv } from '../../../src/io/csv/index.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

mkdirSync(join(tmp.dir, 'data', 'sub'), { recursive: true });
for (const name of ['part-1.csv', 'part-2.csv', 'part-10.csv', 'other.txt', '.hidden.csv']) {
  tmp.write(`data/${name}`, 'a\n1\n');
}
tmp.write('data/sub/part-3.csv', 'a\n1\n');

describe('planCsv', () => {
  test('cuts files into equal ranges of at most blocksize that tile each file', () => {
    const path = tmp.write('ten.csv', '0123456789');
    const plan = planCsv(path, { blocksize: 4 });
    expect(plan.blocks.map((b) => [b.index, b.start, b.end])).toEqual([
      [0, 0, 3],
      [1, 3, 6],
      [2, 6, 10],
    ]);
    expect(plan.blocks[0]).toMatchObject({ path, fileIndex: 0, size: 10 });
    // Equal ranges (to a byte), as few as blocksize allows: at most 6 gives 5 + 5, not 6 + 4.
    expect(planCsv(path, { blocksize: 6 }).blocks.map((b) => [b.start, b.end])).toEqual([
      [0, 5],
      [5, 10],
    ]);
    expect(planCsv(path, { blocksize: 3 }).blocks.map((b) => [b.start, b.end])).toEqual([
      [0, 2],
      [2, 5],
      [5, 7],
      [7, 10],
    ]);
    expect(planCsv(path, { blocksize: null }).blocks.map((b) => [b.start, b.end])).toEqual([[0, 10]]);
    expect(planCsv(path, { blocksize: '1kB' }).blocks.length).toBe(1);
  });

  test('expands globs in natural order, skipping hidden files', () => {
    const plan = planCsv(join(tmp.dir, 'data/*.csv'));
    expect(plan.files.map((f) => f.path.slice(tmp.dir.length + 1))).toEqual([
      'data/part-1.csv',
      'data/part-2.csv',
      'data/part-10.csv',
    ]);
    expect(plan.blocks.map((b) => b.fileIndex)).toEqual([0, 1, 2]);
  });

  test('a directory is refused with a hint', () => {
    expect(() => planCsv(join(tmp.dir, 'data'))).toThrow(CsvError);
    expect(() => planCsv(join(tmp.dir, 'data'))).toThrow(/\*\.csv/);
  });
});

describe('glob', () => {
  const rel = (paths: string[]) => paths.map((p) => p.slice(tmp.dir.length + 1));

  test('**, ?, [...] and {a,b}', () => {
    expect(rel(expandGlob(join(tmp.dir, 'data/**/part-*.csv')))).toEqual([
      'data/part-1.csv',
      'data/part-2.csv',
      'data/part-10.csv',
      'data/sub/part-3.csv',
    ]);
    expect(rel(expandGlob(join(tmp.dir, 'data/part-?.csv')))).toEqual(['data/part-1.csv', 'data/part-2.csv']);
    expect(rel(expandGlob(join(tmp.dir, 'data/part-[!1].csv')))).toEqual(['data/part-2.csv']);
    expect(rel(expandGlob(join(tmp.dir, 'data/{other.txt,part-10.csv}')))).toEqual([
      'data/other.txt',
      'data/part-10.csv',
    ]);
    expect(rel(expandGlob(join(tmp.dir, 'data/.*.csv')))).toEqual(['data/.hidden.csv']);
  });

  test('hasGlobMagic and natural order', () => {
    expect(hasGlobMagic('a/[ab].csv')).toBe(true);
    expect(hasGlobMagic('a/b.csv')).toBe(false);
    expect(['f10', 'f2', 'f1', 'f02'].sort(naturalCompare)).toEqual(['f1', 'f2', 'f02', 'f10']);
  });
});
