/**
 * readCsvBlock against an independent reference: every fixture is cut into many tiny partitions
 * (blocksizes down to 1 byte), each partition is read on its own, and the concatenation must equal
 * the reference parser's rows — for both engines.
 */

import { afterAll, describe, expect, test } from 'vitest';
import {
  CsvBoundaryError,
  type CsvEngine,
  inferSchema,
  planCsv,
  readCsvBlock,
} from '../../../src/io/csv/index.js';
import {
  BOM_NO_FINAL_NEWLINE,
  COMMENTS,
  CRLF,
  CSV_IN_QUOTES,
  EMPTY_LINES,
  NULLS,
  QUOTING,
  randomCsv,
  UNICODE,
} from './fixtures.js';
import { allStrings, readAll, referenceParse, referenceValues, tableRows, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const ENGINES: CsvEngine[] = ['papaparse', 'fast'];
const BLOCKSIZES = [1, 2, 3, 5, 8, 13, 64, 100, 256, null];

/** Read `text` with every column as a string and compare with the reference, for every blocksize. */
async function expectMatchesReference(
  name: string,
  text: string,
  extra: { comment?: string; blocksizes?: (number | null)[] } = {},
): Promise<void> {
  const path = tmp.write(name, text);
  const ref = referenceParse(text, { comment: extra.comment });
  const [header, ...rows] = ref;
  const expected = referenceValues(rows);
  for (const engine of ENGINES) {
    for (const blocksize of extra.blocksizes ?? BLOCKSIZES) {
      const options = { engine, blocksize, comment: extra.comment, dtypes: allStrings(header) };
      const got = await readAll(path, options);
      expect(got.schema.names, `${name} ${engine} ${blocksize}`).toEqual(header);
      expect(got.rows, `${name} ${engine} blocksize ${blocksize}`).toEqual(expected);
    }
  }
}

describe('partitions concatenate to the reference rows', () => {
  test('quoting: embedded delimiters, newlines, escaped quotes, spaces after a closing quote', async () => {
    await expectMatchesReference('quoting.csv', QUOTING);
  });
  test('nulls', async () => {
    await expectMatchesReference('nulls.csv', NULLS);
  });
  test('CRLF rows, CRLF inside quotes', async () => {
    await expectMatchesReference('crlf.csv', CRLF);
  });
  test('BOM and no final newline', async () => {
    await expectMatchesReference('bom.csv', BOM_NO_FINAL_NEWLINE);
  });
  test('empty lines (before the header, between rows, at the end; inside quotes they are data)', async () => {
    await expectMatchesReference('empty-lines.csv', EMPTY_LINES);
  });
  test('comment lines', async () => {
    await expectMatchesReference('comments.csv', COMMENTS, { comment: '#' });
  });
  test('a quoted field whose text looks like rows', async () => {
    await expectMatchesReference('csv-in-quotes.csv', CSV_IN_QUOTES);
  });
  test('UTF-8 multi-byte characters at every offset (blocksize 1..64)', async () => {
    await expectMatchesReference('unicode.csv', UNICODE, {
      blocksizes: Array.from({ length: 64 }, (_, i) => i + 1),
    });
  });
  test('seeded random files (LF and CRLF)', async () => {
    for (const seed of [1, 2]) {
      await expectMatchesReference(`random-${seed}.csv`, randomCsv(seed, 50), {
        blocksizes: [7, 64, 200, null],
      });
      await expectMatchesReference(`random-crlf-${seed}.csv`, randomCsv(seed, 30, '\r\n'), {
        blocksizes: [16, 97],
      });
    }
  });
});

describe('typed columns across partitions', () => {
  test('ints, floats, bools, dates, timestamps, categories with nulls', async () => {
    const text = [
      'i,f,b,d,t,c',
      '1,1.5,true,2024-01-01,2024-01-01T00:00:00Z,red',
      '2,,False,2024-02-29,2024-01-01T01:30:00.250Z,blue',
      ',-2e3,TRUE,,2023-12-31T23:00:00-01:00,red',
      '-7,inf,,1970-01-01,,',
      '',
    ].join('\n');
    const path = tmp.write('typed.csv', text);
    for (const engine of ENGINES) {
      for (const blocksize of [1, 9, 30, null]) {
        const { rows, schema } = await readAll(path, { engine, blocksize });
        expect(schema.columns.map((c) => c.dtype)).toEqual([
          'int32',
          'float64',
          'bool',
          'date',
          'timestamp',
          'string',
        ]);
        const day = 86_400_000;
        expect(rows).toEqual([
          [1, 1.5, true, Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1), 'red'],
          [2, null, false, Date.UTC(2024, 1, 29), Date.UTC(2024, 0, 1, 1, 30, 0, 250), 'blue'],
          [null, -2000, true, null, Date.UTC(2024, 0, 1), 'red'],
          [-7, Infinity, null, 0 * day, null, null],
        ]);
      }
    }
  });

  test('category columns: one dictionary per partition, same values', async () => {
    const lines = ['k,v'];
    for (let i = 0; i < 200; i++) lines.push(`${['x', 'y', 'z'][i % 3]},${i}`);
    const path = tmp.write('cat.csv', `${lines.join('\n')}\n`);
    for (const engine of ENGINES) {
      const { rows, schema, tables } = await readAll(path, { engine, blocksize: 97 });
      expect(schema.columns[0].dtype).toBe('category');
      expect(rows.map((r) => r[0])).toEqual(lines.slice(1).map((l) => l.split(',')[0]));
      expect(String(tables[1].schema.fields[0].type)).toBe('Dictionary<Int32, Utf8>');
      expect(tables.every((t) => t.schema.fields[0].type.id === tables[0].schema.fields[0].type.id)).toBe(
        true,
      );
    }
  });

  test('int64 beyond 2^53 and negative values are exact', async () => {
    const text = 'a\n9223372036854775807\n-9223372036854775808\n-3\n4294967296\n';
    const path = tmp.write('int64.csv', text);
    for (const engine of ENGINES) {
      const { rows, schema } = await readAll(path, { engine, blocksize: 11 });
      expect(schema.columns[0].dtype).toBe('int64');
      expect(rows.map((r) => r[0])).toEqual([
        '9223372036854775807',
        '-9223372036854775808',
        '-3',
        '4294967296',
      ]);
    }
  });

  test('usecols, naValues, includePathColumn, delimiter, header names', async () => {
    const text = 'x;y;z\n1;-;a\n2;3;b\n';
    const path = tmp.write('opts.csv', text);
    for (const engine of ENGINES) {
      const options = {
        engine,
        blocksize: 4,
        delimiter: ';',
        usecols: ['z', 'y'],
        naValues: ['-'],
        includePathColumn: 'file',
      };
      const { rows, schema } = await readAll(path, options);
      expect(schema.columns.map((c) => c.name)).toEqual(['z', 'y']);
      expect(rows).toEqual([
        ['a', null, path],
        ['b', 3, path],
      ]);
      const named = await readAll(path, { engine, blocksize: 5, delimiter: ';', header: ['p', 'q', 'r'] });
      expect(named.schema.names).toEqual(['p', 'q', 'r']);
      expect(named.rows).toEqual([
        ['x', 'y', 'z'],
        ['1', '-', 'a'],
        ['2', '3', 'b'],
      ]);
    }
  });

  test('skipRows skips physical lines before the header, even with stray quotes', async () => {
    const text = 'junk "line\nmore junk,,,\na,b\n1,2\n';
    const path = tmp.write('skip.csv', text);
    for (const engine of ENGINES) {
      const { rows, schema } = await readAll(path, { engine, blocksize: 3, skipRows: 2 });
      expect(schema.names).toEqual(['a', 'b']);
      expect(rows).toEqual([[1, 2]]);
    }
  });
});

