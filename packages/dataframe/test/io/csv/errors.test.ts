/**
 * Typed errors of the CSV reader, checked by class and fields: dtype conflicts in later partitions,
 * malformed rows under each `onBadLine` mode, missing / vanished / changed files, header mismatches.
 */

import { unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { TuskError } from '@tusk/core';
import { afterAll, describe, expect, test, vi } from 'vitest';
import {
  CsvDtypeError,
  type CsvEngine,
  CsvFileChangedError,
  CsvFileNotFoundError,
  CsvGlobError,
  CsvParseError,
  CsvSchemaError,
  inferSchema,
  planCsv,
  readCsvBlock,
  readCsvBlockDetailed,
} from '../../../src/io/csv/index.js';
import { readAll, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const ENGINES: CsvEngine[] = ['papaparse', 'fast'];

/** The error `promise` rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

/** 1-based line of byte `offset` in `text` (ASCII fixtures). */
function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

describe('dtype conflicts in later partitions', () => {
  const rows = ['x,y,flag,day'];
  for (let i = 0; i < 40; i++) rows.push(`${i},${i * 2},true,2024-01-0${(i % 9) + 1}`);
  const base = rows.join('\n');

  test.each([
    ['y', '1,3.5,true,2024-01-01', 'int32', '3.5', 'float64'],
    ['y', '1,3000000000,true,2024-01-01', 'int32', '3000000000', 'int64'],
    ['y', '1,abc,true,2024-01-01', 'int32', 'abc', 'string'],
    ['flag', '1,2,maybe,2024-01-01', 'bool', 'maybe', 'string'],
    ['day', '1,2,true,2024-01-01T10:00:00', 'date', '2024-01-01T10:00:00', 'timestamp'],
  ])('column %s gets %j', async (column, badRow, dtype, value, suggested) => {
    const text = `${base}\n${badRow}\n41,82,false,2024-01-02\n`;
    const path = tmp.write(`dtype-${column}-${suggested}.csv`, text);
    const badOffset = base.length + 1;
    for (const engine of ENGINES) {
      const options = { engine, blocksize: 64, sample: 80 };
      const err = await rejection(readAll(path, options));
      expect(err).toBeInstanceOf(CsvDtypeError);
      expect(err).toBeInstanceOf(TuskError);
      expect(err).toMatchObject({
        path,
        column,
        value,
        dtype,
        suggested,
        inferred: true,
        byteOffset: badOffset,
      });
      expect(err.line).toBe(lineOf(text, badOffset));
      expect(err.message).toContain(`dtypes: { ${column}: '${suggested}' }`);
      // The suggested dtype fixes it.
      const fixed = await readAll(path, { ...options, dtypes: { [column]: suggested as never } });
      expect(fixed.rows.length).toBe(42);
    }
  });

  test('a declared dtype that does not fit says it was declared', async () => {
    const path = tmp.write('declared.csv', 'a\n1\nx\n');
    for (const engine of ENGINES) {
      const err = await rejection(readAll(path, { engine, dtypes: { a: 'int32' } }));
      expect(err).toMatchObject({ line: 3, column: 'a', inferred: false, suggested: 'string' });
      expect(err.message).toContain('was declared as int32');
    }
  });

  test('the line counts newlines inside quoted fields before the row', async () => {
    const text = 'a,b\n1,"x\ny\nz"\n2,"p\nq"\nbad,w\n';
    const path = tmp.write('lines.csv', text);
    for (const engine of ENGINES) {
      const err = await rejection(readAll(path, { engine, blocksize: 5, dtypes: { a: 'int32' } }));
      expect(err).toMatchObject({ line: 7, byteOffset: text.indexOf('bad'), value: 'bad' });
    }
  });
});

describe('malformed rows', () => {
  const text = ['a,b,c', '1,2,3', '4,5', '6,7,8', '9,10,11,12', '13,"x"y",14', '15,16,17', ''].join('\n');
  const bad = [
    { line: 3, reason: 'field-count', fields: 2 },
    { line: 5, reason: 'field-count', fields: 4 },
    { line: 6, reason: 'invalid-quote' },
  ];

  test("onBadLine: 'error' throws CsvParseError with the file and line", async () => {
    const path = tmp.write('bad.csv', text);
    for (const engine of ENGINES) {
      for (const blocksize of [null, 7]) {
        const err = await rejection(readAll(path, { engine, blocksize }));
        expect(err).toBeInstanceOf(CsvParseError);
        expect(err).toMatchObject({ path, line: 3, reason: 'field-count', fields: 2, expectedFields: 3 });
        expect(err.byteOffset).toBe(text.indexOf('4,5'));
        expect(err.message).toContain("onBadLine: 'skip'");
      }
    }
  });

  test("onBadLine: 'skip' drops them and reports where they were", async () => {
    const path = tmp.write('bad-skip.csv', text);
    for (const engine of ENGINES) {
      for (const blocksize of [null, 3, 7, 16]) {
        const { rows, badLines } = await readAll(path, { engine, blocksize, onBadLine: 'skip' });
        expect(rows).toEqual([
          [1, 2, 3],
          [6, 7, 8],
          [15, 16, 17],
        ]);
        expect(badLines).toMatchObject(bad);
      }
    }
  });

  test("onBadLine: 'warn' drops them with a warning each", async () => {
    const path = tmp.write('bad-warn.csv', text);
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      for (const engine of ENGINES) {
        spy.mockClear();
        const { rows } = await readAll(path, { engine, onBadLine: 'warn' });
        expect(rows.length).toBe(3);
        expect(spy).toHaveBeenCalledTimes(3);
        expect(String(spy.mock.calls[0][0])).toContain(`line 3 (byte ${text.indexOf('4,5')}) of '${path}'`);
        expect(spy.mock.calls[0][1]).toBe('CsvBadLineWarning');
      }
    } finally {
      spy.mockRestore();
    }
  });

  test('an unclosed quote is an error in every mode', async () => {
    const t = 'a,b\n1,2\n3,"never closed\n4,5\n';
    const path = tmp.write('unclosed.csv', t);
    for (const engine of ENGINES) {
      for (const onBadLine of ['error', 'skip'] as const) {
        const err = await rejection(readAll(path, { engine, onBadLine, blocksize: null }));
        expect(err).toBeInstanceOf(CsvParseError);
        expect(err).toMatchObject({ line: 3, reason: 'unclosed-quote', byteOffset: t.indexOf('3,"') });
      }
    }
  });
});

test('a row longer than maxRowBytes is reported as an unclosed quote where it starts', async () => {
  const t = `a,b\n1,2\n3,"${'x'.repeat(500)}\n4,5\n`;
  const path = tmp.write('long-row.csv', t);
  for (const engine of ENGINES) {
    const err = await rejection(readAll(path, { engine, blocksize: null, maxRowBytes: 128 }));
    expect(err).toMatchObject({ line: 3, reason: 'unclosed-quote', byteOffset: t.indexOf('3,"') });
  }
});

describe('files', () => {
  test('a missing file is named', () => {
    const path = `${tmp.dir}/nope.csv`;
    expect(() => planCsv(path)).toThrow(CsvFileNotFoundError);
    expect(() => planCsv(path)).toThrow(path);
    expect(() => inferSchema(path)).toThrow(CsvFileNotFoundError);
  });

  test('a glob matching nothing is an error naming the pattern', () => {
    const pattern = `${tmp.dir}/*.nothing`;
    expect(() => planCsv(pattern)).toThrow(CsvGlobError);
    expect(() => planCsv(pattern)).toThrow(pattern);
  });

  test('a file that vanishes after planning', async () => {
    const path = tmp.write('vanish.csv', 'a\n1\n');
    const schema = inferSchema(path);
    const plan = planCsv(path);
    unlinkSync(path);
    const err = await rejection(readCsvBlock({ ...plan.blocks[0], schema }));
    expect(err).toBeInstanceOf(CsvFileNotFoundError);
    expect(err.path).toBe(path);
    expect(err.message).toContain('vanished');
  });

  test('a file that changes after planning', async () => {
    const path = tmp.write('change.csv', 'a\n1\n');
    const schema = inferSchema(path);
    const plan = planCsv(path);
    writeFileSync(path, 'a\n1\n2\n');
    const err = await rejection(readCsvBlock({ ...plan.blocks[0], schema }));
    expect(err).toBeInstanceOf(CsvFileChangedError);
    expect(err).toMatchObject({ path, planned: { size: 4 }, actual: { size: 6 } });
    utimesSync(path, new Date(), new Date(plan.blocks[0].mtimeMs + 5000));
  });

  test('an empty file has no header to infer from', () => {
    const path = tmp.write('empty.csv', '');
    expect(() => inferSchema(path)).toThrow(CsvSchemaError);
    expect(inferSchema(path, { header: ['a', 'b'] }).names).toEqual(['a', 'b']);
  });

  test('files with a different header than the schema', async () => {
    const a = tmp.write('h1.csv', 'a,b\n1,2\n');
    const b = tmp.write('h2.csv', 'a,c\n1,2\n');
    const schema = inferSchema(a);
    const plan = planCsv([a, b]);
    await readCsvBlock({ ...plan.blocks[0], schema });
    const err = await rejection(readCsvBlock({ ...plan.blocks[1], schema }));
    expect(err).toBeInstanceOf(CsvSchemaError);
    expect(err.message).toContain('a, c');
  });

  test('CR-only line endings are refused', () => {
    const path = tmp.write('cr.csv', 'a,b\r1,2\r3,4\r');
    expect(() => inferSchema(path)).toThrow(/CR-only/);
  });

  test('readCsvBlockDetailed reports the byte range of the rows read', async () => {
    const text = 'a\n"1\n2"\n3\n';
    const path = tmp.write('range.csv', text);
    const schema = inferSchema(path, { dtypes: { a: 'string' } });
    // Byte 3 is inside the quoted "1\n2": the first row starting at or after it is '3' at byte 8.
    const inside = await readCsvBlockDetailed({ path, start: 3, end: 6, schema });
    expect([inside.rowStart, inside.rowEnd, inside.table.numRows]).toEqual([8, 8, 0]);
    const r = await readCsvBlockDetailed({ path, start: 3, end: 9, schema });
    expect([r.rowStart, r.rowEnd, r.table.numRows]).toEqual([8, 10, 1]);
  });
});
