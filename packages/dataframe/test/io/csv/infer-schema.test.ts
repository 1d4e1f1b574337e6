/** Schema inference from a file's head: dtypes, overrides, names, selection, options. */

import { ConfigError } from '@tusk/core';
import { afterAll, describe, expect, test } from 'vitest';
import { CsvSchemaError, inferSchema, toArrowSchema } from '../../../src/io/csv/index.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const dtypes = (path: string, options = {}) =>
  Object.fromEntries(inferSchema(path, options).columns.map((c) => [c.name, c.dtype]));

describe('inferSchema', () => {
  const rows = ['id,big,x,flag,day,ts,key,free,empty'];
  for (let i = 0; i < 30; i++) {
    rows.push(
      [
        i,
        3_000_000_000 + i,
        i / 4,
        i % 2 ? 'true' : 'False',
        `2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
        `2024-01-01T00:00:${String(i).padStart(2, '0')}Z`,
        `k${i % 3}`,
        `free text ${i}`,
        '',
      ].join(','),
    );
  }
  const path = tmp.write('types.csv', `${rows.join('\n')}\n`);

  test('infers each kind of column', () => {
    expect(dtypes(path)).toEqual({
      id: 'int32',
      big: 'int64',
      x: 'float64',
      flag: 'bool',
      day: 'date',
      ts: 'timestamp',
      key: 'category',
      free: 'string',
      empty: 'string',
    });
    const ts = inferSchema(path).columns.find((c) => c.name === 'ts')!;
    expect(ts.timezone).toBe('UTC');
    expect(String(toArrowSchema(inferSchema(path)).fields[5].type)).toBe('Timestamp<MILLISECOND, UTC>');
  });

  test('dtypes override inference; assumeMissing makes integers float64', () => {
    expect(dtypes(path, { dtypes: { id: 'int64', key: 'string', x: 'string' } })).toMatchObject({
      id: 'int64',
      key: 'string',
      x: 'string',
    });
    expect(inferSchema(path, { dtypes: { id: 'int64' } }).columns[0].inferred).toBe(false);
    expect(dtypes(path, { assumeMissing: true })).toMatchObject({ id: 'float64', big: 'float64' });
  });

  test('parseDates: false keeps ISO text; a list parses only those columns', () => {
    expect(dtypes(path, { parseDates: false })).toMatchObject({ day: 'string', ts: 'string' });
    expect(dtypes(path, { parseDates: ['ts'] })).toMatchObject({ day: 'string', ts: 'timestamp' });
  });

  test('categoryThreshold decides dictionary encoding', () => {
    expect(dtypes(path, { categoryThreshold: 0 })).toMatchObject({ key: 'string' });
    expect(dtypes(path, { categoryThreshold: 1 })).toMatchObject({ free: 'category' });
  });

  test('usecols by name or position, in the order given', () => {
    const s = inferSchema(path, { usecols: ['key', 0] });
    expect(s.columns.map((c) => [c.name, c.index])).toEqual([
      ['key', 6],
      ['id', 0],
    ]);
    expect(s.fieldCount).toBe(9);
    expect(() => inferSchema(path, { usecols: ['nope'] })).toThrow(CsvSchemaError);
  });

  test('the sample size bounds what is seen', () => {
    const text = `a\n${'1\n'.repeat(100)}x\n`;
    const p = tmp.write('late.csv', text);
    expect(dtypes(p, { sample: 50 })).toEqual({ a: 'int32' });
    expect(dtypes(p, { sample: '1MB' })).toEqual({ a: 'category' });
  });

  test('header names: normalized duplicates and blanks, a list, or positions', () => {
    const p = tmp.write('names.csv', 'a,,a,"b\nc"\n1,2,3,4\n');
    expect(inferSchema(p).names).toEqual(['a', 'Unnamed: 1', 'a.1', 'b\nc']);
    expect(inferSchema(p, { header: false }).names).toEqual(['0', '1', '2', '3']);
    // With names given, the first row is data ('' is missing, so column x is int32).
    expect(inferSchema(p, { header: ['w', 'x', 'y', 'z'] }).columns.map((c) => c.dtype)).toEqual([
      'string',
      'int32',
      'string',
      'string',
    ]);
  });

  test('options are validated with ConfigError naming the option', () => {
    expect(() => inferSchema(path, { dtypes: { nope: 'int32' } })).toThrow(ConfigError);
    expect(() => inferSchema(path, { dtypes: { id: 'int8' as never } })).toThrow(/int8/);
    expect(() => inferSchema(path, { delimiter: '||' })).toThrow(ConfigError);
    expect(() => inferSchema(path, { includePathColumn: 'id' })).toThrow(/shadow/);
    expect(() => inferSchema(path, { engine: 'rust' as never })).toThrow(ConfigError);
  });
});