describe('zero-row partitions', () => {
  test('a header-only file gives zero rows with the schema', async () => {
    const path = tmp.write('header-only.csv', 'a,b,c\n');
    for (const engine of ENGINES) {
      const schema = inferSchema(path, { engine });
      expect(schema.columns.map((c) => c.dtype)).toEqual(['string', 'string', 'string']);
      const { rows, tables } = await readAll(path, { engine, blocksize: 2 }, schema);
      expect(rows).toEqual([]);
      expect(tables[0].schema.fields.map((f) => f.name)).toEqual(['a', 'b', 'c']);
      expect(tables.every((t) => t.numRows === 0)).toBe(true);
    }
  });

  test('an empty file gives one empty partition with the schema inferred elsewhere', async () => {
    const full = tmp.write('full.csv', 'a,b\n1,x\n');
    const empty = tmp.write('empty.csv', '');
    const schema = inferSchema(full);
    const plan = planCsv([full, empty]);
    expect(plan.blocks.map((b) => [b.start, b.end])).toEqual([
      [0, 8],
      [0, 0],
    ]);
    for (const engine of ENGINES) {
      const t = await readCsvBlock({ ...plan.blocks[1], schema, options: { engine } });
      expect(t.numRows).toBe(0);
      expect(t.schema.fields.map((f) => [f.name, String(f.type)])).toEqual([
        ['a', 'Int32'],
        ['b', 'Utf8'],
      ]);
    }
  });

  test('inferSchema skips empty files to find a header', async () => {
    const empty = tmp.write('empty2.csv', '');
    const full = tmp.write('full2.csv', 'a,b\n1,x\n');
    expect(inferSchema([empty, full]).names).toEqual(['a', 'b']);
  });
});

describe('row boundaries', () => {
  test('a tiny lookahead either reads the right rows or fails loudly — never wrong rows', async () => {
    const long = `id,payload,n\n1,"${'2,x,3\n'.repeat(30)}8,w,9",10\n11,v,12\n`;
    const path = tmp.write('long-quoted.csv', long);
    const expected = referenceValues(referenceParse(long).slice(1));
    let failures = 0;
    for (const engine of ENGINES) {
      for (const blocksize of [16, 40, 64, 100]) {
        const options = {
          engine,
          blocksize,
          boundaryLookahead: 64,
          dtypes: allStrings(['id', 'payload', 'n']),
        };
        try {
          const { rows } = await readAll(path, options);
          expect(rows).toEqual(expected);
        } catch (err) {
          expect(err).toBeInstanceOf(CsvBoundaryError);
          expect((err as CsvBoundaryError).path).toBe(path);
          failures++;
        }
      }
      // The default lookahead (1 MiB) resolves it.
      const { rows } = await readAll(path, {
        engine,
        blocksize: 16,
        dtypes: allStrings(['id', 'payload', 'n']),
      });
      expect(rows).toEqual(expected);
    }
    expect(failures).toBeGreaterThan(0);
  });

  test('undecidable starts (multi-line quoted first column) resolve by an exact scan from an anchor', async () => {
    const rows = ['note,n'];
    for (let i = 0; i < 120; i++) rows.push(`"line ${i}\nmore ${i}",${i}`);
    const text = `${rows.join('\n')}\n`;
    const path = tmp.write('first-col-multiline.csv', text);
    const expected = referenceParse(text)
      .slice(1)
      .map(([note, n]) => [note, Number(n)]);
    for (const engine of ENGINES) {
      for (const blocksize of [20, 50, 128]) {
        const { rows: got } = await readAll(path, { engine, blocksize, boundaryLookahead: 64 });
        expect(got).toEqual(expected);
      }
    }
  });

  test('a partition inside a long quoted field is empty; its neighbour reads the whole row', async () => {
    const text = `a,b\n1,"${'x'.repeat(300)}"\n2,y\n`;
    const path = tmp.write('one-long-row.csv', text);
    for (const engine of ENGINES) {
      const schema = inferSchema(path);
      const plan = planCsv(path, { blocksize: 50 });
      const counts = [];
      for (const b of plan.blocks)
        counts.push((await readCsvBlock({ ...b, schema, options: { engine } })).numRows);
      expect(counts[0]).toBe(1);
      expect(counts.slice(1, 6)).toEqual([0, 0, 0, 0, 0]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
    }
  });

  test('rows follow the file order across partitions', async () => {
    const lines = ['n'];
    for (let i = 0; i < 500; i++) lines.push(String(i));
    const path = tmp.write('order.csv', `${lines.join('\n')}\n`);
    for (const engine of ENGINES) {
      const { rows, partitions } = await readAll(path, { engine, blocksize: 37 });
      expect(partitions).toBeGreaterThan(50);
      expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 500 }, (_, i) => i));
    }
  });

  test('a block read on its own, out of order, gives the same rows', async () => {
    const path = tmp.write('alone.csv', QUOTING);
    const schema = inferSchema(path, { dtypes: allStrings(['id', 'text', 'n']) });
    const plan = planCsv(path, { blocksize: 30 });
    const forward = [];
    for (const b of plan.blocks) forward.push(tableRows(await readCsvBlock({ ...b, schema })));
    const backward = [];
    for (const b of [...plan.blocks].reverse())
      backward.unshift(tableRows(await readCsvBlock({ ...b, schema })));
    expect(backward).toEqual(forward);
  });
});
